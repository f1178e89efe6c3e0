import { toTrackdownError } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import type { TicketSummary } from "../core/schema.js";
import type { TicketEvent } from "../service/events.js";
import type { TicketService } from "../service/ticket-service.js";
import { type LoadedTicket, loadTicketFile } from "../store/ticket-files.js";
import type { RefreshReport } from "../store/ticket-index.js";
import type { InFlight } from "./in-flight.js";
import type { Logger } from "./logger.js";
import type { ServerMetrics } from "./metrics.js";

/** What the server last knew of a ticket: where its file was and its revision (null: deleted). */
interface Known {
  readonly path: string;
  readonly revision: string | null;
}

/** A change to a ticket file that this server did not make, as sent on the live stream. */
export interface FileChange {
  readonly source: "file";
  readonly change: "added" | "changed" | "removed";
  readonly path: string;
  readonly id?: string;
  readonly ticket?: TicketSummary;
  /** Where the file was before, when it moved. */
  readonly previous_path?: string;
}

/** More changed files than this at once (a checkout, a restore): scan everything instead. */
export const MASS_CHANGE = 2000;

export interface LiveFilesOptions {
  readonly service: TicketService;
  readonly publish: (event: string, payload: unknown) => void;
  readonly log: Logger;
  readonly metrics: ServerMetrics;
  readonly inFlight: InFlight;
  readonly fullRefresh: () => Promise<RefreshReport>;
  /** Asks for the registry to be regenerated (it follows hand edits too). */
  readonly registry?: (() => void) | undefined;
}

const FILE_ID = /^([A-Za-z][A-Za-z0-9]*-[A-Za-z0-9]+)(?:-[^/]*)?\.md$/;

/** The ticket ID a file name starts with (`TSK-7f3k-fix-it.md` → `TSK-7f3k`). */
export function idFromPath(path: string): string | undefined {
  return FILE_ID.exec(path.slice(path.lastIndexOf("/") + 1))?.[1];
}

/**
 * Applies changes to ticket files made by hand, by other processes or by git to the index, and
 * announces them on the live stream as `file-changed` (or `problem` for a file that cannot be
 * read). The server's own writes are recognised and not announced twice: every service event
 * records the file and revision it wrote, and a changed file still at that revision is the
 * server's own.
 */
export class LiveFiles {
  private readonly known = new Map<string, Known>();
  private readonly problems = new Map<string, string>();
  private chain: Promise<void> = Promise.resolve();
  /** Batches that failed to apply; the index may miss their changes until the next rescan. */
  failures = 0;
  /** When the last batch was applied, for /health. */
  lastApplied: { at: string; files: number; ms: number } | undefined;

  constructor(private readonly options: LiveFilesOptions) {}

  /** Remembers what the server itself wrote; subscribe it to the service's events. */
  noteEvent(event: TicketEvent): void {
    if (event.type === "deleted") this.known.set(idKey(event.id), { path: event.path, revision: null });
    else this.known.set(idKey(event.ticket.id), { path: event.ticket.path, revision: event.ticket.revision });
  }

  /** Queues a batch from the watcher; batches apply one after another, in order. */
  enqueue(paths: ReadonlySet<string>, rescan: boolean): Promise<void> {
    this.chain = this.chain
      .then(() => this.apply(paths, rescan))
      .catch((error: unknown) => {
        this.failures += 1;
        this.options.log.error({ err: toTrackdownError(error) }, "applying file changes failed");
      });
    return this.chain;
  }

  /** Resolves once every batch queued so far is applied. */
  idle(): Promise<void> {
    return this.chain;
  }

  get problemCount(): number {
    return this.problems.size;
  }

  private async apply(paths: ReadonlySet<string>, rescan: boolean): Promise<void> {
    await this.options.inFlight.settled();
    const started = performance.now();
    if (rescan || paths.size > MASS_CHANGE) {
      const report = await this.options.fullRefresh();
      this.options.log.info({ files: paths.size, ...report }, "many files changed: index rescanned");
      this.options.publish("reset", { reason: "files rescanned", ...report });
      this.options.registry?.();
      return;
    }
    const changes = this.sync(paths);
    const ms = performance.now() - started;
    this.options.metrics.refresh.observe(ms / 1000, { kind: "watch" });
    this.lastApplied = { at: new Date().toISOString(), files: paths.size, ms: Number(ms.toFixed(1)) };
    for (const change of changes) {
      this.options.metrics.fileChanges.inc({ change: change.change });
      this.options.publish("file-changed", change);
    }
    if (changes.length > 0) {
      this.options.log.info(
        { files: changes.map((c) => c.path), ms: Math.round(ms) },
        "ticket files changed on disk",
      );
      this.options.registry?.();
    }
  }

  /** Brings the index in line with these files; returns the changes that were not the server's. */
  private sync(paths: ReadonlySet<string>): FileChange[] {
    const root = this.options.service.project.paths.root;
    const loaded = [...paths].map((path) => loadTicketFile(root, path));
    const changes: FileChange[] = [];
    // Present files first: a move shows up as its new file, and the old path is then known.
    for (const entry of loaded) if (entry.stat) this.syncPresent(entry, changes);
    for (const entry of loaded) if (!entry.stat && !entry.ok) this.syncMissing(entry.path, changes);
    return changes;
  }

  private syncPresent(entry: LoadedTicket, changes: FileChange[]): void {
    const { index } = this.options.service.project;
    if (!entry.ok) {
      index.record(entry);
      if (this.problems.get(entry.path) === entry.error) return;
      this.problems.set(entry.path, entry.error);
      this.options.log.warn({ path: entry.path, error: entry.error }, "ticket file cannot be read");
      this.options.publish("problem", { source: "file", path: entry.path, error: entry.error });
      return;
    }
    const { ticket } = entry;
    this.problems.delete(ticket.path);
    const key = idKey(ticket.id);
    const known = this.known.get(key);
    if (known?.path === ticket.path && known.revision === ticket.revision) return;
    const rows = index.lookup(ticket.id).filter((row) => idKey(row.id) === key);
    const moved = known?.revision && known.path !== ticket.path ? known.path : undefined;
    index.record(entry);
    this.known.set(key, { path: ticket.path, revision: ticket.revision });
    const { body: _body, ...summary } = ticket;
    changes.push({
      source: "file",
      change: rows.length === 0 && !moved ? "added" : "changed",
      path: ticket.path,
      id: ticket.id,
      ticket: summary,
      ...(moved ? { previous_path: moved } : {}),
    });
  }

  private syncMissing(path: string, changes: FileChange[]): void {
    const hadProblem = this.problems.delete(path);
    const id = idFromPath(path);
    const known = id === undefined ? undefined : this.known.get(idKey(id));
    // Whoever removed it, the index must not keep it (a writer that moved it has already).
    this.options.service.project.index.forget(path);
    // The ticket moved (announced at its new path), or the removal was the server's own or known.
    if (known && (known.path !== path || known.revision === null) && !hadProblem) return;
    if (id !== undefined) this.known.set(idKey(id), { path, revision: null });
    changes.push({ source: "file", change: "removed", path, ...(id === undefined ? {} : { id }) });
  }
}
