import { existsSync } from "node:fs";
import { join } from "node:path";
import { timeOf } from "../core/analytics.js";
import { conflict, invalidInput } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { ageToMs } from "../core/query-values.js";
import type { Ticket, TicketSummary } from "../core/schema.js";
import { categoryOf, isClosedCategory } from "../core/workflow.js";
import { moveFile } from "../store/atomic-write.js";
import { withLock } from "../store/locks.js";
import { fileNameOf, loadTicketFile, resolveTicketPath, ticketPathFor } from "../store/ticket-files.js";
import { ARCHIVE_DIR, isArchivedPath } from "./archive-path.js";
import type { TicketService } from "./ticket-service.js";
import { nowIso, recordWritten, resolveFresh, type WriteContext } from "./ticket-writer.js";

/**
 * Archiving puts completed and cancelled tickets away in `tickets/archive/`: the file moves
 * (same name, same bytes), the index follows, and the ticket drops out of default listings
 * while `is:archived` still finds it. `unarchive` moves it back to its status folder.
 */

export interface ArchiveOptions {
  /** Narrows the candidates (which are always the closed, unarchived tickets). */
  readonly query?: string | undefined;
  /** Only tickets closed at least this long ago: `30d`, `2w`, `12h`. */
  readonly olderThan?: string | undefined;
  readonly dryRun?: boolean | undefined;
}

export interface ArchiveMove {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  /** When the ticket was closed: `completed`, or `updated` for a ticket without one. */
  readonly closed: string;
  readonly from: string;
  readonly to: string;
}

export interface ArchiveReport {
  readonly dryRun: boolean;
  readonly moved: ArchiveMove[];
  /** Candidates that changed under us (reopened, moved, deleted) and were left alone. */
  readonly skipped: { readonly id: string; readonly reason: string }[];
}

export async function archiveTickets(
  service: TicketService,
  options: ArchiveOptions = {},
): Promise<ArchiveReport> {
  const ctx = service.context;
  const cutoff = cutoffOf(options.olderThan, ctx.now());
  const query = `${options.query ?? ""} is:closed`.trim();
  const candidates = service
    .list(query, { sort: "id" })
    .tickets.filter((t) => !isArchivedPath(t.path) && (timeOf(closedAt(t)) ?? Infinity) <= cutoff);
  const planned = candidates.map(planMove);
  if (options.dryRun) return { dryRun: true, moved: planned, skipped: [] };
  const moved: ArchiveMove[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const move of planned) {
    const result = await moveTicket(ctx, move.id, "archived", (ticket) => {
      if (!isClosedCategory(categoryOf(ctx.project.config, ticket.status)))
        return `reopened (${ticket.status})`;
      return isArchivedPath(ticket.path) ? "already archived" : undefined;
    });
    if (typeof result === "string") skipped.push({ id: move.id, reason: result });
    else moved.push({ ...move, from: result.from, to: result.ticket.path });
  }
  return { dryRun: false, moved, skipped };
}

/** Moves an archived ticket back to the folder of its status. */
export async function unarchiveTicket(service: TicketService, idText: string): Promise<Ticket> {
  const result = await moveTicket(service.context, idText, "unarchived", (ticket) =>
    isArchivedPath(ticket.path) ? undefined : `not archived`,
  );
  if (typeof result === "string") {
    throw invalidInput(
      `${idText} is ${result}; archived tickets are in ${ARCHIVE_DIR}/ (list them with is:archived)`,
      {
        value: idText,
      },
    );
  }
  return result.ticket;
}

function cutoffOf(olderThan: string | undefined, now: Date): number {
  if (olderThan === undefined) return Infinity;
  const ms = ageToMs(olderThan.trim());
  if (ms === undefined) {
    throw invalidInput(
      `--older-than "${olderThan}" is not an age; write a number and a unit, as in 30d, 2w, 12h`,
      {
        value: olderThan,
        accepted: ["30d", "2w", "12h", "90m"],
      },
    );
  }
  return now.getTime() - ms;
}

const closedAt = (ticket: TicketSummary): string => ticket.completed ?? ticket.updated;

function planMove(ticket: TicketSummary): ArchiveMove {
  const { id, title, status, path } = ticket;
  return {
    id,
    title,
    status,
    closed: closedAt(ticket),
    from: path,
    to: `${ARCHIVE_DIR}/${fileNameOf(path)}`,
  };
}

/**
 * Moves one ticket into or out of the archive under its lock, without changing its bytes. `refuse`
 * looks at the ticket as read under the lock and names why it must stay (or returns undefined).
 */
async function moveTicket(
  ctx: WriteContext,
  idText: string,
  type: "archived" | "unarchived",
  refuse: (ticket: Ticket) => string | undefined,
): Promise<{ ticket: Ticket; from: string } | string> {
  const { project } = ctx;
  const target = resolveFresh(project, idText);
  return withLock(
    project.paths.locksDir,
    idKey(target.id),
    project.config.limits.lock_timeout_ms,
    async () => {
      let loaded = loadTicketFile(project.paths.root, target.path);
      if (!loaded.ok || idKey(loaded.ticket.id) !== idKey(target.id)) {
        loaded = loadTicketFile(project.paths.root, resolveFresh(project, target.id).path);
      }
      if (!loaded.ok) return `unreadable: ${loaded.error}`;
      const current = loaded.ticket;
      const reason = refuse(current);
      if (reason !== undefined) return reason;
      const to =
        type === "archived"
          ? `${ARCHIVE_DIR}/${fileNameOf(current.path)}`
          : ticketPathFor(project.config, current.status, fileNameOf(current.path));
      const destination = resolveTicketPath(project.paths, to);
      if (existsSync(destination)) {
        throw conflict(`Cannot move ${current.id} to ${to}: a file is already there`, {
          id: current.id,
          path: to,
        });
      }
      await moveFile(join(project.paths.root, current.path), destination);
      const ticket = recordWritten(ctx, to, loaded.doc.text, current.path);
      ctx.events.emit({
        type,
        at: nowIso(ctx),
        actor: ctx.actor,
        ticket,
        from: current.path,
        before: current.revision,
      });
      return { ticket, from: current.path };
    },
  );
}
