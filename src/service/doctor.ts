import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { appendActivity } from "../core/body.js";
import { idKey, randomId, randomIdLength } from "../core/ids.js";
import type { TicketSummary } from "../core/schema.js";
import { moveFile, TEMP_PREFIX, writeFileAtomic } from "../store/atomic-write.js";
import {
  fileNameOf,
  loadTicketFile,
  resolveTicketPath,
  ticketFileName,
  ticketPathFor,
} from "../store/ticket-files.js";
import { updateTicketText } from "../store/ticket-format.js";
import type { Project } from "./project.js";
import { type Problem, validateProject } from "./validate.js";

export interface DoctorReport {
  readonly problems: Problem[];
  /** Leftovers of interrupted writes. */
  readonly tempFiles: string[];
  /** What `--fix` changed. */
  readonly fixed: string[];
}

/** Diagnoses the project; with `fix`, repairs what is safe to repair without a person. */
export async function runDoctor(
  project: Project,
  options: { fix: boolean; actor: string; now: Date },
): Promise<DoctorReport> {
  const tempFiles = allTempFiles(project);
  const before = validateProject(project);
  if (!options.fix) return { problems: before.problems, tempFiles, fixed: [] };
  const fixed: string[] = [];
  for (const temp of tempFiles) {
    await rm(join(project.paths.root, temp), { force: true });
    fixed.push(`removed leftover ${temp}`);
  }
  const at = options.now.toISOString().replace(/\.\d{3}Z$/, "Z");
  fixed.push(...(await renumberDuplicates(project, before.problems, options.actor, at)));
  project.index.refresh();
  for (const problem of validateProject(project).problems.filter((p) => p.kind === "misplaced")) {
    const summary = project.index.byIds([idKey(problem.id ?? "")]).find((t) => t.path === problem.path);
    if (!summary) continue;
    const target = ticketPathFor(project.config, summary.status, fileNameOf(summary.path));
    await moveFile(join(project.paths.root, summary.path), resolveTicketPath(project.paths, target));
    fixed.push(`moved ${summary.path} to ${target}`);
  }
  project.index.refresh();
  return {
    problems: validateProject(project).problems,
    tempFiles: allTempFiles(project),
    fixed,
  };
}

/** Leftovers of atomic writes: in tickets/, in .trackdown/, and beside the registry at the root. */
function allTempFiles(project: Project): string[] {
  const atRoot = findTempFiles(project.paths.root, ".", false).map((path) => path.slice(2));
  return [
    ...atRoot,
    ...findTempFiles(project.paths.dotDir, ".trackdown"),
    ...findTempFiles(project.paths.ticketsDir, "tickets"),
  ];
}

function findTempFiles(dir: string, rel: string, deep = true): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = `${rel}/${entry.name}`;
    if (entry.isDirectory()) return deep ? findTempFiles(join(dir, entry.name), path) : [];
    return entry.name.startsWith(TEMP_PREFIX) ? [path] : [];
  });
}

/**
 * The oldest holder of a duplicated ID keeps it (references keep pointing at it); every other
 * copy gets a fresh ID, a new file name, and an activity line saying what it was.
 */
async function renumberDuplicates(
  project: Project,
  problems: Problem[],
  actor: string,
  at: string,
): Promise<string[]> {
  const fixed: string[] = [];
  const groups = new Map<string, TicketSummary[]>();
  for (const problem of problems.filter((p) => p.kind === "duplicate-id")) {
    const key = idKey(problem.id ?? "");
    const copy = project.index.byIds([key]).find((t) => t.path === problem.path);
    if (copy) groups.set(key, [...(groups.get(key) ?? []), copy]);
  }
  const taken = project.index.idKeys();
  for (const copies of groups.values()) {
    const ordered = [...copies].sort(
      (a, b) => a.created.localeCompare(b.created) || a.path.localeCompare(b.path),
    );
    for (const copy of ordered.slice(1)) {
      const prefix = project.config.types[copy.type]?.prefix ?? copy.id.split("-")[0] ?? "TSK";
      let id = randomId(prefix, randomIdLength(taken.size), randomBytes);
      while (taken.has(idKey(id))) id = randomId(prefix, randomIdLength(taken.size), randomBytes);
      taken.add(idKey(id));
      const loaded = loadTicketFile(project.paths.root, copy.path);
      if (!loaded.ok) continue;
      const body = appendActivity(loaded.doc.body, {
        at,
        author: actor,
        kind: "event",
        text: `ID changed from ${copy.id} (duplicate of ${ordered[0]?.path})`,
      });
      const text = updateTicketText(loaded.doc, { set: { id, updated: at }, body });
      const target = ticketPathFor(project.config, copy.status, ticketFileName(id, copy.title));
      await writeFileAtomic(resolveTicketPath(project.paths, copy.path), text);
      await moveFile(join(project.paths.root, copy.path), resolveTicketPath(project.paths, target));
      fixed.push(`renumbered ${copy.path} from ${copy.id} to ${id}`);
    }
  }
  return fixed;
}
