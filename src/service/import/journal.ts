import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../../store/atomic-write.js";
import type { ProjectPaths } from "../../store/project.js";
import { resolveTicketPath } from "../../store/ticket-files.js";

/**
 * The journal of an import in progress: `.trackdown/cache/import-<id>.json` lists every file
 * the import is about to create and a hash of its text. It is removed once the import is
 * written (or rolled back). If the importing process was killed half-way, the next import finds
 * the journal and removes the files it created, where they are unchanged, so a crash does not
 * leave half an import behind either.
 */

const JournalSchema = z.object({
  version: z.literal(1),
  pid: z.number().int(),
  host: z.string(),
  started: z.string(),
  files: z.array(z.object({ path: z.string(), sha256: z.string() })),
});
type Journal = z.infer<typeof JournalSchema>;

const JOURNAL_FILE = /^import-[A-Za-z0-9-]+\.json$/;

export interface RecoveredImport {
  readonly journal: string;
  readonly started: string;
  /** Files of the interrupted import that were removed. */
  readonly removed: number;
  /** Files changed since the import wrote them: left in place. */
  readonly kept: string[];
}

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Writes the journal before the import writes anything; returns a function that removes it. */
export async function openJournal(
  paths: ProjectPaths,
  started: string,
  files: readonly { path: string; text: string }[],
): Promise<() => Promise<void>> {
  const file = join(paths.cacheDir, `import-${process.pid}-${randomBytes(4).toString("hex")}.json`);
  const journal: Journal = {
    version: 1,
    pid: process.pid,
    host: hostname(),
    started,
    files: files.map((f) => ({ path: f.path, sha256: sha256(f.text) })),
  };
  await writeFileAtomic(file, `${JSON.stringify(journal)}\n`);
  return () => rm(file, { force: true });
}

/** Rolls back imports whose process died while writing (on this machine); returns what it did. */
export async function recoverImports(paths: ProjectPaths): Promise<RecoveredImport[]> {
  const recovered: RecoveredImport[] = [];
  for (const name of journalNames(paths)) {
    const file = join(paths.cacheDir, name);
    const journal = readJournal(file);
    if (journal === undefined || writerAlive(journal)) continue;
    const kept: string[] = [];
    let removed = 0;
    for (const entry of journal.files) {
      const absolute = resolveTicketPath(paths, entry.path);
      if (!existsSync(absolute)) continue;
      if (sha256(readFileSync(absolute, "utf8")) !== entry.sha256) kept.push(entry.path);
      else {
        await rm(absolute, { force: true });
        removed += 1;
      }
    }
    await rm(file, { force: true });
    recovered.push({ journal: name, started: journal.started, removed, kept });
  }
  return recovered;
}

function journalNames(paths: ProjectPaths): string[] {
  try {
    return readdirSync(paths.cacheDir).filter((name) => JOURNAL_FILE.test(name));
  } catch {
    return [];
  }
}

/** A journal that cannot be read (it is written atomically, so someone broke it) names nothing to remove. */
function readJournal(file: string): Journal | undefined {
  try {
    const parsed = JournalSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    return parsed.success ? parsed.data : { version: 1, pid: -1, host: hostname(), started: "", files: [] };
  } catch {
    return { version: 1, pid: -1, host: hostname(), started: "", files: [] };
  }
}

/** Another machine's import cannot be checked, so it is left alone. */
function writerAlive(journal: Journal): boolean {
  if (journal.host !== hostname()) return true;
  if (journal.pid === process.pid) return true;
  if (journal.pid <= 0) return false;
  try {
    process.kill(journal.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
