import { toMinutes } from "../core/duration.js";
import { conflict, invalidInput, notFound } from "../core/errors.js";
import type { TicketSummary } from "../core/schema.js";
import { categoryOf, isClosedCategory } from "../core/workflow.js";
import { SUMMARY_COLUMNS } from "../store/index-schema.js";
import { withLock } from "../store/locks.js";
import { type WriteManyOptions, writeMany } from "./batch-writer.js";
import { parseInput } from "./parse-input.js";
import type { Project } from "./project.js";
import {
  currentSprint,
  localDate,
  readSprints,
  type Sprint,
  SprintSchema,
  type SprintState,
  sprintState,
  writeSprints,
} from "./sprints-file.js";
import { type Mutation, nowIso, type WriteContext } from "./ticket-writer.js";

/** Sprints: named date ranges that tickets join through their `sprint` field. */

export interface SprintInput {
  readonly name: string;
  readonly start: string;
  readonly end: string;
  readonly goal?: string | undefined;
}

export interface SprintSummary extends Sprint {
  readonly state: SprintState;
  readonly current: boolean;
  readonly tickets: { total: number; done: number; cancelled: number; open: number };
  readonly estimateMinutes: number;
  readonly spentMinutes: number;
}

export interface SprintDetail extends SprintSummary {
  readonly members: TicketSummary[];
}

export interface CloseResult {
  readonly sprint: Sprint;
  /** Tickets not done or cancelled when the sprint closed. */
  readonly unfinished: string[];
  /** Those moved to the next sprint (all of them, with carry-over; none without). */
  readonly carried: string[];
}

/** The lock that serialises changes to sprints.yaml. */
const SPRINTS_LOCK = "sprints";

export function currentSprintName(project: Project, now: Date): string | undefined {
  return currentSprint(readSprints(project.paths), localDate(now))?.name;
}

export async function createSprint(ctx: WriteContext, raw: SprintInput): Promise<Sprint> {
  const goal = raw.goal?.trim();
  const sprint = parseInput(SprintSchema, {
    name: raw.name.trim(),
    start: raw.start.trim(),
    end: raw.end.trim(),
    ...(goal ? { goal } : {}),
    created: nowIso(ctx),
  });
  if (sprint.end < sprint.start) {
    throw invalidInput(`Sprint ${sprint.name} ends (${sprint.end}) before it starts (${sprint.start})`, {
      start: sprint.start,
      end: sprint.end,
    });
  }
  return underLock(ctx.project, async (sprints) => {
    const clash = sprints.find((s) => s.name.toLowerCase() === sprint.name.toLowerCase());
    if (clash) throw conflict(`A sprint named ${clash.name} exists already (${clash.start} to ${clash.end})`);
    await writeSprints(ctx.project.paths, [...sprints, sprint]);
    return sprint;
  });
}

export function listSprints(ctx: WriteContext): SprintSummary[] {
  ctx.project.index.refresh();
  const sprints = readSprints(ctx.project.paths);
  const today = localDate(ctx.now());
  const current = currentSprint(sprints, today);
  return sprints.map((s) => summarize(ctx.project, s, today, s === current).summary);
}

export function showSprint(ctx: WriteContext, name: string): SprintDetail {
  ctx.project.index.refresh();
  const sprints = readSprints(ctx.project.paths);
  const sprint = find(sprints, name);
  const today = localDate(ctx.now());
  const { summary, members } = summarize(
    ctx.project,
    sprint,
    today,
    sprint === currentSprint(sprints, today),
  );
  return { ...summary, members };
}

/**
 * Closes a sprint. With `carryOverTo`, every unfinished ticket moves to that sprint in one
 * all-or-nothing write, and the sprint records which ones went where.
 */
export async function closeSprint(
  ctx: WriteContext,
  name: string,
  options: { carryOverTo?: string | undefined } & WriteManyOptions = {},
): Promise<CloseResult> {
  return underLock(ctx.project, async (sprints) => {
    const sprint = find(sprints, name);
    if (sprint.closed)
      throw conflict(`Sprint ${sprint.name} was closed at ${sprint.closed}`, { sprint: sprint.name });
    const next = options.carryOverTo === undefined ? undefined : find(sprints, options.carryOverTo);
    if (next && (next.name === sprint.name || next.closed)) {
      throw invalidInput(
        `Cannot carry over to ${next.name}: ${next.closed ? "it is closed" : "it is the sprint being closed"}`,
      );
    }
    ctx.project.index.refresh();
    const unfinished = membersOf(ctx.project, sprint.name).filter((t) => !isDone(ctx.project, t));
    const carried = next ? await carryOver(ctx, sprint, next, unfinished, options) : [];
    const closed: Sprint = {
      ...sprint,
      closed: nowIso(ctx),
      closed_by: ctx.actor,
      ...(next ? { carried_over: { to: next.name, tickets: carried } } : {}),
    };
    await writeSprints(
      ctx.project.paths,
      sprints.map((s) => (s === sprint ? closed : s)),
    );
    return { sprint: closed, unfinished: unfinished.map((t) => t.id), carried };
  });
}

async function carryOver(
  ctx: WriteContext,
  from: Sprint,
  to: Sprint,
  tickets: readonly TicketSummary[],
  options: WriteManyOptions,
): Promise<string[]> {
  if (tickets.length === 0) return [];
  const result = await writeMany(
    ctx,
    tickets.map((t) => t.id),
    (current) => {
      const mutations = new Map<string, Mutation>();
      for (const [key, ticket] of current) {
        // Re-checked under the locks: a ticket finished or moved meanwhile stays where it is.
        if (ticket.sprint?.toLowerCase() !== from.name.toLowerCase() || isDone(ctx.project, ticket)) continue;
        mutations.set(key, {
          set: { sprint: to.name },
          activity: [{ kind: "event", text: `carried over from sprint ${from.name} to ${to.name}` }],
          event: (after, at) => ({
            type: "updated",
            at,
            actor: ctx.actor,
            ticket: after,
            fields: ["sprint"],
          }),
        });
      }
      return { mutations };
    },
    options,
  );
  return result.written;
}

function underLock<T>(project: Project, work: (sprints: Sprint[]) => Promise<T>): Promise<T> {
  return withLock(project.paths.locksDir, SPRINTS_LOCK, project.config.limits.lock_timeout_ms, () =>
    work(readSprints(project.paths)),
  );
}

function find(sprints: readonly Sprint[], name: string): Sprint {
  const sprint = sprints.find((s) => s.name.toLowerCase() === name.trim().toLowerCase());
  if (sprint) return sprint;
  const known = sprints.map((s) => s.name);
  throw notFound(
    `No sprint named "${name}"; ${known.length > 0 ? `known: ${known.join(", ")}` : 'none yet (create one with "trackdown sprint create")'}`,
    { value: name, accepted: known },
  );
}

function membersOf(project: Project, name: string): TicketSummary[] {
  return project.index.summaries(
    `SELECT ${SUMMARY_COLUMNS} FROM tickets t WHERE t.sprint = ? COLLATE NOCASE ORDER BY t.id_key`,
    [name],
  );
}

function isDone(project: Project, ticket: { status: string }): boolean {
  return isClosedCategory(categoryOf(project.config, ticket.status));
}

function summarize(project: Project, sprint: Sprint, today: string, current: boolean) {
  const members = membersOf(project, sprint.name);
  const count = (category: string) =>
    members.filter((t) => categoryOf(project.config, t.status) === category).length;
  const done = count("done");
  const cancelled = count("cancelled");
  const summary: SprintSummary = {
    ...sprint,
    state: sprintState(sprint, today),
    current,
    tickets: { total: members.length, done, cancelled, open: members.length - done - cancelled },
    estimateMinutes: members.reduce((n, t) => n + (toMinutes(t.estimate) ?? 0), 0),
    spentMinutes: members.reduce((n, t) => n + (toMinutes(t.time_spent) ?? 0), 0),
  };
  return { summary, members };
}
