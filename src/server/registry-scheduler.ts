import { toTrackdownError } from "../core/errors.js";
import type { Project } from "../service/project.js";
import { type RegistrySyncReport, syncRegistry } from "../service/registry.js";
import type { Logger } from "./logger.js";
import { runInChild } from "./run-child.js";

export interface RegistrySchedulerOptions {
  readonly project: Project;
  readonly log: Logger;
  /** Quiet time after the last change before regenerating. */
  readonly debounceMs?: number;
  /** Never wait longer than this under a steady stream of changes. */
  readonly maxWaitMs?: number;
  /**
   * From this many tickets on, regenerate in a child process (when its compiled script is there);
   * below, in this process. Default REGISTRY_CHILD_FROM; `child: false` keeps it in this process.
   */
  readonly childFrom?: number;
  readonly child?: boolean;
}

/**
 * The registry is rendered from SQL aggregates of the server's warm index: ~25 ms at 10k tickets
 * on a 2-core VM, against ~0.4 s of CPU for a child's start, load and scan. Only on projects big
 * enough for the render to stall other requests noticeably does a child pay.
 */
export const REGISTRY_CHILD_FROM = 25_000;

/**
 * TICKET_REGISTRY.md as a long-lived server keeps it: regenerated after changes, debounced (a
 * burst of writes makes one regeneration), in the server's process or, on big projects, in a
 * child process, so that a request never waits long behind it. The CLI regenerates after each
 * command instead (src/service/registry.ts), and so does a CLI write the server runs (syncHere).
 */
export class RegistryScheduler {
  private timer: NodeJS.Timeout | undefined;
  private firstRequest = 0;
  private running: Promise<void> | undefined;
  private again = false;
  /** The last regeneration, for the status route. */
  last: { at: string; written: boolean; ms: number } | undefined;

  /** What /api/status shows. */
  get state(): { last: { at: string; written: boolean; ms: number } | undefined } {
    return { last: this.last };
  }

  constructor(private readonly options: RegistrySchedulerOptions) {}

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

  /** Regenerates now and reports how it went. */
  async syncNow(): Promise<RegistrySyncReport> {
    await this.takeOver();
    return this.exclusive(() => this.sync());
  }

  /**
   * Regenerates now, in this process, once `catchUp` has brought the index level with the files:
   * what a CLI write run by the server (cli/serve-commands.ts) waits for before it counts as
   * done, as it would in the CLI's own process. At 10k tickets the render takes ~30 ms of the
   * server's time, against ~0.4 s of a child's start and scan. A change waiting for the debounce
   * is covered by this run and not regenerated again.
   */
  async syncHere(catchUp: () => Promise<unknown>): Promise<RegistrySyncReport> {
    await this.takeOver();
    return this.exclusive(() => syncRegistry(this.options.project, catchUp));
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
  }

  private run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    return this.exclusive(() => this.sync()).then(
      () => undefined,
      (error: unknown) => {
        const reason = toTrackdownError(error).message;
        this.options.log.warn({ reason }, "registry not regenerated; the changes themselves are saved");
      },
    );
  }

  /** Cancels the debounced run (the caller's covers it) and waits for the one running. */
  private async takeOver(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
  }

  /**
   * One regeneration, the only one running until it ends: recorded for the status route, and
   * followed by another when a change asked for one meanwhile.
   */
  private exclusive(work: () => Promise<RegistrySyncReport>): Promise<RegistrySyncReport> {
    const started = performance.now();
    const result = work().then((report) => {
      this.last = {
        at: new Date().toISOString(),
        written: report.written,
        ms: Math.round(performance.now() - started),
      };
      return report;
    });
    this.running = result.then(
      () => undefined,
      () => undefined,
    );
    void this.running.then(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.run();
      }
    });
    return result;
  }

  /** Whether the next regeneration runs in a child process (see REGISTRY_CHILD_FROM). */
  inChild(): boolean {
    const { project, child, childFrom = REGISTRY_CHILD_FROM } = this.options;
    return child !== false && project.index.ticketCount() >= childFrom;
  }

  private sync(): Promise<RegistrySyncReport> {
    const { project } = this.options;
    if (!this.inChild()) return syncRegistry(project);
    return runInChild<RegistrySyncReport>({ task: "registry" }, project, "server");
  }
}
