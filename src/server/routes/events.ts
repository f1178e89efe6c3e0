import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { EventHub, HubMessage } from "../event-hub.js";

/** How often an idle stream gets a comment line, so proxies and clients know it is alive. */
export const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/events`: Server-Sent Events for every service event, with IDs. A client that
 * reconnects with Last-Event-ID gets what it missed, or a `reset` event when that is no longer
 * possible (server restarted, or too far behind) so it reloads.
 */
export function eventRoutes(hub: EventHub): Hono {
  const app = new Hono();
  app.get("/", (c) =>
    streamSSE(c, async (stream) => {
      const queue: HubMessage[] = [];
      let wake: (() => void) | undefined;
      const unsubscribe = hub.subscribe((message) => {
        queue.push(message);
        wake?.();
      });
      const lastId = c.req.header("last-event-id") ?? c.req.query("lastEventId");
      if (lastId) {
        const missed = hub.since(lastId);
        if (missed) queue.unshift(...missed);
        else
          await stream.writeSSE({
            event: "reset",
            data: JSON.stringify({ reason: "cannot replay from that ID" }),
          });
      }
      await stream.writeSSE({ event: "hello", data: JSON.stringify({ boot: hub.boot }), retry: 1000 });
      const heartbeat = setInterval(() => wake?.(), HEARTBEAT_MS);
      const unClose = hub.onClose(() => wake?.());
      stream.onAbort(() => {
        unsubscribe();
        clearInterval(heartbeat);
        wake?.();
      });
      while (!stream.aborted && !hub.closed) {
        const message = queue.shift();
        if (message) {
          await stream.writeSSE({ id: message.id, event: message.event, data: message.data });
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        if (queue.length === 0 && !stream.aborted && !hub.closed) await stream.write(": heartbeat\n\n");
      }
      unsubscribe();
      unClose();
      clearInterval(heartbeat);
    }),
  );
  return app;
}
