import type { Context } from "hono";
import type { ApiRoutes, ParamSpec } from "../api-routes.js";
import type { QueryCache } from "../query-cache.js";
import { ifMatch, intParam, readBody, withEtag } from "../request.js";
import type { ServiceFor } from "../request-service.js";
import {
  CommentBody,
  CreateBody,
  DeletedSchema,
  PatchBody,
  TicketDetailSchema,
  TicketListSchema,
  TicketResultSchema,
  TicketSchema,
  TransitionBody,
} from "../schemas.js";

export const MAX_PAGE = 10_000;

export const LIST_PARAMS: readonly ParamSpec[] = [
  { name: "q", description: "A query of the query language, e.g. `status:open tag:api`; empty: all" },
  { name: "sort", description: "Sort keys, e.g. `priority,-updated`" },
  {
    name: "limit",
    description: `At most this many tickets (default 100, at most ${MAX_PAGE})`,
    type: "integer",
  },
  { name: "offset", description: "Skip this many matches first", type: "integer" },
];

export interface ListCaches {
  readonly queries: QueryCache;
  /** The number of matches of a filter, shared by its pages (and by its sort orders). */
  readonly totals: QueryCache;
  readonly problems: () => { path: string; error: string }[];
}

/**
 * A page of tickets matching `q`, with the files that cannot be read, as the JSON response.
 * Answers are shared through the cache until something changes (at 100k tickets a query can take
 * tens of milliseconds); the cache keeps the serialised text, so a repeated query costs no work,
 * and the total of matches, so the next page of a query costs only its own rows.
 */
export function listTickets(
  c: Context,
  serviceFor: ServiceFor,
  caches: ListCaches,
  defaults: { q?: string; limit: number },
): Response {
  const q = c.req.query("q") ?? defaults.q ?? "";
  const sort = c.req.query("sort");
  const limit = intParam(c.req.query("limit"), "limit", MAX_PAGE) ?? defaults.limit;
  const offset = intParam(c.req.query("offset"), "offset");
  // The total is shared by every page of the filter: paging on costs one page, not a recount.
  const memoTotal = (key: string, count: () => number) => caches.totals.get(key, count);
  const text = caches.queries.get(JSON.stringify([q, sort, limit, offset]), () =>
    JSON.stringify({
      ...serviceFor(c).list(q, { sort, limit, offset, memoTotal }),
      problems: caches.problems(),
    }),
  );
  return c.body(text, 200, { "Content-Type": "application/json" });
}

/** `/api/tickets`: list (query language), get (ETag), create, patch and delete (If-Match), moves, comments. */
export function ticketRoutes(routes: ApiRoutes, serviceFor: ServiceFor, caches: ListCaches): void {
  readRoutes(routes, serviceFor, caches);
  writeRoutes(routes, serviceFor);
  changeRoutes(routes, serviceFor);
}

function readRoutes(routes: ApiRoutes, serviceFor: ServiceFor, caches: ListCaches): void {
  routes.get(
    "/tickets",
    { summary: "List tickets matching a query", query: LIST_PARAMS, response: TicketListSchema },
    (c) => listTickets(c, serviceFor, caches, { limit: 100 }),
  );

  routes.get(
    "/tickets/:id",
    {
      summary: "Read one ticket: fields, body, criteria and activity; the ETag is its revision",
      description: "An ID or any unique prefix. `If-None-Match` with the current revision answers 304.",
      response: TicketDetailSchema,
    },
    (c) => {
      const ticket = serviceFor(c).get(c.req.param("id") ?? "");
      withEtag(c, ticket);
      const known = c.req.header("if-none-match")?.replace(/^W\//, "").replace(/"/g, "");
      if (known === ticket.revision) return c.body(null, 304);
      return c.json(ticket);
    },
  );
}

/** Create, patch and delete. */
function writeRoutes(routes: ApiRoutes, serviceFor: ServiceFor): void {
  routes.post(
    "/tickets",
    { summary: "Create a ticket", body: CreateBody, response: TicketSchema, status: 201 },
    async (c) => {
      const ticket = await serviceFor(c).create(await readBody(c, CreateBody));
      withEtag(c, ticket);
      return c.json(ticket, 201);
    },
  );

  routes.patch(
    "/tickets/:id",
    {
      summary: "Change fields; a status change runs the transition rules and gates",
      body: PatchBody,
      response: TicketResultSchema,
      ifMatch: true,
    },
    async (c) => {
      const { force, reason, ...changes } = await readBody(c, PatchBody);
      const ticket = await serviceFor(c).update(c.req.param("id") ?? "", changes, {
        ifRevision: ifMatch(c),
        force,
        reason,
      });
      withEtag(c, ticket);
      return c.json(ticket);
    },
  );

  routes.delete(
    "/tickets/:id",
    { summary: "Delete a ticket's file", response: DeletedSchema, ifMatch: true },
    async (c) => {
      const ticket = await serviceFor(c).delete(c.req.param("id") ?? "", { ifRevision: ifMatch(c) });
      return c.json({ id: ticket.id, path: ticket.path, deleted: true });
    },
  );
}

/** Moves and comments. */
function changeRoutes(routes: ApiRoutes, serviceFor: ServiceFor): void {
  routes.post(
    "/tickets/:id/transition",
    {
      summary: "Move a ticket to another status (gates apply unless forced)",
      body: TransitionBody,
      response: TicketResultSchema,
      ifMatch: true,
    },
    async (c) => {
      const body = await readBody(c, TransitionBody);
      const ticket = await serviceFor(c).transition(c.req.param("id") ?? "", body.status, {
        ifRevision: ifMatch(c),
        force: body.force,
        reason: body.reason,
      });
      withEtag(c, ticket);
      return c.json(ticket);
    },
  );

  routes.post(
    "/tickets/:id/comments",
    {
      summary: "Append a comment to the activity log",
      body: CommentBody,
      response: TicketSchema,
      status: 201,
      ifMatch: true,
    },
    async (c) => {
      const body = await readBody(c, CommentBody);
      const ticket = await serviceFor(c).comment(c.req.param("id") ?? "", body.text, {
        ifRevision: ifMatch(c),
      });
      withEtag(c, ticket);
      return c.json(ticket, 201);
    },
  );
}
