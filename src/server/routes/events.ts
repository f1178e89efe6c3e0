import { streamSSE } from "hono/streaming";
import type { ApiRoutes } from "../api-routes.js";
import type { EventHub, HubMessage } from "../event-hub.js";

/** How often an idle stream gets a comment line, so proxies and clients know it is alive. */
export const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/events`: Server-Sent Events for every service event, with IDs. A client that
 * reconnects with Last-Event-ID gets what it missed, or a `reset` event when that is no longer
 * possible (server restarted, or too far behind) so it reloads.
 */
export function eventRoutes(routes: ApiRoutes, hub: EventHub): void {
  const spec = {
    summary: "Server-Sent Events: every change, with IDs, Last-Event-ID replay and heartbeats",
    description:
      "Events: hello, created, updated, transitioned, commented, claimed, released, deleted, imported, archived, unarchived, workflow-step, agent-run (changes made through Trackdown); file-changed and problem (ticket files changed outside this server); config-changed; reset (reload: replay impossible or many files changed). Resume with the Last-Event-ID header or ?lastEventId=; EventSource may pass the token as ?token=.",
    stream: true,
    query: [
      { name: "lastEventId", description: "Resume after this event ID (as the Last-Event-ID header)" },
      { name: "token", description: "The bearer token, for clients that cannot send headers (EventSource)" },
    ],
  };
  routes.group("Events").get("/events", spec, (c) =>
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
}
