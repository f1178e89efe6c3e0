import type { Config } from "../core/config.js";
import { Project } from "../service/project.js";
import { syncRegistry } from "../service/registry.js";
import { projectPaths } from "../store/project.js";
import type { RefreshReport } from "../store/ticket-index.js";

/**
 * The heavy whole-project jobs of the server, run in a short-lived child process (child-main.ts,
 * started by run-child.ts):
 * scanning every ticket file at start-up and rendering the registry both hold every ticket in
 * memory for a moment (a few hundred MB at 100k tickets). A child returns all of it to the
 * system when it exits and never blocks the server's event loop.
 */

export type ChildTask = "refresh" | "registry";

export interface ChildRequest {
  readonly task: ChildTask;
  readonly root: string;
  /** The server's configuration: a config.yaml edited since start applies on restart. */
  readonly config: Config;
}

export function runTask(request: ChildRequest): Promise<unknown> | RefreshReport {
  const project = new Project(projectPaths(request.root), request.config);
  try {
    if (request.task === "refresh") return project.index.refresh();
    // The server keeps the index fresh (its watcher, and writers recording their own writes).
    project.index.refresh = () => ({ scanned: 0, added: 0, changed: 0, removed: 0, durationMs: 0 });
    return syncRegistry(project).finally(() => project.close());
  } finally {
    if (request.task === "refresh") project.close();
  }
}
