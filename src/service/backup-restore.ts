import { existsSync, readFileSync, realpathSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import { conflict, invalidInput, notFound } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { DOT_DIR, projectPaths } from "../store/project.js";
import { loadTicketFile, parseTicketFile, scanTicketFiles } from "../store/ticket-files.js";
import { isTicketFile, MANIFEST_PATH, type Manifest, ManifestSchema, sha256 } from "./backup.js";
import { readTar, type TarEntry } from "./backup-tar.js";
import { initProject } from "./init.js";
import { Project } from "./project.js";
import { syncRegistry } from "./registry.js";

/**
 * Restoring a backup. The whole archive is checked first — gzip, tar headers, the manifest's
 * sizes and hashes, and every path (relative, no `..`, only the parts a backup holds) — and
 * nothing is touched unless all of it is sound. Existing files with other content, and tickets
 * whose ID lives at another path, are conflicts unless `force`; then the index is rebuilt.
 */

/** Decompressed size above which a backup is refused (a gzip bomb, or not ours). */
export const MAX_BACKUP_BYTES = 1024 ** 3;

export interface RestoreReport {
  readonly root: string;
  readonly files: number;
  /** Files created or overwritten. */
  readonly written: string[];
  readonly unchanged: number;
  /** Existing files overwritten with the backup's content (only with force). */
  readonly replaced: string[];
  /** Other copies of restored tickets (same ID, another path) deleted (only with force). */
  readonly removed: string[];
  /** Tickets in the index after the rebuild. */
  readonly tickets: number;
}

export async function restoreBackup(
  rootDir: string,
  file: string,
  options: { force?: boolean | undefined } = {},
): Promise<RestoreReport> {
  const root = resolve(rootDir);
  const { files } = verifyBackup(readBackup(file));
  await mkdir(root, { recursive: true });
  const plan = planRestore(root, files);
  const conflicts = [...plan.replaced.map((p) => `${p} differs`), ...plan.duplicates.map((d) => d.message)];
  if (conflicts.length > 0 && !options.force) {
    const shown = conflicts.slice(0, 10).join("; ");
    const more = conflicts.length > 10 ? ` (and ${conflicts.length - 10} more)` : "";
    throw conflict(
      `Restore would overwrite existing files: ${shown}${more}. Nothing was restored; pass --force to replace them`,
      {
        conflicts,
      },
    );
  }
  for (const entry of plan.writes) await writeFileAtomic(join(root, entry.path), entry.data);
  for (const duplicate of plan.duplicates) await rm(join(root, duplicate.path), { force: true });
  await initProject(root);
  const project = Project.open({ root });
  try {
    const report = project.index.rebuild();
    // Tickets kept from before the restore make the backup's registry stale: bring it up to date.
    if (project.config.registry.auto) await syncRegistry(project);
    return {
      root,
      files: files.length,
      written: plan.writes.map((w) => w.path),
      unchanged: files.length - plan.writes.length,
      replaced: plan.replaced,
      removed: plan.duplicates.map((d) => d.path),
      tickets: report.scanned,
    };
  } finally {
    project.close();
  }
}

/**
 * Where a restore goes: the explicit root, else the nearest project at or above `cwd`, else
 * `cwd` itself (a restore may create the project).
 */
export function restoreTarget(cwd: string, explicit: string | undefined): string {
  if (explicit) return resolve(cwd, explicit);
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, DOT_DIR))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

function readBackup(file: string): Buffer {
  if (!existsSync(file)) throw notFound(`No backup at ${file}`, { file });
  let tar: Buffer;
  try {
    tar = gunzipSync(readFileSync(file), { maxOutputLength: MAX_BACKUP_BYTES });
  } catch (error) {
    throw invalidInput(
      `Not a valid backup: ${file} is not gzip data of at most 1 GiB (${(error as Error).message})`,
      {
        file,
      },
    );
  }
  return tar;
}

/** The backup's files after every check; throws INVALID_INPUT naming the first problem. */
export function verifyBackup(tar: Buffer): { manifest: Manifest; files: TarEntry[] } {
  const entries = readTar(tar);
  const manifestEntry = entries.find((e) => e.path === MANIFEST_PATH);
  if (!manifestEntry) throw bad(`no ${MANIFEST_PATH} manifest; is this a Trackdown backup?`);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(manifestEntry.data).toString("utf8"));
  } catch {
    throw bad(`${MANIFEST_PATH} is not JSON`);
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success)
    throw bad(`${MANIFEST_PATH} is not a backup manifest: ${parsed.error.issues[0]?.message}`);
  const manifest = parsed.data;
  const registryProblem =
    unsafePath(manifest.registry) ?? (manifest.registry.endsWith(".md") ? undefined : "not .md");
  if (registryProblem) throw bad(`the registry path "${manifest.registry}" is refused: ${registryProblem}`);
  const files = entries.filter((e) => e !== manifestEntry);
  checkEntries(files, manifest);
  return { manifest, files };
}

function checkEntries(files: readonly TarEntry[], manifest: Manifest): void {
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  const seen = new Set<string>();
  for (const entry of files) {
    const problem =
      unsafePath(entry.path) ??
      (allowedPath(entry.path, manifest.registry) ? undefined : "not part of a backup");
    if (problem) throw bad(`entry "${entry.path}" is refused: ${problem}`);
    if (seen.has(entry.path)) throw bad(`entry "${entry.path}" appears twice`);
    seen.add(entry.path);
    const expected = listed.get(entry.path);
    if (!expected) throw bad(`entry "${entry.path}" is not in the manifest`);
    if (expected.size !== entry.data.length || expected.sha256 !== sha256(entry.data)) {
      throw bad(`entry "${entry.path}" does not match its sha256 in the manifest (damaged or altered)`);
    }
  }
  const missing = manifest.files.find((f) => !seen.has(f.path));
  if (missing) throw bad(`"${missing.path}" is in the manifest but not in the archive`);
}

/** Why a path from an archive may not be written, or undefined when it is a plain relative path. */
export function unsafePath(path: string): string | undefined {
  if (path === "" || path.includes("\0")) return "empty or contains NUL";
  if (path.includes("\\")) return "contains a backslash";
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute path";
  const parts = path.split("/");
  if (parts.includes("..")) return 'contains ".." (would escape the project)';
  if (parts.some((p) => p === "" || p === ".")) return "not a normalized path";
  return undefined;
}

function allowedPath(path: string, registry: string): boolean {
  return (
    path === ".trackdown/config.yaml" ||
    path === ".trackdown/sprints.yaml" ||
    path.startsWith(".trackdown/templates/") ||
    path.startsWith("tickets/") ||
    (path === registry && !path.startsWith(".trackdown/"))
  );
}

const bad = (what: string) =>
  invalidInput(`Not a valid backup: ${what}. Nothing was restored`, { reason: what });

interface Plan {
  readonly writes: TarEntry[];
  readonly replaced: string[];
  readonly duplicates: { path: string; message: string }[];
}

function planRestore(root: string, files: readonly TarEntry[]): Plan {
  const writes: TarEntry[] = [];
  const replaced: string[] = [];
  for (const entry of files) {
    assertInside(root, entry.path);
    const target = join(root, entry.path);
    const current = existsSync(target) ? readFileSync(target) : undefined;
    if (current?.equals(entry.data)) continue;
    writes.push(entry);
    if (current !== undefined) replaced.push(entry.path);
  }
  return { writes, replaced, duplicates: duplicateTickets(root, files) };
}

/** Existing tickets with an ID the backup also has, at a path the backup does not write. */
function duplicateTickets(root: string, files: readonly TarEntry[]): { path: string; message: string }[] {
  const restored = new Map<string, string>();
  for (const entry of files.filter((f) => isTicketFile(f.path))) {
    const text = Buffer.from(entry.data).toString("utf8");
    const parsed = parseTicketFile(text, entry.path, {
      path: entry.path,
      size: entry.data.length,
      mtimeMs: 0,
    });
    if (parsed.ok) restored.set(idKey(parsed.ticket.id), entry.path);
  }
  const paths = new Set(files.map((f) => f.path));
  return scanTicketFiles(projectPaths(root)).flatMap((stat) => {
    if (paths.has(stat.path)) return [];
    const loaded = loadTicketFile(root, stat.path);
    const other = loaded.ok ? restored.get(idKey(loaded.ticket.id)) : undefined;
    if (!loaded.ok || other === undefined) return [];
    return [
      {
        path: stat.path,
        message: `${loaded.ticket.id} is at ${stat.path} here but at ${other} in the backup`,
      },
    ];
  });
}

/** Refuses a target whose nearest existing folder resolves (through symlinks) outside the root. */
function assertInside(root: string, path: string): void {
  const realRoot = realpathSync(root);
  let dir = dirname(join(root, path));
  while (!existsSync(dir)) dir = dirname(dir);
  const real = realpathSync(dir);
  if (real !== realRoot && !real.startsWith(`${realRoot}${sep}`)) {
    throw invalidInput(`Refusing to restore ${path}: ${dir} leads outside ${root} (a symlink?)`, { path });
  }
}
