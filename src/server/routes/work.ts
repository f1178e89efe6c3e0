import type { ApiRoutes } from "../api-routes.js";
import { httpError } from "../errors.js";
import { readBody, withEtag } from "../request.js";
import type { ServiceFor } from "../request-service.js";
import { NextBody, NextResultSchema, TicketListSchema, TicketSchema } from "../schemas.js";
import { type ListCaches, listTickets } from "./tickets.js";

const CLAIM_ACTIONS = {
  claim: "Claim a ready ticket for the acting agent (X-Trackdown-Agent), with a lease",
  heartbeat: "Renew the acting agent's lease on its claim",
  release: "Give the acting agent's claim back; the ticket returns to the ready queue",
} as const;

/** The ready queue and claims (`/api/next`, `/api/tickets/:id/claim|heartbeat|release`), and search. */
export function workRoutes(routes: ApiRoutes, serviceFor: ServiceFor, caches: ListCaches): void {
  const claims = routes.group("Claims");
  claims.get(
    "/next",
    {
      summary: "The best ready ticket (open, unclaimed, dependencies done)",
      query: [{ name: "q", description: "Narrow the queue with the query language" }],
      response: NextResultSchema,
    },
    async (c) => c.json(await serviceFor(c).next({ query: c.req.query("q") })),
  );
  claims.post(
    "/next",
    {
      summary: "The best ready ticket, claimed atomically with `claim: true`",
      body: NextBody,
      response: NextResultSchema,
    },
    async (c) => {
      const body = await readBody(c, NextBody);
      return c.json(await serviceFor(c).next({ query: body.query, claim: body.claim }));
    },
  );
  for (const [action, summary] of Object.entries(CLAIM_ACTIONS)) {
    claims.post(`/tickets/:id/${action}`, { summary, response: TicketSchema }, async (c) => {
      const service = serviceFor(c);
      const id = c.req.param("id") ?? "";
      const ticket = await (action === "claim"
        ? service.claim(id)
        : action === "heartbeat"
          ? service.heartbeat(id)
          : service.release(id));
      withEtag(c, ticket);
      return c.json(ticket);
    });
  }

  routes.group("Search").get(
    "/search",
    {
      summary: "Full-text search (titles, bodies, comments), best match first; qualifiers allowed",
      query: [
        { name: "q", description: 'Words, "phrases", -excluded words and qualifiers', required: true },
        { name: "limit", description: "At most this many (default 50)", type: "integer" },
        { name: "offset", description: "Skip this many matches first", type: "integer" },
      ],
      response: TicketListSchema,
    },
    (c) => {
      if ((c.req.query("q") ?? "").trim() === "") {
        throw httpError("INVALID_INPUT", "search needs q: at least one word", { parameter: "q" });
      }
      return listTickets(c, serviceFor, caches, { limit: 50 });
    },
  );
}
