import type { Writable } from "node:stream";
import { conflict, invalidInput, type TrackdownError } from "../core/errors.js";
import type { Run, Ticket } from "../core/schema.js";
import { categoryOf } from "../core/workflow.js";
import { currentStepIndex, sameAgent } from "../core/workflow-steps.js";
import { heartbeat } from "./claims.js";
import { OutputTail } from "./runs-output.js";
import { executeCommand, type InterruptState } from "./runs-process.js";
import { formatCommand, planRunEnd, type RunStart } from "./runs-record.js";
import type { TicketService } from "./ticket-service.js";
import { type Mutation, mutateTicket, nowIso, type WriteContext } from "./ticket-writer.js";
import { planStatus } from "./update-ticket.js";
import { planStep } from "./workflows.js";

/**
 * `trackdown run <id> -- <command>`: the ticket (or the agent's workflow step) starts, the
 * command runs with its output passed through, and the run is recorded on the ticket when it
 * ends; the step or ticket then completes or fails with it.
 */

export interface RunOptions {
  readonly command: readonly string[];
  readonly stdout?: Writable | undefined;
  readonly stderr?: Writable | undefined;
  /** Where the caller reports signals to trackdown (Ctrl-C, SIGTERM); see `InterruptState`. */
  readonly interrupts?: InterruptState | undefined;
  /** Lease renewal period while the agent holds a claim (default: a third of the lease). */
  readonly heartbeatMs?: number | undefined;
}

export interface RunResult {
  readonly ticket: Ticket;
  readonly run: Run;
  /** What trackdown should exit with: the command's exit code, 128 + signal number if killed. */
  readonly exitCode: number;
  /** A completion or block the gates or the transition table refused; the run is recorded anyway. */
  readonly refused?: TrackdownError | undefined;
  readonly releasedClaim: boolean;
}

export async function runTracked(
  service: TicketService,
  idText: string,
  options: RunOptions,
): Promise<RunResult> {
  const { command } = options;
  if (command.length === 0 || command[0]?.trim() === "") {
    throw invalidInput(`run needs a command after "--", e.g. trackdown run ${idText} -- npm test`, {
      field: "command",
    });
  }
  const ctx = service.context;
  const interrupts = options.interrupts ?? { signal: null };
  const stderr = options.stderr ?? process.stderr;
  const start = await beginRun(ctx, idText);
  const started = ctx.now();
  const stopHeartbeat = keepLeaseAlive(ctx, start.ticket, options.heartbeatMs, stderr);
  const tail = new OutputTail();
  try {
    const result = await executeCommand(command, {
      stdout: options.stdout ?? process.stdout,
      stderr,
      tail,
      interrupts,
    });
    const finished = ctx.now();
    const interrupted = interrupts.signal !== null || result.signal !== null;
    const record: Run = {
      agent: ctx.actor,
      command: formatCommand(command),
      started: nowIso({ ...ctx, now: () => started }),
      finished: nowIso({ ...ctx, now: () => finished }),
      duration_ms: Math.max(0, finished.getTime() - started.getTime()),
      exit_code: result.exitCode,
      outcome: interrupted ? "interrupted" : result.exitCode === 0 ? "succeeded" : "failed",
      ...(start.step === undefined ? {} : { step: start.step + 1 }),
      ...(tail.text() === "" ? {} : { output_tail: tail.text() }),
    };
    return { ...(await endRun(ctx, start.ticket.id, start, record)), exitCode: result.exitCode };
  } finally {
    stopHeartbeat();
  }
}

async function beginRun(ctx: WriteContext, idText: string): Promise<RunStart> {
  let step: number | undefined;
  const ticket = await mutateTicket(ctx, idText, {}, (current) => {
    const planned = planBegin(ctx, current);
    step = planned.step;
    return planned.mutation;
  });
  return { ticket, step };
}

/** Starts the agent's due step when the agent has one in the workflow, else the ticket itself. */
function planBegin(ctx: WriteContext, current: Ticket): { mutation: Mutation; step?: number } {
  const claim = current.claim;
  if (claim && !sameAgent(claim.agent, ctx.actor) && claim.expires > nowIso(ctx)) {
    throw conflict(`${current.id} is claimed by ${claim.agent} until ${claim.expires}`, {
      id: current.id,
      holder: claim.agent,
    });
  }
  const steps = current.workflow ?? [];
  if (steps.some((s) => sameAgent(s.agent, ctx.actor))) {
    const due = currentStepIndex(steps);
    const running = due !== undefined && steps[due]?.status === "in_progress";
    if (!running || !sameAgent(steps[due]?.agent ?? "", ctx.actor)) {
      const plan = planStep(ctx, current, "start", {});
      const { index, step } = plan.outcome;
      return {
        step: index,
        mutation: {
          set: plan.set,
          activity: plan.activity,
          event: (after, at) => ({
            type: "workflow-step",
            at,
            actor: ctx.actor,
            ticket: after,
            step: index + 1,
            agent: step.agent,
            action: "start",
            status: step.status,
            progress: step.progress,
            note: step.note,
            transition: plan.follow.transition,
          }),
        },
      };
    }
    return { step: due, mutation: planPlainStart(ctx, current) };
  }
  return { mutation: planPlainStart(ctx, current) };
}

/** Puts the ticket in progress (reopening it if the transition table allows) and assigns it. */
function planPlainStart(ctx: WriteContext, current: Ticket): Mutation {
  const active = categoryOf(ctx.project.config, current.status) === "active";
  const move = active ? { set: {}, activity: [] } : planStatus(ctx, current, "in_progress", {});
  return {
    set: { ...move.set, assignee: ctx.actor },
    activity: move.activity,
    event: (after, at) =>
      after.status !== current.status
        ? {
            type: "transitioned",
            at,
            actor: ctx.actor,
            ticket: after,
            from: current.status,
            to: after.status,
            forced: false,
          }
        : { type: "updated", at, actor: ctx.actor, ticket: after, fields: ["assignee"] },
  };
}

async function endRun(
  ctx: WriteContext,
  id: string,
  start: RunStart,
  record: Run,
): Promise<Omit<RunResult, "exitCode">> {
  let planned: ReturnType<typeof planRunEnd> | undefined;
  const ticket = await mutateTicket(ctx, id, {}, (current) => {
    planned = planRunEnd(ctx, current, start, record);
    return planned.mutation;
  });
  return { ticket, run: record, refused: planned?.refused, releasedClaim: planned?.releasedClaim ?? false };
}

/** Renews the agent's lease while its command runs, so a long run does not lose the claim. */
function keepLeaseAlive(
  ctx: WriteContext,
  ticket: Ticket,
  everyMs: number | undefined,
  stderr: Writable,
): () => void {
  if (!ticket.claim || !sameAgent(ticket.claim.agent, ctx.actor)) return () => {};
  const period = everyMs ?? (ctx.project.config.claims.lease_minutes * 60_000) / 3;
  const timer = setInterval(() => {
    heartbeat(ctx, ticket.id).catch((error: Error) => {
      stderr.write(`trackdown: could not renew the claim on ${ticket.id}: ${error.message}\n`);
    });
  }, period);
  timer.unref();
  return () => clearInterval(timer);
}
