import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { z } from "zod";
import { conflict } from "../core/errors.js";
import { TEMP_PREFIX, writeFileAtomic } from "../store/atomic-write.js";
import { TICKETS_DIR } from "../store/project.js";
import { writeTar } from "./backup-tar.js";
import type { Project } from "./project.js";

/**
 * Backups: one gzip'd tar of what a project is made of — `.trackdown/config.yaml`, templates,
 * `.trackdown/sprints.yaml`, every file under `tickets/` and the registry — led by a manifest of
 * every file with its size and sha256. The index, locks and audit log are derived or local and
 * stay out. Restoring lives in backup-restore.ts.
 */

export const MANIFEST_PATH = "trackdown-backup.json";
export const BACKUP_FORMAT = "trackdown-backup";

export const ManifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(1),
  created: z.string(),
  project: z.string(),
  /** Where the registry was, so a restore knows the one file outside tickets/ it may write. */
  registry: z.string(),
  files: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative(), sha256: z.string() })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export interface BackupReport {
  readonly file: string;
  readonly files: number;
  readonly tickets: number;
  readonly bytes: number;
  /** Entries under tickets/ that are not regular files (symlinks, sockets), left out. */
  readonly skipped: string[];
}

export const sha256 = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

export async function createBackup(
  project: Project,
  file: string,
  options: { force?: boolean | undefined; now: Date },
): Promise<BackupReport> {
  if (existsSync(file) && !options.force) {
    throw conflict(`${file} already exists; pass --force to overwrite it`, { file });
  }
  const { files, skipped } = collectFiles(project);
  const manifest: Manifest = {
    format: BACKUP_FORMAT,
    version: 1,
    created: options.now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    project: project.config.project,
    registry: project.config.registry.path,
    files: files.map((f) => ({ path: f.path, size: f.data.length, sha256: sha256(f.data) })),
  };
  const manifestEntry = { path: MANIFEST_PATH, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) };
  const tar = writeTar([manifestEntry, ...files], Math.floor(options.now.getTime() / 1000));
  const gz = gzipSync(tar, { level: 9 });
  await writeFileAtomic(file, gz);
  const tickets = files.filter((f) => isTicketFile(f.path)).length;
  return { file, files: files.length, tickets, bytes: gz.length, skipped };
}

/**
 * The project's files, sorted by path. A ticket moved between folders while we read (a status
 * change) can be read twice or missed: the ticket names read are compared with a fresh listing,
 * and the scan is repeated (up to three times) until they agree.
 */
function collectFiles(project: Project): { files: { path: string; data: Buffer }[]; skipped: string[] } {
  const ticketNames = (paths: readonly string[]) =>
    paths.filter(isTicketFile).map(baseName).sort().join("\n");
  for (let attempt = 0; ; attempt++) {
    const result = scanOnce(project);
    const read = ticketNames(result.files.map((f) => f.path));
    if (read === ticketNames(walk(project.paths.root, TICKETS_DIR, [])) || attempt >= 2) return result;
  }
}

function scanOnce(project: Project): { files: { path: string; data: Buffer }[]; skipped: string[] } {
  const { root } = project.paths;
  const skipped: string[] = [];
  const paths = [
    ".trackdown/config.yaml",
    ".trackdown/sprints.yaml",
    project.config.registry.path,
    ...walk(root, ".trackdown/templates", skipped),
    ...walk(root, TICKETS_DIR, skipped),
  ];
  const files = [...new Set(paths)].sort().flatMap((path) => {
    try {
      if (!lstatSync(join(root, path)).isFile()) return [];
      return [{ path, data: readFileSync(join(root, path)) }];
    } catch {
      return []; // absent (sprints.yaml, the registry) or moved away since the walk
    }
  });
  return { files, skipped };
}

/** Regular files under `rel`, recursively, without temporary files of interrupted writes. */
function walk(root: string, rel: string, skipped: string[]): string[] {
  let entries: import("node:fs").Dirent[];
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = `${rel}/${entry.name}`;
    if (entry.name.startsWith(TEMP_PREFIX)) return [];
    if (entry.isDirectory()) return walk(root, path, skipped);
    if (entry.isFile()) return [path];
    skipped.push(path);
    return [];
  });
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** A Markdown file under tickets/ that is not a dotfile: what the index reads as a ticket. */
export const isTicketFile = (path: string): boolean =>
  path.startsWith(`${TICKETS_DIR}/`) && path.endsWith(".md") && !baseName(path).startsWith(".");
