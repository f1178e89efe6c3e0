import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { toTrackdownError } from "../core/errors.js";
import type { Project } from "../service/project.js";
import { type RegistrySyncReport, syncRegistry } from "../service/registry.js";
import type { Logger } from "./logger.js";

export interface RegistrySchedulerOptions {
  readonly project: Project;
  readonly log: Logger;
  /** Quiet time after the last change before regenerating. */
  readonly debounceMs?: number;
  /** Never wait longer than this under a steady stream of changes. */
  readonly maxWaitMs?: number;
  /** Run in a worker thread when its compiled script is there (default), else in this thread. */
  readonly worker?: boolean;
}

/** The compiled worker beside this module (dist/server/) or, from a bundle chunk, in ../server/. */
function workerScript(): URL | undefined {
  for (const candidate of ["./registry-worker.js", "../server/registry-worker.js"]) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/**
 * TICKET_REGISTRY.md as a long-lived server keeps it: regenerated after changes, debounced (a
 * burst of writes makes one regeneration) and in a worker thread, so a request never waits
 * behind it. The CLI regenerates after each command instead (src/service/registry.ts).
 */
export class RegistryScheduler {
  private timer: NodeJS.Timeout | undefined;
  private firstRequest = 0;
  private running: Promise<void> | undefined;
  private again = false;
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    (result: { report?: RegistrySyncReport; error?: string }) => void
  >();
  /** The last regeneration, for the status route. */
  last: { at: string; written: boolean; ms: number } | undefined;

  /** What /api/status shows. */
  get state(): { worker: boolean; last: { at: string; written: boolean; ms: number } | undefined } {
    return { worker: this.worker !== undefined, last: this.last };
  }

  constructor(private readonly options: RegistrySchedulerOptions) {
    const script = options.worker === false ? undefined : workerScript();
    if (script) this.startWorker(script);
  }

  /** A change happened: regenerate soon. */
  request(): void {
    if (this.timer === undefined) this.firstRequest = performance.now();
    clearTimeout(this.timer);
    const maxWait = this.options.maxWaitMs ?? 5000;
    const waited = performance.now() - this.firstRequest;
    const delay = Math.max(0, Math.min(this.options.debounceMs ?? 300, maxWait - waited));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delay);
  }

  /** Regenerates now if a change is waiting, and resolves when the registry is current. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.run();
    }
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.worker?.terminate();
    this.worker = undefined;
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const started = performance.now();
    this.running = this.sync()
      .then((report) => {
        this.last = {
          at: new Date().toISOString(),
          written: report.written,
          ms: Math.round(performance.now() - started),
        };
      })
      .catch((error: unknown) => {
        const reason = toTrackdownError(error).message;
        this.options.log.warn({ reason }, "registry not regenerated; the changes themselves are saved");
      })
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          void this.run();
        }
      });
    return this.running;
  }

  private sync(): Promise<RegistrySyncReport> {
    const worker = this.worker;
    if (!worker) return syncRegistry(this.options.project);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (result) =>
        result.report ? resolve(result.report) : reject(new Error(result.error)),
      );
      worker.postMessage(id);
    });
  }

  private startWorker(script: URL): void {
    const { paths, config } = this.options.project;
    const worker = new Worker(script, { workerData: { root: paths.root, config } });
    worker.unref();
    worker.on("message", (message: { id: number; report?: RegistrySyncReport; error?: string }) => {
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
    worker.on("error", (error) => {
      this.options.log.error({ err: error }, "registry worker failed; regenerating in the server's thread");
      this.worker = undefined;
      for (const settle of this.waiting.values()) settle({ error: error.message });
      this.waiting.clear();
    });
    this.worker = worker;
  }
}
