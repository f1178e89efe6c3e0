import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { InFlight } from "./in-flight.js";
import type { Logger } from "./logger.js";
import type { ServerMetrics } from "./metrics.js";

/**
 * The route pattern a request matched (`/api/tickets/:id`), so metrics do not explode per ID;
 * the dashboard's files (a catch-all route) are `static`, and a request no route took `unmatched`.
 */
function routeOf(c: Parameters<MiddlewareHandler>[0]): string {
  const pattern = routePath(c);
  if (!pattern.endsWith("*")) return pattern;
  return c.res.status === 404 || c.req.path.startsWith("/api/") ? "unmatched" : "static";
}

/**
 * One log line and one latency observation per request (method, path, status, ms). Requests are
 * tracked while they run, except live streams, which run until the client leaves.
 */
export function observeRequests(log: Logger, metrics: ServerMetrics, inFlight: InFlight): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    const streaming = c.req.path === "/api/events";
    if (streaming) await next();
    else await inFlight.track(next());
    const ms = performance.now() - started;
    const route = routeOf(c);
    const { method } = c.req;
    const status = c.res.status;
    metrics.requests.inc({ method, route, status: String(status) });
    if (!streaming) metrics.latency.observe(ms / 1000, { method, route });
    const line = { method, path: c.req.path, route, status, ms: Number(ms.toFixed(1)) };
    if (status >= 500) log.error(line, "request failed");
    else log.info(line, "request");
  };
}
