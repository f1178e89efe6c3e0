import { Hono } from "hono";
import type { TicketService } from "../../service/ticket-service.js";
import type { EventHub } from "../event-hub.js";

export const SERVER_STARTED = Date.now();

/** `/health`: liveness and readiness, with what a probe or a person wants to see. */
export function healthRoutes(service: TicketService, hub: EventHub): Hono {
  const app = new Hono();
  app.get("/health", (c) => {
    const report = service.refresh();
    return c.json({
      status: "ok",
      version: process.env.npm_package_version ?? "unknown",
      uptime_s: Math.round((Date.now() - SERVER_STARTED) / 1000),
      tickets: service.project.index.ticketCount(),
      index: { fresh: true, refresh_ms: Number(report.durationMs.toFixed(1)) },
      sse_clients: hub.clients,
      events: hub.published,
    });
  });
  return app;
}
