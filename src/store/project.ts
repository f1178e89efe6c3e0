import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { type Config, parseConfig } from "../core/config.js";
import { invalidInput } from "../core/errors.js";
import { DOT_DIR } from "./project-root.js";

export { DOT_DIR, findProjectRoot } from "./project-root.js";

/** Where a project's parts live on disk (DESIGN §2). */
export interface ProjectPaths {
  readonly root: string;
  readonly dotDir: string;
  readonly configFile: string;
  readonly templatesDir: string;
  readonly cacheDir: string;
  readonly indexFile: string;
  readonly locksDir: string;
  readonly auditDir: string;
  readonly ticketsDir: string;
}

export const TICKETS_DIR = "tickets";

export function projectPaths(root: string): ProjectPaths {
  const dotDir = join(root, DOT_DIR);
  return {
    root,
    dotDir,
    configFile: join(dotDir, "config.yaml"),
    templatesDir: join(dotDir, "templates"),
    cacheDir: join(dotDir, "cache"),
    indexFile: join(dotDir, "cache", "index.db"),
    locksDir: sharedLocksDir(root) ?? join(dotDir, "locks"),
    auditDir: join(dotDir, "audit"),
    ticketsDir: join(root, TICKETS_DIR),
  };
}

/** Reads and validates `.trackdown/config.yaml`; a missing file means all defaults. */
export function loadConfig(paths: ProjectPaths): Config {
  let raw: unknown = {};
  if (existsSync(paths.configFile)) {
    const doc = parseDocument(readFileSync(paths.configFile, "utf8"));
    const problem = doc.errors[0];
    if (problem) {
      throw invalidInput(`Malformed ${paths.configFile}: ${problem.message}`, { file: paths.configFile });
    }
    const data: unknown = doc.toJS() ?? {};
    // A key left empty (`hooks:`) means "the default", as a reader of the file would expect.
    raw = isRecord(data) ? Object.fromEntries(Object.entries(data).filter(([, v]) => v !== null)) : data;
  }
  const result = parseConfig(raw);
  if ("issues" in result) {
    throw invalidInput(`Invalid ${paths.configFile}: ${result.issues.join("; ")}`, {
      file: paths.configFile,
      issues: result.issues,
    });
  }
  return result.config;
}

/**
 * Locks must be seen by every worktree of a repository, so they live in git's common
 * directory when there is one. Resolved by reading `.git` directly: no git process per call.
 */
function sharedLocksDir(root: string): string | undefined {
  const dotGit = join(root, ".git");
  try {
    const stat = statSync(dotGit);
    if (stat.isDirectory()) return join(dotGit, "trackdown", "locks");
    const gitDir = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
    if (!gitDir) return undefined;
    const worktreeGitDir = resolve(root, gitDir);
    const commonFile = join(worktreeGitDir, "commondir");
    const common = existsSync(commonFile)
      ? resolve(worktreeGitDir, readFileSync(commonFile, "utf8").trim())
      : worktreeGitDir;
    return join(common, "trackdown", "locks");
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
