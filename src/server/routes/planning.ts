import { z } from "zod";
import { runBatch } from "../../service/batch.js";
import { UpdateInputSchema } from "../../service/inputs.js";
import { ticketTree } from "../../service/relations-tree.js";
import { closeSprint, createSprint, listSprints, showSprint } from "../../service/sprints.js";
import type { ApiRoutes } from "../api-routes.js";
import type { Offload } from "../offload.js";
import { readBody } from "../request.js";
import type { ServiceFor } from "../request-service.js";
import { looseArray, looseObject, TicketSummarySchema } from "../schemas.js";

export const SprintBody = z
  .object({
    name: z.string().min(1).describe("Letters, digits, dot, dash, underscore; e.g. 2026-S03"),
    start: z.string().min(1).describe("First day, YYYY-MM-DD"),
    end: z.string().min(1).describe("Last day, YYYY-MM-DD"),
    goal: z.string().optional(),
  })
  .strict();
export const CloseSprintBody = z
  .object({ carry_over_to: z.string().min(1).optional().describe("Move unfinished tickets to this sprint") })
  .strict();

export const BatchBody = z
  .object({
    query: z.string().min(1).describe("Which tickets, in the query language"),
    updates: UpdateInputSchema.strict().describe("The update applied to every matching ticket"),
    force: z.boolean().optional().describe("Override the workflow and gates on a status change"),
    reason: z.string().optional().describe("Why (recorded on every ticket)"),
    dry_run: z.boolean().optional().describe("Show what would change; write nothing"),
  })
  .strict();

const RelationsSchema = z.object({
  id: z.string(),
  parent: z.string().optional(),
  duplicate_of: z.string().optional(),
  depends_on: z.array(z.string()),
  blocks: z.array(z.string()),
  related: z.array(z.string()),
  referenced_by: z.array(TicketSummarySchema).describe("Tickets pointing at this one through any relation"),
});

/** Relations (tree, links), batch updates and sprints. Links change through `PATCH /api/tickets/:id`. */
export function planningRoutes(routes: ApiRoutes, serviceFor: ServiceFor, offload: Offload): void {
  relationRoutes(routes, serviceFor, offload);
  batchRoutes(routes, serviceFor);
  sprintRoutes(routes, serviceFor);
}

function relationRoutes(routes: ApiRoutes, serviceFor: ServiceFor, offload: Offload): void {
  const relations = routes.group("Relations");
  relations.get(
    "/tree",
    {
      summary: "The hierarchy under every top-level ticket with children, progress rolled up",
      response: looseArray("TreeNode[]: ticket, children, progress and time rolled up from the leaves"),
    },
    async (c) => c.json(await offload.run({ task: "tree" }, () => ticketTree(serviceFor(c).project))),
  );
  relations.get(
    "/tickets/:id/tree",
    { summary: "The hierarchy under one ticket", response: looseArray("TreeNode[] (one root)") },
    async (c) => {
      const id = c.req.param("id") ?? "";
      return c.json(await offload.run({ task: "tree", id }, () => ticketTree(serviceFor(c).project, id)));
    },
  );
  relations.get(
    "/tickets/:id/relations",
    {
      summary: "A ticket's links and the tickets that point at it",
      description:
        'Change links with PATCH /api/tickets/{id}, e.g. `{ "depends_on": { "add": ["TSK-1a2b"] } }`.',
      response: RelationsSchema,
    },
    (c) => {
      const service = serviceFor(c);
      const ticket = service.get(c.req.param("id") ?? "");
      const { id, parent, duplicate_of, depends_on, blocks, related } = ticket;
      return c.json({
        id,
        parent,
        duplicate_of,
        depends_on,
        blocks,
        related,
        referenced_by: service.referencing(id),
      });
    },
  );
}

function batchRoutes(routes: ApiRoutes, serviceFor: ServiceFor): void {
  routes.group("Batch").post(
    "/batch",
    {
      summary: "One update applied to every ticket a query matches, all or nothing",
      description:
        "Every change is planned and checked first; any refusal writes nothing (listed in `refused` with dry_run). The result lists tickets by ID, not whole.",
      body: BatchBody,
      response: looseObject(
        "BatchResult without tickets: matched, changed (field before → after), unchanged, refused, written",
      ),
    },
    async (c) => {
      const body = await readBody(c, BatchBody);
      const service = serviceFor(c);
      const { tickets: _tickets, ...result } = await runBatch(
        service.context,
        (q) => service.list(q).tickets,
        {
          query: body.query,
          updates: body.updates,
          options: { force: body.force, reason: body.reason },
          dryRun: body.dry_run,
        },
      );
      return c.json(result);
    },
  );
}

function sprintRoutes(routes: ApiRoutes, serviceFor: ServiceFor): void {
  const sprints = routes.group("Sprints");
  sprints.get(
    "/sprints",
    { summary: "Every sprint with its state and ticket counts", response: looseArray("SprintSummary[]") },
    (c) => c.json(listSprints(serviceFor(c).context)),
  );
  sprints.get(
    "/sprints/:name",
    { summary: "One sprint with its member tickets", response: looseObject("SprintDetail") },
    (c) => c.json(showSprint(serviceFor(c).context, c.req.param("name") ?? "")),
  );
  sprints.post(
    "/sprints",
    { summary: "Create a sprint", body: SprintBody, response: looseObject("Sprint"), status: 201 },
    async (c) => c.json(await createSprint(serviceFor(c).context, await readBody(c, SprintBody)), 201),
  );
  sprints.post(
    "/sprints/:name/close",
    {
      summary: "Close a sprint, optionally carrying unfinished tickets over to another",
      body: CloseSprintBody,
      response: looseObject("{ sprint, unfinished, carried }"),
    },
    async (c) => {
      const body = await readBody(c, CloseSprintBody);
      const result = await closeSprint(serviceFor(c).context, c.req.param("name") ?? "", {
        carryOverTo: body.carry_over_to,
      });
      return c.json(result);
    },
  );
}
