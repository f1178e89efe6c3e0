import { Hono } from "hono";
import { httpError } from "../errors.js";
import type { ServiceFor } from "../request-service.js";

/** Reads an integer query parameter, refusing anything else with the parameter's name. */
export function intParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw httpError("INVALID_INPUT", `${name} must be a whole number ≥ 0, not "${value}"`);
  return n;
}

/** The revision a write expects, from If-Match (quotes and W/ prefix tolerated). */
function ifMatch(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  return header.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
}

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw httpError("INVALID_INPUT", "Request body must be JSON");
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw httpError("INVALID_INPUT", "Request body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** `/api/tickets`: list (query language), get (ETag), create, patch (If-Match), delete, moves, comments. */
export function ticketRoutes(serviceFor: ServiceFor): Hono {
  const app = new Hono();

  app.get("/", (c) => {
    const result = serviceFor(c).list(c.req.query("q") ?? "", {
      sort: c.req.query("sort"),
      limit: intParam(c.req.query("limit"), "limit") ?? 100,
      offset: intParam(c.req.query("offset"), "offset"),
    });
    return c.json({ ...result, problems: serviceFor(c).problems() });
  });

  app.get("/:id", (c) => {
    const ticket = serviceFor(c).get(c.req.param("id"));
    c.header("ETag", `"${ticket.revision}"`);
    return c.json(ticket);
  });

  app.post("/", async (c) => {
    const ticket = await serviceFor(c).create((await jsonBody(c.req.raw)) as never);
    c.header("ETag", `"${ticket.revision}"`);
    return c.json(ticket, 201);
  });

  app.patch("/:id", async (c) => {
    const body = await jsonBody(c.req.raw);
    const { force, reason, ...changes } = body;
    const ticket = await serviceFor(c).update(c.req.param("id"), changes, {
      ifRevision: ifMatch(c.req.header("if-match")),
      force: force === true,
      reason: text(reason),
    });
    c.header("ETag", `"${ticket.revision}"`);
    return c.json(ticket);
  });

  app.delete("/:id", async (c) => {
    const ticket = await serviceFor(c).delete(c.req.param("id"), {
      ifRevision: ifMatch(c.req.header("if-match")),
    });
    return c.json({ id: ticket.id, path: ticket.path, deleted: true });
  });

  app.post("/:id/transition", async (c) => {
    const body = await jsonBody(c.req.raw);
    const status = text(body.status);
    if (!status) throw httpError("INVALID_INPUT", 'Body needs "status": the target status');
    const ticket = await serviceFor(c).transition(c.req.param("id"), status, {
      ifRevision: ifMatch(c.req.header("if-match")),
      force: body.force === true,
      reason: text(body.reason),
    });
    c.header("ETag", `"${ticket.revision}"`);
    return c.json(ticket);
  });

  app.post("/:id/comments", async (c) => {
    const body = await jsonBody(c.req.raw);
    const ticket = await serviceFor(c).comment(c.req.param("id"), text(body.text) ?? "", {
      ifRevision: ifMatch(c.req.header("if-match")),
    });
    c.header("ETag", `"${ticket.revision}"`);
    return c.json(ticket, 201);
  });

  for (const action of ["claim", "heartbeat", "release"] as const) {
    app.post(`/:id/${action}`, async (c) => c.json(await serviceFor(c)[action](c.req.param("id"))));
  }

  return app;
}
