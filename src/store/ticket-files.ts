import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import type { Config } from "../core/config.js";
import { invalidInput } from "../core/errors.js";
import { slugify } from "../core/ids.js";
import { type Ticket, TicketFieldsSchema } from "../core/schema.js";
import { folderOf } from "../core/workflow.js";
import type { ProjectPaths } from "./project.js";
import { parseTicketText, type TicketDocument } from "./ticket-format.js";

/** A ticket file as the index sees it: where, how big, when last written. */
export interface FileStat {
  /** Relative to the project root, forward slashes: `tickets/pending/TSK-7f3k-fix.md`. */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export type LoadedTicket =
  | { readonly ok: true; readonly ticket: Ticket; readonly doc: TicketDocument; readonly stat: FileStat }
  | { readonly ok: false; readonly path: string; readonly error: string; readonly stat?: FileStat };

const MAX_DEPTH = 3;

/**
 * Every `.md` file under `tickets/`, skipping dotfiles (temporary files of atomic writes).
 * This runs before every read, so it is written for speed: names-only `readdir`, one `stat`
 * per entry, paths built by concatenation (`/` works on every platform).
 */
export function scanTicketFiles(paths: ProjectPaths): FileStat[] {
  const found: FileStat[] = [];
  const walk = (dir: string, rel: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.charCodeAt(0) === 46 /* . */) continue;
      const stat = statSync(`${dir}/${name}`, { throwIfNoEntry: false });
      if (stat === undefined) continue;
      if (stat.isDirectory()) {
        if (depth < MAX_DEPTH) walk(`${dir}/${name}`, `${rel}/${name}`, depth + 1);
      } else if (name.endsWith(".md") && stat.isFile()) {
        found.push({ path: `${rel}/${name}`, size: stat.size, mtimeMs: stat.mtimeMs });
      }
    }
  };
  walk(paths.ticketsDir, "tickets", 1);
  return found;
}

export function statOf(root: string, relPath: string): FileStat | undefined {
  try {
    const stat = statSync(join(root, relPath), { throwIfNoEntry: false });
    return stat?.isFile() ? { path: relPath, size: stat.size, mtimeMs: stat.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

export function revisionOf(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Reads, parses and validates one ticket file. Problems are returned, never thrown. */
export function loadTicketFile(root: string, relPath: string): LoadedTicket {
  const stat = statOf(root, relPath);
  if (!stat) return { ok: false, path: relPath, error: "file is missing" };
  let text: string;
  try {
    text = readFileSync(join(root, relPath), "utf8");
  } catch (error) {
    return { ok: false, path: relPath, error: (error as Error).message, stat };
  }
  return parseTicketFile(text, relPath, stat);
}

export function parseTicketFile(text: string, relPath: string, stat: FileStat): LoadedTicket {
  let doc: TicketDocument;
  try {
    doc = parseTicketText(text);
  } catch (error) {
    return { ok: false, path: relPath, error: (error as Error).message, stat };
  }
  const parsed = TicketFieldsSchema.safeParse(doc.data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "frontmatter"}: ${i.message}`);
    return { ok: false, path: relPath, error: issues.join("; "), stat };
  }
  const ticket: Ticket = { ...parsed.data, body: doc.body, path: relPath, revision: revisionOf(text) };
  return { ok: true, ticket, doc, stat };
}

/** Where a ticket with this status belongs: `tickets/<status folder>/<ID>-<slug>.md`. */
export function ticketPathFor(config: Config, status: string, fileName: string): string {
  return config.layout === "flat" ? `tickets/${fileName}` : `tickets/${folderOf(config, status)}/${fileName}`;
}

export function ticketFileName(id: string, title: string): string {
  return `${id}-${slugify(title)}.md`;
}

/** The file name of a relative path (its last segment). */
export function fileNameOf(relPath: string): string {
  return relPath.slice(relPath.lastIndexOf("/") + 1);
}

/** Resolves a project-relative path, refusing anything that would leave the tickets folder. */
export function resolveTicketPath(paths: ProjectPaths, relPath: string): string {
  const absolute = join(paths.root, relPath);
  const inside = relative(paths.ticketsDir, absolute);
  if (inside === "" || inside.startsWith("..") || isAbsolute(inside) || relPath.includes("\0")) {
    throw invalidInput(`Path "${relPath}" is outside the tickets folder`, { path: relPath });
  }
  return absolute;
}

export function toRelative(paths: ProjectPaths, absolute: string): string {
  return relative(paths.root, absolute).split(sep).join("/");
}
