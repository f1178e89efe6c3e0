import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { notFound } from "../core/errors.js";

/*
 * Where a project's root is, apart from the rest of store/project.ts: the CLI's launcher
 * (cli/launcher.ts) needs it before anything heavy loads, so this module imports only Node and
 * core/errors.
 */

export const DOT_DIR = ".trackdown";

/**
 * Walks up from `start` to the folder holding `.trackdown/`. An explicit root (flag or
 * TRACKDOWN_ROOT) must itself hold one.
 */
export function findProjectRoot(start: string, explicit?: string): string {
  if (explicit !== undefined && explicit !== "") {
    const root = resolve(start, explicit);
    if (!isDirectory(join(root, DOT_DIR))) {
      throw notFound(
        `No Trackdown project at ${root} (no ${DOT_DIR}/ folder); run "trackdown init" there first`,
        {
          root,
        },
      );
    }
    return root;
  }
  let dir = resolve(start);
  for (;;) {
    if (isDirectory(join(dir, DOT_DIR))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw notFound(
    `No Trackdown project found in ${resolve(start)} or any folder above it; run "trackdown init" to create one, or pass --root`,
    { start: resolve(start) },
  );
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
