import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ErrorCode, type ErrorDetails, TrackdownError } from "../core/errors.js";
import type { Project } from "../service/project.js";
import { type ChildJob, runTask } from "./child-task.js";

/** The compiled child script beside this module (dist/server/) or, from a bundle chunk, in ../server/. */
function childScript(): string | undefined {
  for (const candidate of ["./child-main.js", "../server/child-main.js"]) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  return undefined;
}

type Answer<T> = { result: T } | { error: { code: ErrorCode; message: string; details: ErrorDetails } };

/**
 * Runs a whole-project job (child-task.ts) in a child process (child-main.ts) when the compiled
 * script is there, else in this process (tests run the TypeScript sources). A TrackdownError of
 * the job comes back as one, code and details included.
 */
export function runInChild<T>(job: ChildJob, project: Project, actor = "server", inChild = true): Promise<T> {
  const request = { ...job, root: project.paths.root, config: project.config, actor };
  const script = inChild ? childScript() : undefined;
  if (!script) return runTask(request) as Promise<T>;
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { stdio: ["ignore", "ignore", "inherit", "ipc"], execArgv: [] });
    let answered = false;
    child.once("message", (answer: Answer<T>) => {
      answered = true;
      if ("error" in answer)
        reject(new TrackdownError(answer.error.code, answer.error.message, answer.error.details));
      else resolve(answer.result);
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!answered) reject(new Error(`the ${job.task} process exited with ${code} before answering`));
    });
    child.send(request);
  });
}
