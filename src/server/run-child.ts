import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Project } from "../service/project.js";
import { type ChildTask, runTask } from "./child-task.js";

/** The compiled child script beside this module (dist/server/) or, from a bundle chunk, in ../server/. */
function childScript(): string | undefined {
  for (const candidate of ["./child-main.js", "../server/child-main.js"]) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

/**
 * Runs a whole-project job (child-task.ts) in a child process (child-main.ts) when the compiled script is
 * there, else in this process (tests run the TypeScript sources). Resolves with its result.
 */
export function runInChild<T>(task: ChildTask, project: Project, inChild = true): Promise<T> {
  const script = inChild ? childScript() : undefined;
  const request = { task, root: project.paths.root, config: project.config };
  if (!script) return Promise.resolve(runTask(request) as T);
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { stdio: ["ignore", "ignore", "inherit", "ipc"], execArgv: [] });
    let answered = false;
    child.once("message", (message: { result?: T; error?: string }) => {
      answered = true;
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.result as T);
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!answered) reject(new Error(`the ${task} process exited with ${code} before answering`));
    });
    child.send(request);
  });
}
