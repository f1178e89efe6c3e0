import type { Ticket, WorkflowStep } from "../core/schema.js";
import { sameAgent } from "../core/workflow-steps.js";
import type { TicketService } from "../service/ticket-service.js";
import {
  type StepResult,
  stepDone,
  stepFail,
  stepProgress,
  stepStart,
  viewWorkflow,
} from "../service/workflows.js";
import { agentTicket, statusOf } from "./agent-ticket.js";

/**
 * What `progress`, `complete` and `fail` do. A ticket with a workflow step for this agent is
 * worked through the step calls (the last step done completes the ticket; a failed step blocks
 * it); any other ticket through comments and plain transitions. Either way the agent's claim is
 * renewed while it works and given back when it fails.
 */

export interface WorkResult {
  readonly ticket: Ticket;
  /** The workflow step that changed (1-based number), when the ticket has one for this agent. */
  readonly step?: { readonly number: number; readonly state: WorkflowStep } | undefined;
}

const fromStep = (result: StepResult): WorkResult => ({
  ticket: result.ticket,
  step: { number: result.step, state: result.state },
});

export interface ProgressInput {
  readonly id?: string | undefined;
  readonly percent: number;
  readonly note?: string | undefined;
}

export async function reportProgress(service: TicketService, input: ProgressInput): Promise<WorkResult> {
  const id = agentTicket(service, input.id);
  const note = input.note?.trim() || undefined;
  const result = (await startMyStep(service, id))
    ? fromStep(await stepProgress(service, id, input.percent, note))
    : { ticket: await service.comment(id, `Progress ${input.percent}%${note ? `: ${note}` : ""}`) };
  const ticket = holdsClaim(service, result.ticket) ? await service.heartbeat(id) : result.ticket;
  return { ...result, ticket };
}

export interface CompleteInput {
  readonly id?: string | undefined;
  readonly note?: string | undefined;
  readonly force?: boolean | undefined;
  readonly reason?: string | undefined;
}

export async function completeWork(service: TicketService, input: CompleteInput): Promise<WorkResult> {
  const id = agentTicket(service, input.id);
  const note = input.note?.trim() || undefined;
  if (await startMyStep(service, id)) return fromStep(await stepDone(service, id, note));
  const done = await service.transition(id, statusOf(service, "done"), {
    force: input.force,
    reason: input.reason,
  });
  return { ticket: note ? await service.comment(done.id, note) : done };
}

export async function failWork(
  service: TicketService,
  input: { id?: string | undefined; reason: string },
): Promise<WorkResult> {
  const id = agentTicket(service, input.id);
  let result: WorkResult;
  if (hasStepFor(service.get(id), service.actor)) {
    result = fromStep(await stepFail(service, id, input.reason));
  } else {
    const blocked = await service.transition(id, statusOf(service, "blocked"));
    result = { ticket: await service.comment(blocked.id, `Failed: ${input.reason}`) };
  }
  // Given back so that, once unblocked, the ticket is ready for anyone, not held by a lease.
  const ticket = holdsClaim(service, result.ticket) ? await service.release(id) : result.ticket;
  return { ...result, ticket };
}

function hasStepFor(ticket: Ticket, agent: string): boolean {
  return (ticket.workflow ?? []).some((step) => sameAgent(step.agent, agent));
}

/**
 * Whether the ticket has a workflow step for this agent. Reporting on a step means its work has
 * begun, so the agent's due step is started first when it is pending (or failed earlier). When
 * it is another agent's turn, the step call that follows says so.
 */
async function startMyStep(service: TicketService, id: string): Promise<boolean> {
  const ticket = service.get(id);
  if (!hasStepFor(ticket, service.actor)) return false;
  const due = viewWorkflow(ticket).current;
  if (due && sameAgent(due.agent, service.actor) && (due.status === "pending" || due.status === "failed")) {
    await stepStart(service, id);
  }
  return true;
}

/** Exactly as the service compares holders, so a heartbeat or release is never refused. */
function holdsClaim(service: TicketService, ticket: Ticket): boolean {
  return ticket.claim?.agent === service.actor;
}
