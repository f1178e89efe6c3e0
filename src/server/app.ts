import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";
import { toTrackdownError } from "../core/errors.js";
import type { TicketService } from "../service/ticket-service.js";
import { ApiRoutes, type RouteSpec } from "./api-routes.js";
import { checkHostAndOrigin, requireToken, type TokenGrant } from "./auth.js";
import { errorResponse, httpError } from "./errors.js";
import type { EventHub } from "./event-hub.js";
import { InFlight } from "./in-flight.js";
import { type Logger, silentLogger } from "./logger.js";
import { Gauge, ServerMetrics } from "./metrics.js";
import { observeRequests } from "./observe.js";
import { Offload } from "./offload.js";
import { QueryCache } from "./query-cache.js";
import type { RegistryScheduler } from "./registry-scheduler.js";
import { AGENT_HEADER, requestService } from "./request-service.js";
import { docsRoutes } from "./routes/docs.js";
import { eventRoutes } from "./routes/events.js";
import { healthRoutes, type ServerFacts, statusRoutes, type WatchFacts } from "./routes/health.js";
import { planningRoutes } from "./routes/planning.js";
import { reportRoutes } from "./routes/reports.js";
import { staticRoutes } from "./routes/static.js";
import { type ListCaches, ticketRoutes } from "./routes/tickets.js";
import { timeRoutes } from "./routes/time.js";
import { workRoutes } from "./routes/work.js";
import { workflowRoutes } from "./routes/workflows.js";
import { queueTicketWrites } from "./ticket-queue.js";

export interface AppOptions {
  readonly service: TicketService;
  readonly hub: EventHub;
  readonly tokens?: readonly TokenGrant[];
  /** Host names this server answers to (DNS-rebinding defence); `*` accepts any. */
  readonly allowedHosts?: readonly string[];
  /** Browser origins allowed to call the API across sites (CORS stays off otherwise). */
  readonly allowedOrigins?: readonly string[];
  readonly bodyLimitBytes?: number;
  readonly logger?: Logger;
  readonly metrics?: ServerMetrics;
  readonly inFlight?: InFlight;
  /** The file watcher's state; absent when the server does not watch the files. */
  readonly watch?: () => WatchFacts;
  readonly started?: number;
  /** From this many tickets on, whole-project reports run in a child process (default 5000). */
  readonly offloadFrom?: number;
  /** The server's registry regeneration (a child process), used by /api/registry/sync and /api/status. */
  readonly registry?: Pick<RegistryScheduler, "state" | "syncNow">;
}

export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"];

const NO_WATCHER: WatchFacts = { enabled: false, alive: false, folders: 0, pending: 0, problems: 0 };

const SECURITY_HEADERS = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", "data:"],
    connectSrc: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xFrameOptions: "DENY",
  xContentTypeOptions: "nosniff",
});

/**
 * The HTTP app over the service: web-standard Request/Response only, so tests drive it with
 * `app.request()` and the Node adapter lives in start.ts. Every route is declared once in a
 * route table that also generates the OpenAPI document (`/api/openapi.json`).
 */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const log = options.logger ?? silentLogger();
  const facts: ServerFacts = {
    service: options.service,
    hub: options.hub,
    metrics: options.metrics ?? new ServerMetrics(),
    inFlight: options.inFlight ?? new InFlight(),
    watch: options.watch ?? (() => NO_WATCHER),
    started: options.started ?? Date.now(),
    roles: (options.tokens ?? []).map((t) => t.role),
    registry: options.registry && (() => options.registry?.state),
  };
  app.onError((error, c) => {
    const failure = toTrackdownError(error);
    if (failure.code === "INTERNAL") log.error({ err: error, path: c.req.path }, "internal error");
    return errorResponse(c, failure);
  });
  app.notFound((c) =>
    errorResponse(c, httpError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}; see /api/docs`)),
  );
  app.use(observeRequests(log, facts.metrics, facts.inFlight));
  app.use(checkHostAndOrigin(options.allowedHosts ?? LOOPBACK_HOSTS, options.allowedOrigins ?? []));
  if ((options.allowedOrigins ?? []).length > 0) app.use("/api/*", corsFor(options.allowedOrigins ?? []));
  app.use(SECURITY_HEADERS);
  const table: RouteSpec[] = [];
  const open = new ApiRoutes(app, "", table, "Operations");
  healthRoutes(open, facts);
  docsRoutes(open);
  app.route("/api", apiApp(options, facts, table));
  app.route("/", staticRoutes());
  return app;
}

/** Everything under /api but the docs: behind the token, with a body size limit. */
function apiApp(options: AppOptions, facts: ServerFacts, table: RouteSpec[]): Hono {
  const api = new Hono();
  api.use(requireToken(options.tokens ?? []));
  api.use(
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 2 * 1024 * 1024,
      onError: (c) => errorResponse(c, httpError("INVALID_INPUT", "Request body is too large", {}, 413)),
    }),
  );
  api.use(queueTicketWrites());
  const serviceFor = requestService(options.service);
  const lists = listCaches(options.service, options.hub, facts);
  const offload = new Offload(options.service, options.offloadFrom);
  const routes = new ApiRoutes(api, "/api", table);
  ticketRoutes(routes, serviceFor, lists);
  workRoutes(routes, serviceFor, lists);
  workflowRoutes(routes, serviceFor);
  planningRoutes(routes, serviceFor, offload);
  timeRoutes(routes, serviceFor, offload);
  reportRoutes(routes, serviceFor, offload, options.registry);
  eventRoutes(routes, options.hub);
  statusRoutes(routes, facts);
  return api;
}

/** Events after which files may have become readable or unreadable (the service never does that). */
const FILE_EVENTS = new Set(["file-changed", "problem", "reset", "config-changed"]);

/**
 * The caches behind list and search: answers until anything changes; the unreadable files
 * (a scan of the whole index) until a file changes outside the server — kept only while the
 * watcher is alive to say so.
 */
function listCaches(service: TicketService, hub: EventHub, facts: ServerFacts): ListCaches {
  const queries = new QueryCache();
  const totals = new QueryCache();
  const problems = new QueryCache(60_000, 1);
  const clear = () => {
    queries.clear();
    totals.clear();
  };
  service.on(clear);
  hub.observe((message) => {
    clear();
    if (FILE_EVENTS.has(message.event)) problems.clear();
  });
  facts.metrics.registry.add(
    new Gauge(
      "trackdown_query_cache_total",
      "List and search queries answered from the cache (hit) or the index (miss)",
      () => [
        [{ result: "hit" }, queries.hits],
        [{ result: "miss" }, queries.misses],
      ],
      "counter",
    ),
  );
  return {
    queries,
    totals,
    problems: () =>
      facts.watch().alive ? problems.get("all", () => service.problems()) : service.problems(),
  };
}

function corsFor(origins: readonly string[]) {
  return cors({
    origin: [...origins],
    allowMethods: ["GET", "POST", "PATCH", "DELETE"],
    allowHeaders: [
      "Authorization",
      "Content-Type",
      "If-Match",
      "If-None-Match",
      "Last-Event-ID",
      AGENT_HEADER,
    ],
    exposeHeaders: ["ETag"],
    maxAge: 600,
  });
}
