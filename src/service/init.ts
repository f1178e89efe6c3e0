import { existsSync, readFileSync } from "node:fs";
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DEFAULT_CONFIG } from "../core/config.js";
import { DOT_DIR, projectPaths } from "../store/project.js";
import { installDefaultTemplates } from "./templates.js";

export interface InitResult {
  readonly root: string;
  /** Files and folders created; existing ones are never overwritten. */
  readonly created: string[];
}

const GITIGNORE_LINES = [".trackdown/cache/", ".trackdown/locks/", ".trackdown/audit/"];

function configText(project: string): string {
  return `# Trackdown project settings. Every key is optional; see docs/configuration.md.
project: ${JSON.stringify(project)}
# random IDs (TSK-7f3k) never collide across branches; sequential (TSK-0042) suits one writer.
ids: random
# status-folders keeps each ticket in the folder of its status; flat keeps them all in tickets/.
layout: status-folders
`;
}

/** Creates `.trackdown/`, the status folders and the git-ignore lines; never overwrites. */
export async function initProject(dir: string, options: { project?: string } = {}): Promise<InitResult> {
  const root = resolve(dir);
  const paths = projectPaths(root);
  const created: string[] = [];
  const ensureDir = async (path: string) => {
    if (existsSync(path)) return;
    await mkdir(path, { recursive: true });
    created.push(path);
  };
  await ensureDir(join(root, DOT_DIR));
  await ensureDir(paths.templatesDir);
  await installDefaultTemplates(paths.templatesDir, created);
  if (!existsSync(paths.configFile)) {
    await writeFile(paths.configFile, configText(options.project ?? DEFAULT_CONFIG.project), { flag: "wx" });
    created.push(paths.configFile);
  }
  for (const status of Object.values(DEFAULT_CONFIG.statuses))
    await ensureDir(join(paths.ticketsDir, status.folder));
  await addGitignoreLines(join(root, ".gitignore"), created);
  return { root, created };
}

async function addGitignoreLines(file: string, created: string[]): Promise<void> {
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const present = new Set(current.split(/\r?\n/).map((l) => l.trim()));
  const missing = GITIGNORE_LINES.filter((line) => !present.has(line));
  if (missing.length === 0) return;
  const lead = current === "" || current.endsWith("\n") ? "" : "\n";
  await appendFile(file, `${lead}# Trackdown: derived and machine-local files\n${missing.join("\n")}\n`);
  if (current === "") created.push(file);
}
