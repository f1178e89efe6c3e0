import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { conflict, TrackdownError } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import type { Ticket } from "../core/schema.js";
import { withLocks } from "../store/locks.js";
import { parseTicketFile, resolveTicketPath } from "../store/ticket-files.js";
import {
  type Journal,
  newJournal,
  removeJournal,
  restoreEntries,
  sha256,
  writeJournal,
} from "./batch-journal.js";
import {
  type LoadedOk,
  type Mutation,
  nowIso,
  persist,
  readLocked,
  renderMutation,
  resolveTicket,
  type WriteContext,
} from "./ticket-writer.js";

/**
 * Writes that change several tickets as one: every ticket's lock is taken in sorted order,
 * every change is planned and validated before the first byte is written, and a journal of the
 * originals lets a failure half-way (or a killed process) be rolled back. All or nothing.
 */

export interface WritePlan {
  /** The change of each ticket that changes, by ID key (upper case). */
  readonly mutations: ReadonlyMap<string, Mutation>;
  /** More tickets the plan must hold locked; the write starts over holding them too. */
  readonly needs?: readonly string[];
}

/** Plans the changes from the locked tickets, by ID key. Throwing writes nothing. */
export type Planner = (current: ReadonlyMap<string, Ticket>) => WritePlan;

export interface WriteManyOptions {
  /** Called after each ticket is written. */
  readonly onProgress?: ((written: number, total: number) => void) | undefined;
  /** Runs before the write of the `index`-th changed ticket (0-based); for tests of failures. */
  readonly beforeWrite?: ((index: number, id: string) => void | Promise<void>) | undefined;
}

export interface WriteManyResult {
  /** Every locked ticket after the write, by ID key; unchanged ones as they were. */
  readonly tickets: ReadonlyMap<string, Ticket>;
  /** IDs of the tickets written, in write order. */
  readonly written: string[];
}

const MAX_ROUNDS = 5;

export async function writeMany(
  ctx: WriteContext,
  ids: readonly string[],
  planner: Planner,
  options: WriteManyOptions = {},
): Promise<WriteManyResult> {
  const { project } = ctx;
  project.index.refresh();
  let wanted = [...ids];
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const targets = new Map(wanted.map((id) => [idKey(id), resolveTicket(project, id)]));
    const outcome = await withLocks(
      project.paths.locksDir,
      [...targets.keys()],
      project.config.limits.lock_timeout_ms,
      async () => {
        // What other writers did while we waited for the locks (relations the cycle check reads).
        project.index.refresh();
        const loaded = new Map([...targets].map(([key, target]) => [key, readLocked(ctx, target)]));
        const plan = planner(new Map([...loaded].map(([key, l]) => [key, l.ticket])));
        const missing = (plan.needs ?? []).filter((id) => !loaded.has(idKey(id)));
        if (missing.length > 0) return { missing };
        return { result: await commit(ctx, loaded, plan.mutations, options) };
      },
    );
    if (outcome.result) return outcome.result;
    wanted = [...wanted, ...(outcome.missing ?? [])];
  }
  throw conflict("The tickets to change kept changing while their locks were taken; retry");
}

interface Staged {
  readonly key: string;
  readonly current: LoadedOk;
  readonly text: string;
  readonly mutation: Mutation;
}

async function commit(
  ctx: WriteContext,
  loaded: ReadonlyMap<string, LoadedOk>,
  mutations: ReadonlyMap<string, Mutation>,
  options: WriteManyOptions,
): Promise<WriteManyResult> {
  const { paths } = ctx.project;
  const at = nowIso(ctx);
  const staged = stage(ctx, loaded, mutations, at);
  const tickets = new Map([...loaded].map(([key, l]) => [key, l.ticket]));
  if (staged.length === 0) return { tickets, written: [] };
  const journal: Journal = {
    ...newJournal(randomBytes(6).toString("hex"), ctx.actor, at),
    entries: staged.map((s) => ({
      id: s.current.ticket.id,
      path: s.current.ticket.path,
      original: readFileSync(resolveTicketPath(paths, s.current.ticket.path)).toString("base64"),
      written: sha256(s.text),
    })),
  };
  await writeJournal(paths, journal);
  const failure = await writeAll(ctx, staged, tickets, options);
  if (failure) {
    // Under our locks nobody else touched these files: every one that holds what we wrote is
    // put back. If this fails too, the journal stays and the next command finishes the job.
    await restoreEntries(paths, journal);
    ctx.project.index.refresh();
    await removeJournal(paths, journal.batch);
    throw failure.error;
  }
  await removeJournal(paths, journal.batch);
  for (const s of staged) {
    const after = tickets.get(s.key);
    if (after) ctx.events.emit({ ...s.mutation.event(after, at), before: s.current.ticket.revision });
  }
  return { tickets, written: staged.map((s) => s.current.ticket.id) };
}

/** Files written at once: fsyncs overlap, and a batch of a thousand takes half as long. */
const WRITE_WIDTH = 8;

/**
 * Writes every staged ticket, a few at a time (one at a time under a test hook, so a failure
 * lands at a known point). Stops starting writes at the first failure and returns it once the
 * writes under way have settled.
 */
async function writeAll(
  ctx: WriteContext,
  staged: readonly Staged[],
  tickets: Map<string, Ticket>,
  options: WriteManyOptions,
): Promise<{ error: unknown } | undefined> {
  let failure: { error: unknown } | undefined;
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < staged.length && !failure; i = next++) {
      const s = staged[i] as Staged;
      try {
        await options.beforeWrite?.(i, s.current.ticket.id);
        tickets.set(s.key, await persist(ctx, s.current, s.text));
      } catch (error) {
        // Not swallowed: the batch is rolled back and this error rethrown by the caller.
        failure ??= { error };
        return;
      }
      done += 1;
      options.onProgress?.(done, staged.length);
    }
  };
  const width = options.beforeWrite ? 1 : WRITE_WIDTH;
  await Promise.all(Array.from({ length: Math.min(width, staged.length) }, worker));
  return failure;
}

/** Renders and validates every change; any problem refuses the whole write, naming each. */
function stage(
  ctx: WriteContext,
  loaded: ReadonlyMap<string, LoadedOk>,
  mutations: ReadonlyMap<string, Mutation>,
  at: string,
): Staged[] {
  const entries = [...mutations].map(([key, mutation]) => {
    const current = loaded.get(key);
    if (!current) throw new TrackdownError("INTERNAL", `A change to ${key} was planned without its lock`);
    return { key, current, mutation };
  });
  const staged = eachOrRefuse(
    entries,
    (e) => e.current.ticket.id,
    (e): Staged | undefined => {
      const text = renderMutation(ctx, e.current, e.mutation, at);
      if (text === e.current.doc.text) return undefined;
      const probe = parseTicketFile(text, e.current.ticket.path, e.current.stat);
      if (!probe.ok)
        throw new TrackdownError("INVALID_INPUT", `the change would make it invalid: ${probe.error}`);
      return { ...e, text };
    },
  );
  return staged.filter((s): s is Staged => s !== undefined);
}

export interface Failure {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

/**
 * Runs `work` on every item and collects every failure, so one refusal can name them all;
 * when any fails, nothing has been written yet and the whole operation is refused.
 */
export function eachOrRefuse<T, R>(
  items: readonly T[],
  idOf: (item: T) => string,
  work: (item: T) => R,
): R[] {
  const results: R[] = [];
  const failures: Failure[] = [];
  let first: TrackdownError | undefined;
  for (const item of items) {
    try {
      results.push(work(item));
    } catch (error) {
      // A bug is not a refusal: let it through as it is.
      if (!(error instanceof TrackdownError)) throw error;
      const failure = error;
      first ??= failure;
      failures.push({ id: idOf(item), code: failure.code, message: failure.message });
    }
  }
  if (!first) return results;
  const shown = failures.slice(0, 10).map((f) => `${f.id}: ${f.message}`);
  const more = failures.length > 10 ? `; and ${failures.length - 10} more` : "";
  throw new TrackdownError(
    first.code,
    `Nothing was written: ${failures.length} of ${items.length} tickets refused the change — ${shown.join("; ")}${more}`,
    { failures },
  );
}
