import { z } from "zod";
import type { TicketService } from "../../service/ticket-service.js";
import type { ApiRoutes } from "../api-routes.js";
import type { EventHub } from "../event-hub.js";
import type { InFlight } from "../in-flight.js";
import { Gauge, type ServerMetrics } from "../metrics.js";
import { packageVersion } from "../version.js";

/** What the file watcher reports for readiness. */
export interface WatchFacts {
  /** Whether the server watches the files at all. */
  readonly enabled: boolean;
  readonly alive: boolean;
  readonly folders: number;
  /** Changes seen and not yet applied to the index. */
  readonly pending: number;
  /** Ticket files that cannot be read right now. */
  readonly problems: number;
  readonly last_applied?: { at: string; files: number; ms: number } | undefined;
}

export interface ServerFacts {
  readonly service: TicketService;
  readonly hub: EventHub;
  readonly metrics: ServerMetrics;
  readonly inFlight: InFlight;
  readonly watch: () => WatchFacts;
  readonly started: number;
  readonly roles: readonly string[];
  /** The registry's regeneration by the server, when it does that. */
  readonly registry?: (() => unknown) | undefined;
}

const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  ready: z.boolean(),
  version: z.string(),
  uptime_s: z.number(),
  tickets: z.number().int(),
  index: z.object({ fresh: z.boolean() }),
  watcher: z.looseObject({ enabled: z.boolean(), alive: z.boolean(), pending: z.number().int() }),
  sse_clients: z.number().int(),
  events: z.number().int(),
});

/** Ready: the index is fresh, which needs a live watcher with nothing left to apply (or no watcher). */
function readiness(facts: ServerFacts) {
  const watch = facts.watch();
  const fresh = !watch.enabled || (watch.alive && watch.pending === 0);
  return { watch, fresh, ready: fresh && !facts.hub.closed };
}

function health(facts: ServerFacts): z.infer<typeof HealthSchema> {
  const { watch, fresh, ready } = readiness(facts);
  facts.service.refresh();
  return {
    status: ready ? "ok" : "degraded",
    ready,
    version: packageVersion(),
    uptime_s: Math.round((Date.now() - facts.started) / 1000),
    tickets: facts.service.project.index.ticketCount(),
    index: { fresh },
    watcher: { ...watch },
    sse_clients: facts.hub.clients,
    events: facts.hub.published,
  };
}

/** `/health` (liveness and readiness), `/health/ready` and `/metrics`: open, for probes and scrapers. */
export function healthRoutes(routes: ApiRoutes, facts: ServerFacts): void {
  registerGauges(facts);
  const ops = routes.group("Operations");
  ops.get(
    "/health",
    {
      summary: "Liveness (200 while serving) with readiness facts: index fresh, watcher, version, tickets",
      open: true,
      response: HealthSchema,
    },
    (c) => c.json(health(facts)),
  );
  ops.get(
    "/health/ready",
    {
      summary: "Readiness: 200 when the index is fresh and the watcher alive, else 503",
      open: true,
      response: HealthSchema,
    },
    (c) => {
      const report = health(facts);
      return c.json(report, report.ready ? 200 : 503);
    },
  );
  ops.get(
    "/metrics",
    { summary: "Prometheus metrics (text exposition format 0.0.4)", open: true, contentType: "text/plain" },
    (c) => {
      c.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      return c.body(facts.metrics.registry.render());
    },
  );
}

/** Gauges read at scrape time: nothing is sampled while no one asks. */
function registerGauges(facts: ServerFacts): void {
  const { metrics, hub, service } = facts;
  const registry = metrics.registry;
  registry.add(
    new Gauge("trackdown_tickets", 'Tickets by status (archived tickets under status="archived")', () => {
      const statuses = Object.keys(service.project.config.statuses);
      const counts = statuses.map(
        (status) => [{ status }, service.list(`status:${status}`, { limit: 0 }).total] as const,
      );
      return [...counts, [{ status: "archived" }, service.list("is:archived", { limit: 0 }).total] as const];
    }),
  );
  registry.add(
    new Gauge("trackdown_sse_clients", "Clients connected to the live event stream", () => [
      [{}, hub.clients],
    ]),
  );
  registry.add(
    new Gauge(
      "trackdown_events_published_total",
      "Events published to the live stream, by type",
      () => [...hub.counts].map(([type, n]) => [{ type }, n] as const),
      "counter",
    ),
  );
  registry.add(
    new Gauge("trackdown_watcher_up", "1 when the file watcher is live (or not enabled), else 0", () => {
      const watch = facts.watch();
      return [[{}, !watch.enabled || watch.alive ? 1 : 0]];
    }),
  );
  registry.add(
    new Gauge("trackdown_requests_in_flight", "Requests being answered", () => [[{}, facts.inFlight.size]]),
  );
  registry.add(
    new Gauge("process_resident_memory_bytes", "Resident memory size in bytes", () => [
      [{}, process.memoryUsage.rss()],
    ]),
  );
  registry.add(
    new Gauge("process_start_time_seconds", "Start time of the process since the Unix epoch", () => [
      [{}, Math.round(facts.started / 1000)],
    ]),
  );
}

/** `/api/status`: the server itself, behind the token. */
export function statusRoutes(routes: ApiRoutes, facts: ServerFacts): void {
  const ops = routes.group("Operations");
  ops.get(
    "/status",
    {
      summary: "The server: version, project, uptime, auth, watcher, clients, requests in flight",
      response: z.looseObject({}),
    },
    (c) => {
      const { service } = facts;
      return c.json({
        ...health(facts),
        project: { name: service.project.config.project, root: service.project.paths.root },
        agent: service.actor,
        auth: { tokens: facts.roles.length, roles: [...new Set(facts.roles)] },
        registry: facts.registry?.() ?? { auto: service.project.config.registry.auto },
        in_flight: facts.inFlight.size,
        node: process.version,
        pid: process.pid,
        memory_rss_bytes: process.memoryUsage.rss(),
      });
    },
  );
}
