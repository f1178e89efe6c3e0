import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import type { TicketService } from "../service/ticket-service.js";
import { checkHostAndOrigin, requireToken, type TokenGrant } from "./auth.js";
import { errorResponse, httpError } from "./errors.js";
import type { EventHub } from "./event-hub.js";
import { requestService } from "./request-service.js";
import { eventRoutes } from "./routes/events.js";
import { healthRoutes } from "./routes/health.js";
import { ticketRoutes } from "./routes/tickets.js";
import { workRoutes } from "./routes/work.js";

export interface AppOptions {
  readonly service: TicketService;
  readonly hub: EventHub;
  readonly tokens?: readonly TokenGrant[];
  /** Host names this server answers to (DNS-rebinding defence). */
  readonly allowedHosts?: readonly string[];
  /** Extra browser origins allowed to call the API (CORS stays off otherwise). */
  readonly allowedOrigins?: readonly string[];
  readonly bodyLimitBytes?: number;
}

export const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "::1"];

/**
 * The HTTP app over the service: web-standard Request/Response only, so tests drive it with
 * `app.request()` and the Node adapter lives in start.ts.
 */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  app.onError((error, c) => errorResponse(c, error));
  app.notFound((c) => errorResponse(c, httpError("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`)));
  app.use(checkHostAndOrigin(options.allowedHosts ?? LOOPBACK_HOSTS, options.allowedOrigins ?? []));
  app.use(
    secureHeaders({
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
    }),
  );
  app.route("/", healthRoutes(options.service, options.hub));
  const api = new Hono();
  api.use(requireToken(options.tokens ?? []));
  api.use(
    bodyLimit({
      maxSize: options.bodyLimitBytes ?? 2 * 1024 * 1024,
      onError: (c) => errorResponse(c, httpError("INVALID_INPUT", "Request body is too large")),
    }),
  );
  const serviceFor = requestService(options.service);
  api.route("/tickets", ticketRoutes(serviceFor));
  api.route("/", workRoutes(serviceFor));
  api.route("/events", eventRoutes(options.hub));
  app.route("/api", api);
  return app;
}
