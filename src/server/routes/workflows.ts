import type { z } from "zod";
import type { TicketService } from "../../service/ticket-service.js";
import {
  orchestrateWorkflow,
  type StepResult,
  stepDone,
  stepFail,
  stepProgress,
  stepSkip,
  stepStart,
  viewWorkflow,
  workflowOf,
} from "../../service/workflows.js";
import type { ApiRoutes } from "../api-routes.js";
import { httpError } from "../errors.js";
import { readBody, withEtag } from "../request.js";
import type { ServiceFor } from "../request-service.js";
import { OrchestrateBody, RunsSchema, StepBody, StepResultSchema, WorkflowViewSchema } from "../schemas.js";

type StepInput = z.output<typeof StepBody>;

const STEP_ACTIONS: Record<
  string,
  (service: TicketService, id: string, input: StepInput) => Promise<StepResult>
> = {
  start: (service, id, input) => stepStart(service, id, input.note),
  progress: (service, id, input) => {
    if (input.percent === undefined)
      throw httpError("INVALID_INPUT", 'progress needs "percent": 0–100', { field: "percent" });
    return stepProgress(service, id, input.percent, input.note);
  },
  done: (service, id, input) => stepDone(service, id, input.note),
  fail: (service, id, input) => {
    if (!input.note?.trim())
      throw httpError("INVALID_INPUT", 'fail needs "note": the reason the step failed', { field: "note" });
    return stepFail(service, id, input.note);
  },
  skip: (service, id, input) => stepSkip(service, id, input.note),
};

/** Agent workflows on a ticket and its steps, and the runs recorded on it. */
export function workflowRoutes(routes: ApiRoutes, serviceFor: ServiceFor): void {
  const workflows = routes.group("Workflows");
  workflows.get(
    "/tickets/:id/workflow",
    { summary: "A ticket's workflow: its steps and the one now due", response: WorkflowViewSchema },
    (c) => c.json(workflowOf(serviceFor(c), c.req.param("id") ?? "")),
  );
  workflows.post(
    "/tickets/:id/workflow",
    {
      summary: "Attach ordered agent steps to a ticket (orchestrate)",
      body: OrchestrateBody,
      response: WorkflowViewSchema,
    },
    async (c) => {
      const body = await readBody(c, OrchestrateBody);
      const ticket = await orchestrateWorkflow(serviceFor(c), c.req.param("id") ?? "", body.agents, {
        force: body.force,
      });
      withEtag(c, ticket);
      return c.json(viewWorkflow(ticket));
    },
  );
  workflows.post(
    "/tickets/:id/steps/:action",
    {
      summary: `Change the acting agent's step: ${Object.keys(STEP_ACTIONS).join(", ")}`,
      description:
        "The agent is the X-Trackdown-Agent header. `progress` needs `percent`; `fail` needs `note` (the reason).",
      body: StepBody,
      response: StepResultSchema,
    },
    async (c) => {
      const action = c.req.param("action") ?? "";
      const run = Object.hasOwn(STEP_ACTIONS, action) ? STEP_ACTIONS[action] : undefined;
      if (!run) {
        throw httpError(
          "INVALID_INPUT",
          `Unknown step action "${action}"; use ${Object.keys(STEP_ACTIONS).join(", ")}`,
          {
            value: action,
            accepted: Object.keys(STEP_ACTIONS),
          },
        );
      }
      const result = await run(serviceFor(c), c.req.param("id") ?? "", await readBody(c, StepBody));
      withEtag(c, result.ticket);
      return c.json(result);
    },
  );

  routes.group("Runs").get(
    "/tickets/:id/runs",
    {
      summary: "The runs recorded on a ticket (by `trackdown run`), oldest first",
      description: "Runs are recorded by the CLI where the command runs; the API never executes commands.",
      response: RunsSchema,
    },
    (c) => {
      const ticket = serviceFor(c).get(c.req.param("id") ?? "");
      return c.json({ id: ticket.id, runs: ticket.runs ?? [] });
    },
  );
}
