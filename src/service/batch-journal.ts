import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { invalidInput, TrackdownError } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { moveFile, writeFileAtomic } from "../store/atomic-write.js";
import { withLocks } from "../store/locks.js";
import { findProjectRoot, type ProjectPaths, projectPaths } from "../store/project.js";
import { fileNameOf, resolveTicketPath, scanTicketFiles } from "../store/ticket-files.js";
import { Project } from "./project.js";

/**
 * The journal of a multi-ticket write: every ticket's original bytes and a hash of what the
 * write puts there, kept in `.trackdown/cache/batch-<id>.json` while the write runs. If the
 * writer dies half-way, the next command finds the journal and puts the originals back, so a
 * batch lands whole or not at all.
 */

export const JournalEntrySchema = z.object({
  id: z.string(),
  /** Where the ticket was before the batch, relative to the root. */
  path: z.string(),
  /** The original file, base64. */
  original: z.string(),
  /** sha256 of the text the batch writes. */
  written: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

export const JournalSchema = z.object({
  version: z.literal(1),
  batch: z.string(),
  pid: z.number().int(),
  host: z.string(),
  started: z.string(),
  actor: z.string(),
  entries: z.array(JournalEntrySchema),
});
export type Journal = z.infer<typeof JournalSchema>;

export interface RestoreReport {
  readonly batch: string;
  /** Tickets put back to their bytes from before the batch. */
  readonly restored: string[];
  /** Tickets someone changed after the batch wrote them: left as they are. */
  readonly skipped: { id: string; reason: string }[];
}

const JOURNAL_FILE = /^batch-[A-Za-z0-9-]+\.json$/;

export const sha256 = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex");

export function journalFile(paths: ProjectPaths, batch: string): string {
  return join(paths.cacheDir, `batch-${batch}.json`);
}

export function newJournal(batch: string, actor: string, started: string): Journal {
  return { version: 1, batch, pid: process.pid, host: hostname(), started, actor, entries: [] };
}

export async function writeJournal(paths: ProjectPaths, journal: Journal): Promise<void> {
  await writeFileAtomic(journalFile(paths, journal.batch), `${JSON.stringify(journal)}\n`);
}

export async function removeJournal(paths: ProjectPaths, batch: string): Promise<void> {
  await rm(journalFile(paths, batch), { force: true });
}

/**
 * Puts each entry's original bytes back, but only where the file still holds what the batch
 * wrote (or holds the original already): a ticket changed since by someone else is left alone
 * and reported. A ticket the batch moved to another status folder is moved back first.
 */
export async function restoreEntries(paths: ProjectPaths, journal: Journal): Promise<RestoreReport> {
  const byName = new Map<string, string[]>();
  for (const file of scanTicketFiles(paths)) {
    const name = fileNameOf(file.path);
    byName.set(name, [...(byName.get(name) ?? []), file.path]);
  }
  const restored: string[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const entry of journal.entries) {
    const outcome = await restoreEntry(paths, entry, byName.get(fileNameOf(entry.path)) ?? []);
    if (outcome === "restored") restored.push(entry.id);
    else if (outcome !== "untouched") skipped.push({ id: entry.id, reason: outcome });
  }
  return { batch: journal.batch, restored, skipped };
}

async function restoreEntry(
  paths: ProjectPaths,
  entry: JournalEntry,
  candidates: readonly string[],
): Promise<string> {
  const original = Buffer.from(entry.original, "base64");
  const home = resolveTicketPath(paths, entry.path);
  for (const rel of candidates) {
    const bytes = readFileSync(join(paths.root, rel));
    if (sha256(bytes) !== entry.written) continue;
    // Move back first, then rewrite: a crash in between leaves the batch's text at home,
    // which the journal (still present) recognises next time.
    if (rel !== entry.path && !existsSync(home)) await moveFile(join(paths.root, rel), home);
    else if (rel !== entry.path) await rm(join(paths.root, rel));
    await writeFileAtomic(home, original);
    return "restored";
  }
  if (existsSync(home) && readFileSync(home).equals(original)) return "untouched";
  return candidates.length === 0
    ? "the file is gone (deleted after the batch wrote it)"
    : "changed by another writer after the batch wrote it";
}

/** Journals of batches whose writer is no longer running on this machine. */
export function abandonedJournals(paths: ProjectPaths): { file: string; journal: Journal }[] {
  let names: string[];
  try {
    names = readdirSync(paths.cacheDir).filter((name) => JOURNAL_FILE.test(name));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const file = join(paths.cacheDir, name);
    const journal = readJournal(file);
    return journal && !writerAlive(journal) ? [{ file, journal }] : [];
  });
}

function readJournal(file: string): Journal | undefined {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    raw = { error: (error as Error).message };
  }
  const parsed = JournalSchema.safeParse(raw);
  if (!parsed.success) {
    throw invalidInput(
      `Batch journal ${file} cannot be read, so its batch cannot be rolled back automatically; check the tickets it names, then delete it`,
      { file },
    );
  }
  return parsed.data;
}

/** A writer on another machine cannot be checked: its batch is assumed to be running. */
function writerAlive(journal: Journal): boolean {
  if (journal.host !== hostname() || journal.pid === process.pid) return true;
  try {
    process.kill(journal.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A dead writer's ticket locks stay held until they go stale (10 s after its last heartbeat),
 * so recovery waits that long on top of the usual lock timeout.
 */
const STALE_ALLOWANCE_MS = 12_000;

/** Rolls back every batch whose writer died half-way; returns what was put back. */
export async function recoverBatches(project: Project): Promise<RestoreReport[]> {
  const reports: RestoreReport[] = [];
  const { paths, config } = project;
  for (const { file, journal } of abandonedJournals(paths)) {
    const keys = journal.entries.map((e) => idKey(e.id));
    const timeout = config.limits.lock_timeout_ms + STALE_ALLOWANCE_MS;
    const report = await withLocks(paths.locksDir, keys, timeout, async () => {
      // Another process may have recovered it while we waited for the locks.
      if (!existsSync(file)) return undefined;
      const restored = await restoreEntries(paths, journal);
      await rm(file, { force: true });
      return restored;
    });
    if (report) reports.push(report);
  }
  if (reports.length > 0) project.index.refresh();
  return reports;
}

/**
 * What every CLI command runs first: finds the project around `cwd` (or at `root`) and rolls
 * back batches whose writer died. Cheap when there is nothing to do (one directory read); no
 * project there means nothing to recover.
 */
export async function recoverInterrupted(options: {
  root?: string | undefined;
  cwd?: string | undefined;
}): Promise<RestoreReport[]> {
  let root: string;
  try {
    root = findProjectRoot(options.cwd ?? process.cwd(), options.root ?? process.env.TRACKDOWN_ROOT);
  } catch (error) {
    // Commands that need a project say so themselves; `init` and `help` do not need one.
    if (error instanceof TrackdownError && error.code === "NOT_FOUND") return [];
    throw error;
  }
  if (abandonedJournals(projectPaths(root)).length === 0) return [];
  const project = Project.open({ root });
  try {
    return await recoverBatches(project);
  } finally {
    project.close();
  }
}
