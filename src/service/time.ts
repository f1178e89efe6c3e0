import { formatMinutes, minutesBetween, parsePositiveDuration, toMinutes } from "../core/duration.js";
import { conflict, invalidInput } from "../core/errors.js";
import type { Ticket } from "../core/schema.js";
import { type Mutation, mutateTicket, nowIso, type WriteContext } from "./ticket-writer.js";

/**
 * Time tracking: `time_spent` grows by logged durations and by stopped timers. A running timer
 * lives in the ticket's frontmatter as `timer: {agent, started}`, so it survives the process
 * that started it and every agent sees it.
 */

export interface TimeLogOptions {
  readonly note?: string | undefined;
}

export interface StopOptions extends TimeLogOptions {
  /** Stop a timer someone else started. */
  readonly force?: boolean | undefined;
}

/** Adds `duration` (e.g. `1h30m`) to the ticket's `time_spent`. */
export async function logTime(
  ctx: WriteContext,
  idText: string,
  duration: string,
  options: TimeLogOptions = {},
): Promise<Ticket> {
  const minutes = parsePositiveDuration(duration);
  const note = cleanNote(options.note);
  return mutateTicket(ctx, idText, {}, (current) =>
    addTime(ctx, current, minutes, `logged ${formatMinutes(minutes)}`, note),
  );
}

/** Starts the acting agent's timer on a ticket; one timer runs per ticket at a time. */
export async function startTimer(ctx: WriteContext, idText: string): Promise<Ticket> {
  return mutateTicket(ctx, idText, {}, (current) => {
    const running = current.timer;
    if (running) {
      const whose = running.agent === ctx.actor ? "your timer" : `a timer of ${running.agent}`;
      throw conflict(`${current.id} already has ${whose} running since ${running.started}`, {
        id: current.id,
        timer: running,
      });
    }
    const started = nowIso(ctx);
    return {
      set: { timer: { agent: ctx.actor, started } },
      activity: [{ kind: "event", text: "timer started" }],
      event: (after, at) => ({ type: "updated", at, actor: ctx.actor, ticket: after, fields: ["timer"] }),
    };
  });
}

/** Stops the ticket's timer and logs the time since it started. */
export async function stopTimer(
  ctx: WriteContext,
  idText: string,
  options: StopOptions = {},
): Promise<Ticket> {
  const note = cleanNote(options.note);
  return mutateTicket(ctx, idText, {}, (current) => {
    const running = current.timer;
    if (!running)
      throw conflict(`${current.id} has no timer running; start one with "time start"`, { id: current.id });
    if (running.agent !== ctx.actor && !options.force) {
      throw conflict(
        `The timer on ${current.id} was started by ${running.agent}; stop it as ${running.agent}, or pass --force`,
        { id: current.id, timer: running },
      );
    }
    const minutes = minutesBetween(running.started, nowIso(ctx));
    const whose = running.agent === ctx.actor ? "" : ` of ${running.agent}`;
    const what = `timer${whose} stopped: logged ${formatMinutes(minutes)}`;
    return { ...addTime(ctx, current, minutes, what, note, ["time_spent", "timer"]), unset: ["timer"] };
  });
}

function addTime(
  ctx: WriteContext,
  current: Ticket,
  minutes: number,
  what: string,
  note: string | undefined,
  fields = ["time_spent"],
): Mutation {
  const total = (toMinutes(current.time_spent) ?? 0) + minutes;
  const estimate = toMinutes(current.estimate);
  const ofEstimate = estimate === undefined ? "" : ` of ${formatMinutes(estimate)} estimated`;
  const text = `${what} (total ${formatMinutes(total)}${ofEstimate})${note ? `: ${note}` : ""}`;
  return {
    set: { time_spent: formatMinutes(total) },
    activity: [{ kind: "event", text }],
    event: (after, at) => ({ type: "updated", at, actor: ctx.actor, ticket: after, fields }),
  };
}

function cleanNote(note: string | undefined): string | undefined {
  const text = note?.trim();
  if (text === undefined || text === "") return undefined;
  if (/[\r\n]/.test(text)) throw invalidInput("A time note must be one line", { field: "note" });
  return text;
}
