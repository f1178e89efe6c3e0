import type { TrackdownError } from "../core/errors.js";
import type { Run, Ticket } from "../core/schema.js";
import { categoryOf } from "../core/workflow.js";
import { interruptStep, sameAgent } from "../core/workflow-steps.js";
import type { Mutation, WriteContext } from "./ticket-writer.js";
import { planStatus } from "./update-ticket.js";
import { followStatus, planStep, type StatusFollow } from "./workflows.js";

/** How a finished run is written to its ticket: the record, the step or status, the claim. */

/** How many runs a ticket keeps in its `runs` field; older ones are dropped. */
export const RUNS_KEPT = 20;
export const COMMAND_CHARS = 500;

export interface RunStart {
  readonly ticket: Ticket;
  /** Index (0-based) of the workflow step the run works on, if any. */
  readonly step: number | undefined;
}

/** The command as one line a shell would read back the same way, cut when very long. */
export function formatCommand(argv: readonly string[]): string {
  const text = argv
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`))
    .join(" ");
  const line = text.replace(/[\r\n]+/g, " ");
  return line.length > COMMAND_CHARS ? `${line.slice(0, COMMAND_CHARS - 1)}…` : line;
}

export function describeRun(run: Run): string {
  const seconds = (run.duration_ms / 1000).toFixed(1);
  return `run \`${run.command}\` ${run.outcome} (exit ${run.exit_code}, ${seconds}s)`;
}

type Planned = StatusFollow;

export function planRunEnd(
  ctx: WriteContext,
  current: Ticket,
  start: RunStart,
  run: Run,
): { mutation: Mutation; refused: TrackdownError | undefined; releasedClaim: boolean } {
  const work =
    start.step === undefined ? planTicketEnd(ctx, current, run) : planStepEnd(ctx, current, start.step, run);
  const release =
    run.outcome === "interrupted" ? planClaimRelease(ctx, { ...current, ...work.set }) : undefined;
  const set = { ...work.set, ...release?.set, runs: [...(current.runs ?? []), run].slice(-RUNS_KEPT) };
  const transition = release?.transition ?? work.transition;
  const mutation: Mutation = {
    set,
    activity: [{ kind: "event", text: describeRun(run) }, ...work.activity, ...(release?.activity ?? [])],
    event: (after, at) => ({
      type: "agent-run",
      at,
      actor: ctx.actor,
      ticket: after,
      run,
      transition: transition && { from: current.status, to: after.status },
      released_claim: release !== undefined,
    }),
  };
  return { mutation, refused: work.refused, releasedClaim: release !== undefined };
}

/** Without a workflow step: success completes the ticket, failure blocks it. */
function planTicketEnd(ctx: WriteContext, current: Ticket, run: Run): Planned {
  if (run.outcome === "interrupted") return { set: {}, activity: [] };
  return followStatus(ctx, current, run.outcome === "succeeded" ? "complete" : "block", ctx.actor);
}

/** With a step: success finishes it, failure fails it, an interruption puts it back to pending. */
function planStepEnd(ctx: WriteContext, current: Ticket, index: number, run: Run): Planned {
  const steps = current.workflow ?? [];
  const step = steps[index];
  if (step?.status !== "in_progress" || !sameAgent(step.agent, ctx.actor)) {
    // Someone changed the workflow while the command ran: record the run, leave the steps be.
    return {
      set: {},
      activity: [{ kind: "event", text: `workflow step ${index + 1} changed during the run; left as is` }],
    };
  }
  if (run.outcome === "interrupted") {
    return {
      set: { workflow: interruptStep(steps, index, "run interrupted") },
      activity: [
        { kind: "event", text: `workflow step ${index + 1}/${steps.length} (${step.agent}) back to pending` },
      ],
    };
  }
  const action = run.outcome === "succeeded" ? "done" : "fail";
  const note = action === "done" ? "run succeeded" : `run failed with exit code ${run.exit_code}`;
  const planned = planStep(ctx, current, action, { note });
  return {
    set: planned.set,
    activity: planned.activity,
    transition: planned.follow.transition,
    refused: planned.follow.refused,
  };
}

/** An interrupted run gives back the agent's claim: the ticket returns to the queue. */
function planClaimRelease(ctx: WriteContext, ticket: Ticket): Planned | undefined {
  if (!ticket.claim || !sameAgent(ticket.claim.agent, ctx.actor)) return undefined;
  const { config } = ctx.project;
  const back =
    categoryOf(config, ticket.status) === "active"
      ? planStatus(ctx, ticket, config.initial_status, {})
      : undefined;
  return {
    set: { ...back?.set, claim: undefined, assignee: undefined },
    activity: [...(back?.activity ?? []), { kind: "event", text: "released the claim (run interrupted)" }],
    transition: back ? { from: ticket.status, to: config.initial_status } : undefined,
  };
}
