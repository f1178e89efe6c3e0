import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type ActivityEntry, appendActivity } from "../core/body.js";
import { conflict, invalidInput, notFound, TrackdownError } from "../core/errors.js";
import { idKey, isIdLookup } from "../core/ids.js";
import type { Ticket } from "../core/schema.js";
import { moveFile, writeFileAtomic } from "../store/atomic-write.js";
import { withLock } from "../store/locks.js";
import {
  fileNameOf,
  type LoadedTicket,
  loadTicketFile,
  parseTicketFile,
  resolveTicketPath,
  statOf,
  ticketPathFor,
} from "../store/ticket-files.js";
import { updateTicketText } from "../store/ticket-format.js";
import { staysArchived } from "./archive-path.js";
import type { EventBus, TicketEvent } from "./events.js";
import type { WriteOptions } from "./inputs.js";
import type { Project } from "./project.js";

/** What every write needs: the project, who acts, the clock, and where events go. */
export interface WriteContext {
  readonly project: Project;
  readonly actor: string;
  readonly now: () => Date;
  readonly events: EventBus;
}

/** The change a write makes to one ticket, computed from its current state. */
export interface Mutation {
  readonly set?: Record<string, unknown>;
  readonly unset?: readonly string[];
  /** A new body; activity entries are appended to it (or to the current body). */
  readonly body?: string;
  readonly activity?: readonly Omit<ActivityEntry, "at" | "author">[];
  /** Builds the event announcing the change; undefined means the write changed nothing. */
  readonly event: (after: Ticket, at: string) => TicketEvent;
}

export const nowIso = (ctx: WriteContext): string =>
  ctx
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");

/** Resolves an ID or unique prefix to the ticket's ID and file (index refreshed by the caller). */
export function resolveTicket(project: Project, text: string): { id: string; path: string } {
  const wanted = text.trim();
  if (!isIdLookup(wanted)) {
    throw invalidInput(`"${text}" is not a ticket ID; IDs look like TSK-7f3k (any unique prefix works)`, {
      value: text,
    });
  }
  const matches = project.index.lookup(wanted);
  const first = matches[0];
  if (!first) throw missingTicket(project, wanted);
  const distinctIds = new Map(matches.map((m) => [idKey(m.id), m.id]));
  if (distinctIds.size > 1) {
    const shown = [...distinctIds.values()].slice(0, 10).join(", ");
    throw invalidInput(`"${wanted}" matches ${distinctIds.size} tickets (${shown}); give more of the ID`, {
      value: wanted,
      candidates: matches.map((m) => m.id),
    });
  }
  if (matches.length > 1) {
    // The files are the truth: a row left by a concurrent move is not a duplicate.
    const present = matches.filter((m) => existsSync(join(project.paths.root, m.path)));
    if (present.length === 1 && present[0]) return present[0];
    throw conflict(
      `ID ${first.id} is held by ${matches.length} files: ${matches.map((m) => m.path).join(", ")}; run "trackdown doctor"`,
      {
        id: first.id,
        paths: matches.map((m) => m.path),
      },
    );
  }
  return first;
}

/** Not found, unless a file that cannot be read carries that ID in its name: then say so. */
function missingTicket(project: Project, wanted: string): TrackdownError {
  const key = idKey(wanted);
  const broken = project.index
    .malformed()
    .find(
      (m) => idKey(fileNameOf(m.path)).startsWith(`${key}-`) || idKey(fileNameOf(m.path)) === `${key}.MD`,
    );
  if (broken) {
    return invalidInput(`${wanted}: its file ${broken.path} cannot be read: ${broken.error}`, {
      path: broken.path,
    });
  }
  return notFound(`No ticket with ID "${wanted}"`, { id: wanted });
}

/**
 * Refreshes the index and resolves. A scan is not a snapshot: a file moved between folders
 * while we read them can be missed once, so a miss is checked with a second scan.
 */
export function resolveFresh(project: Project, text: string): { id: string; path: string } {
  project.index.refresh();
  try {
    return resolveTicket(project, text);
  } catch (error) {
    if (!(error instanceof TrackdownError) || error.code !== "NOT_FOUND") throw error;
    project.index.refresh();
    return resolveTicket(project, text);
  }
}

/**
 * Read-modify-write of one ticket under its cross-process lock: the file is read inside the
 * lock, so concurrent writers each see the other's change; it is written atomically, then
 * moved if its status folder changed. Nothing is written if the plan or validation throws.
 */
export async function mutateTicket(
  ctx: WriteContext,
  idText: string,
  options: WriteOptions,
  plan: (current: Ticket) => Mutation,
): Promise<Ticket> {
  const { project } = ctx;
  const target = resolveFresh(project, idText);
  return withLock(
    project.paths.locksDir,
    idKey(target.id),
    project.config.limits.lock_timeout_ms,
    async () => {
      const current = readLocked(ctx, target);
      checkRevision(current.ticket, options);
      const mutation = plan(current.ticket);
      const at = nowIso(ctx);
      const text = renderMutation(ctx, current, mutation, at);
      if (text === current.doc.text) return current.ticket;
      const after = await persist(ctx, current, text);
      ctx.events.emit({ ...mutation.event(after, at), before: current.ticket.revision });
      return after;
    },
  );
}

export type LoadedOk = Extract<LoadedTicket, { ok: true }>;

export function checkRevision(ticket: Ticket, options: WriteOptions): void {
  if (options.ifRevision === undefined || options.ifRevision === ticket.revision) return;
  throw conflict(
    `${ticket.id} changed since revision ${options.ifRevision} (now ${ticket.revision}); reload it and retry`,
    { id: ticket.id, expected: options.ifRevision, actual: ticket.revision },
  );
}

export function readLocked(ctx: WriteContext, target: { id: string; path: string }): LoadedOk {
  let loaded = loadTicketFile(ctx.project.paths.root, target.path);
  if (!loaded.ok || idKey(loaded.ticket.id) !== idKey(target.id)) {
    // Another writer moved it between our lookup and our lock: look again.
    const again = resolveFresh(ctx.project, target.id);
    loaded = loadTicketFile(ctx.project.paths.root, again.path);
  }
  if (!loaded.ok) {
    throw invalidInput(
      `Ticket file ${loaded.path} cannot be read: ${loaded.error}. Fix the file, then retry`,
      {
        path: loaded.path,
      },
    );
  }
  return loaded;
}

export function renderMutation(ctx: WriteContext, current: LoadedOk, mutation: Mutation, at: string): string {
  let body = mutation.body ?? current.doc.body;
  for (const entry of mutation.activity ?? [])
    body = appendActivity(body, { ...entry, at, author: ctx.actor });
  const changes = {
    set: mutation.set ?? {},
    unset: mutation.unset ?? [],
    ...(body === current.doc.body ? {} : { body }),
  };
  // A change that changes nothing (a value set to itself) leaves the file, `updated` included, alone.
  if (updateTicketText(current.doc, changes) === current.doc.text) return current.doc.text;
  return updateTicketText(current.doc, { ...changes, set: { ...changes.set, updated: at } });
}

export async function persist(ctx: WriteContext, current: LoadedOk, text: string): Promise<Ticket> {
  const { paths, config } = ctx.project;
  const oldPath = current.ticket.path;
  const probe = parseTicketFile(text, oldPath, current.stat);
  if (!probe.ok) throw invalidInput(`The change would make ${current.ticket.id} invalid: ${probe.error}`);
  const newPath = staysArchived(config, oldPath, probe.ticket.status)
    ? oldPath
    : ticketPathFor(config, probe.ticket.status, fileNameOf(oldPath));
  if (newPath !== oldPath && existsSync(resolveTicketPath(paths, newPath))) {
    throw conflict(`Cannot move ${current.ticket.id} to ${newPath}: a file is already there`, {
      path: newPath,
    });
  }
  // Content first, then the move: a crash in between leaves a valid ticket in the old folder,
  // which the next write (or doctor) moves; never two copies.
  await writeFileAtomic(resolveTicketPath(paths, oldPath), text);
  if (newPath !== oldPath) await moveFile(join(paths.root, oldPath), resolveTicketPath(paths, newPath));
  return recordWritten(ctx, newPath, text, oldPath);
}

/** Puts a file just written into the index and returns it as a ticket. */
export function recordWritten(ctx: WriteContext, path: string, text: string, previousPath?: string): Ticket {
  const stat = statOf(ctx.project.paths.root, path);
  if (!stat) throw new TrackdownError("INTERNAL", `${path} vanished right after it was written`);
  const loaded = parseTicketFile(text, path, stat);
  if (!loaded.ok) throw new TrackdownError("INTERNAL", `${path} was written invalid: ${loaded.error}`);
  ctx.project.index.record(loaded, previousPath);
  return loaded.ticket;
}

/** Deletes a ticket file under its lock. */
export async function removeTicket(
  ctx: WriteContext,
  idText: string,
  options: WriteOptions,
): Promise<Ticket> {
  const { project } = ctx;
  const target = resolveFresh(project, idText);
  return withLock(
    project.paths.locksDir,
    idKey(target.id),
    project.config.limits.lock_timeout_ms,
    async () => {
      const current = readLocked(ctx, target);
      checkRevision(current.ticket, options);
      await rm(resolveTicketPath(project.paths, current.ticket.path));
      project.index.forget(current.ticket.path);
      ctx.events.emit({
        before: current.ticket.revision,
        type: "deleted",
        at: nowIso(ctx),
        actor: ctx.actor,
        id: current.ticket.id,
        path: current.ticket.path,
      });
      return current.ticket;
    },
  );
}
