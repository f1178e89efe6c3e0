import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { invalidInput, notFound } from "../../core/errors.js";

/**
 * Reading what is to be imported: a file, or every file under a folder (relative paths with
 * forward slashes, sorted, so that reports and ID choices are the same on every run).
 */

export interface SourceListing {
  /** The folder the relative paths start from. */
  readonly root: string;
  readonly files: string[];
  /** The path as given, made absolute. */
  readonly path: string;
  /** The path named a single file. */
  readonly single: boolean;
}

/** Folders never worth reading: version control, dependencies, Trackdown's own state. */
const SKIPPED_DIRS = new Set([".git", "node_modules", ".trackdown", ".hg", ".svn"]);
const MAX_DEPTH = 8;
const MAX_FILES = 1_000_000;

export function listSource(cwd: string, path: string): SourceListing {
  const absolute = resolve(cwd, path);
  let stat: import("node:fs").Stats;
  try {
    stat = statSync(absolute);
  } catch {
    throw notFound(`Nothing to import at ${absolute}: no such file or folder`, { path: absolute });
  }
  if (stat.isFile())
    return { root: dirname(absolute), path: absolute, files: [basename(absolute)], single: true };
  const files: string[] = [];
  const walk = (dir: string, rel: string, depth: number): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const relPath = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIPPED_DIRS.has(entry.name))
          walk(join(dir, entry.name), relPath, depth + 1);
      } else if (entry.isFile()) {
        files.push(relPath);
        if (files.length > MAX_FILES) {
          throw invalidInput(
            `More than ${MAX_FILES} files under ${absolute}; point import at the tickets folder`,
          );
        }
      }
    }
  };
  walk(absolute, "", 1);
  return { root: absolute, path: absolute, files, single: false };
}

export function readSourceText(listing: SourceListing, file: string): string {
  return readFileSync(join(listing.root, file), "utf8");
}
