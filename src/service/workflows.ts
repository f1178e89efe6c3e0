import type { ActivityEntry } from "../core/body.js";
import { conflict, TrackdownError } from "../core/errors.js";
import type { Ticket, WorkflowStep } from "../core/schema.js";
import { categoryOf } from "../core/workflow.js";
import {
  applyStep,
  buildWorkflow,
  currentStepIndex,
  hasStarted,
  type StepAction,
  type StepOutcome,
  type TicketFollow,
} from "../core/workflow-steps.js";
import type { TicketService } from "./ticket-service.js";
import { mutateTicket, nowIso, type WriteContext } from "./ticket-writer.js";
import { planStatus } from "./update-ticket.js";

/**
 * Agent workflows on a ticket: `orchestrateWorkflow` attaches ordered steps, and each agent
 * starts, reports progress on, finishes, fails or skips its step. Every step change is one
 * locked write carrying the step, the ticket's status move, an activity line and an event.
 */

type EventLine = Omit<ActivityEntry, "at" | "author">;

export interface OrchestrateOptions {
  /** Replace a workflow whose steps have already started (their record is lost). */
  readonly force?: boolean | undefined;
}

export async function orchestrateWorkflow(
  service: TicketService,
  idText: string,
  agents: readonly string[],
  options: OrchestrateOptions = {},
): Promise<Ticket> {
  const steps = buildWorkflow(agents);
  const ctx = service.context;
  return mutateTicket(ctx, idText, {}, (current) => {
    const old = current.workflow ?? [];
    if (hasStarted(old) && !options.force) {
      const done = old.filter((s) => s.status !== "pending").map((s) => `${s.agent} ${s.status}`);
      throw conflict(
        `${current.id} already has a workflow with recorded work (${done.join(", ")}); pass --force to replace it`,
        { id: current.id, steps: old },
      );
    }
    const replaced = old.length > 0 ? ` (replacing ${old.map((s) => s.agent).join(" → ")})` : "";
    return {
      set: { workflow: steps },
      activity: [
        { kind: "event", text: `workflow set: ${steps.map((s) => s.agent).join(" → ")}${replaced}` },
      ],
      event: (after, at) => ({ type: "updated", at, actor: ctx.actor, ticket: after, fields: ["workflow"] }),
    };
  });
}

/** How the ticket's status followed a step or a run; `refused` when a gate or the table said no. */
export interface StatusFollow {
  readonly set: Record<string, unknown>;
  readonly activity: EventLine[];
  readonly transition?: { from: string; to: string } | undefined;
  readonly refused?: TrackdownError | undefined;
}

/**
 * Moves the ticket as a step or run asks: work starting puts an open or blocked ticket in
 * progress (and assigns it to the agent); finishing completes it through the gates; failing
 * blocks it. A refused completion or block is returned, not thrown: the step or run that
 * asked for it is still recorded, and the caller reports the refusal.
 */
export function followStatus(
  ctx: WriteContext,
  ticket: Ticket,
  follow: TicketFollow,
  agent: string,
): StatusFollow {
  const category = categoryOf(ctx.project.config, ticket.status);
  if (follow === "start") {
    const move = category === "todo" || category === "blocked" ? "in_progress" : undefined;
    const planned = move ? planStatus(ctx, ticket, move, {}) : { set: {}, activity: [] };
    return withTransition(ticket, { set: { ...planned.set, assignee: agent }, activity: planned.activity });
  }
  const to = follow === "complete" ? "completed" : follow === "block" ? "blocked" : undefined;
  if (to === undefined || (follow === "complete" && category === "done")) return { set: {}, activity: [] };
  try {
    return withTransition(ticket, planStatus(ctx, ticket, to, {}));
  } catch (error) {
    if (!(error instanceof TrackdownError) || (error.code !== "GATE" && error.code !== "INVALID_INPUT"))
      throw error;
    return {
      set: {},
      activity: [{ kind: "event", text: `status stays ${ticket.status}: ${error.message}` }],
      refused: error,
    };
  }
}

function withTransition(ticket: Ticket, planned: Omit<StatusFollow, "transition">): StatusFollow {
  const to = planned.set.status;
  return typeof to === "string" && to !== ticket.status
    ? { ...planned, transition: { from: ticket.status, to } }
    : planned;
}

export interface StepInput {
  readonly percent?: number | undefined;
  readonly note?: string | undefined;
}

/** A step change as planned inside the lock: the new steps, the status follow, the activity. */
export interface PlannedStep {
  readonly outcome: StepOutcome;
  readonly follow: StatusFollow;
  readonly set: Record<string, unknown>;
  readonly activity: EventLine[];
}

export function planStep(
  ctx: WriteContext,
  current: Ticket,
  action: StepAction,
  input: StepInput,
): PlannedStep {
  const steps = current.workflow ?? [];
  if (steps.length === 0) {
    throw new TrackdownError(
      "INVALID_INPUT",
      `${current.id} has no workflow; attach one with: trackdown orchestrate ${current.id} --agents "Agent A,Agent B"`,
      { id: current.id },
    );
  }
  const outcome = applyStep(steps, {
    action,
    agent: ctx.actor,
    ticket: current.id,
    at: nowIso(ctx),
    ...input,
  });
  const follow = followStatus(ctx, current, outcome.follow, outcome.step.agent);
  return {
    outcome,
    follow,
    set: { workflow: outcome.steps, ...follow.set },
    activity: [{ kind: "event", text: outcome.activity }, ...follow.activity],
  };
}

export interface StepResult {
  readonly ticket: Ticket;
  /** 1-based number of the step that changed. */
  readonly step: number;
  readonly state: WorkflowStep;
}

async function changeStep(
  service: TicketService,
  idText: string,
  action: StepAction,
  input: StepInput,
): Promise<StepResult> {
  const ctx = service.context;
  let planned: PlannedStep | undefined;
  const ticket = await mutateTicket(ctx, idText, {}, (current) => {
    const plan = planStep(ctx, current, action, input);
    planned = plan;
    return {
      set: plan.set,
      activity: plan.activity,
      event: (after, at) => ({
        type: "workflow-step",
        at,
        actor: ctx.actor,
        ticket: after,
        step: plan.outcome.index + 1,
        agent: plan.outcome.step.agent,
        action,
        status: plan.outcome.step.status,
        progress: plan.outcome.step.progress,
        note: plan.outcome.step.note,
        transition: plan.follow.transition,
      }),
    };
  });
  if (!planned) throw new TrackdownError("INTERNAL", `The step change on ${idText} was not planned`);
  const refused = planned.follow.refused;
  if (refused) {
    throw new TrackdownError(
      refused.code,
      `${planned.outcome.activity} is recorded, but ${refused.message}`,
      {
        ...refused.details,
        step: planned.outcome.index + 1,
        recorded: true,
      },
    );
  }
  return { ticket, step: planned.outcome.index + 1, state: planned.outcome.step };
}

/** Starts the acting agent's due step; the first start puts the ticket in progress. */
export const stepStart = (service: TicketService, idText: string, note?: string): Promise<StepResult> =>
  changeStep(service, idText, "start", { note });

export const stepProgress = (
  service: TicketService,
  idText: string,
  percent: number,
  note?: string,
): Promise<StepResult> => changeStep(service, idText, "progress", { percent, note });

/** Finishes the agent's step; finishing the last one completes the ticket through its gates. */
export const stepDone = (service: TicketService, idText: string, note?: string): Promise<StepResult> =>
  changeStep(service, idText, "done", { note });

/** Fails the agent's step; the ticket moves to blocked with the reason in its activity log. */
export const stepFail = (service: TicketService, idText: string, reason: string): Promise<StepResult> =>
  changeStep(service, idText, "fail", { note: reason });

export const stepSkip = (service: TicketService, idText: string, note?: string): Promise<StepResult> =>
  changeStep(service, idText, "skip", { note });

export interface WorkflowView {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly steps: (WorkflowStep & { step: number })[];
  /** The step now due (1-based), or null when there is no workflow or it is finished. */
  readonly current: { step: number; agent: string; status: string } | null;
  readonly finished: boolean;
}

export function workflowOf(service: TicketService, idText: string): WorkflowView {
  const ticket = service.get(idText);
  return viewWorkflow(ticket);
}

export function viewWorkflow(ticket: Pick<Ticket, "id" | "title" | "status" | "workflow">): WorkflowView {
  const steps = ticket.workflow ?? [];
  const index = currentStepIndex(steps);
  const due = index === undefined ? undefined : steps[index];
  return {
    id: ticket.id,
    title: ticket.title,
    status: ticket.status,
    steps: steps.map((s, i) => ({ step: i + 1, ...s })),
    current: due && index !== undefined ? { step: index + 1, agent: due.agent, status: due.status } : null,
    finished: steps.length > 0 && index === undefined,
  };
}
