import { Hono } from "hono";
import type { ServiceFor } from "../request-service.js";

/** The ready queue: `POST /api/next` (body `{ query?, claim? }`) and `GET /api/next?q=`. */
export function workRoutes(serviceFor: ServiceFor): Hono {
  const app = new Hono();
  app.get("/next", async (c) => c.json(await serviceFor(c).next({ query: c.req.query("q") })));
  app.post("/next", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { query?: unknown; claim?: unknown };
    const query = typeof body.query === "string" ? body.query : undefined;
    return c.json(await serviceFor(c).next({ query, claim: body.claim === true }));
  });
  app.get("/search", (c) => {
    const q = c.req.query("q") ?? "";
    return c.json(serviceFor(c).list(q, { limit: 50 }));
  });
  return app;
}
