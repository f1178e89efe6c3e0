import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toTrackdownError } from "../core/errors.js";
import type { TicketService } from "../service/ticket-service.js";
import { loadConfig } from "../store/project.js";
import type { RefreshReport } from "../store/ticket-index.js";
import type { EventHub } from "./event-hub.js";
import type { InFlight } from "./in-flight.js";
import { LiveFiles } from "./live-files.js";
import { serveIndexFromWatcher } from "./live-index.js";
import type { Logger } from "./logger.js";
import type { ServerMetrics } from "./metrics.js";
import type { RegistryScheduler } from "./registry-scheduler.js";
import type { WatchFacts } from "./routes/health.js";
import { runInChild } from "./run-child.js";
import { SYNC_COOKIE_PREFIX, TicketWatcher } from "./watcher.js";

export interface LiveOptions {
  readonly service: TicketService;
  readonly hub: EventHub;
  readonly log: Logger;
  readonly metrics: ServerMetrics;
  readonly inFlight: InFlight;
  readonly debounceMs?: number;
  /** Regenerates the registry after hand edits; absent when the registry is not automatic. */
  readonly registry?: RegistryScheduler | undefined;
}

export interface Live {
  /** Resolves once the first full scan (in a child process) has brought the index up to date. */
  readonly ready: Promise<void>;
  facts(): WatchFacts;
  /** Delivers pending changes now and resolves when they are applied (tests, shutdown). */
  settle(): Promise<void>;
  /**
   * Resolves to true once every change made to the ticket files before the call is in the index,
   * so a read that follows sees them all; false when that cannot be known (not watching, or the
   * watcher did not answer in time), and the caller must scan the files itself.
   */
  sync(timeoutMs?: number): Promise<boolean>;
  close(): void;
}

/**
 * Keeps the server live over the files: the watcher feeds changes to LiveFiles (index, stream,
 * registry), and while it is alive the index needs no scan before each read.
 */
export function startLive(options: LiveOptions): Live {
  const { service, hub, log, metrics } = options;
  const { paths } = service.project;
  let watcher: TicketWatcher | undefined;
  let scanned = false;
  const index = serveIndexFromWatcher(
    service.project.index,
    () => scanned && watcher?.alive === true,
    (ms) => metrics.refresh.observe(ms / 1000, { kind: "full" }),
  );
  /** A scan of every file, in a child process: it holds every file's details for a moment. */
  const scanAll = async (): Promise<RefreshReport> => {
    const report = await runInChild<RefreshReport>({ task: "refresh" }, service.project);
    metrics.refresh.observe(report.durationMs / 1000, { kind: "full" });
    return report;
  };
  const { registry } = options;
  const files = new LiveFiles({
    ...options,
    publish: (e, p) => hub.publish(e, p),
    fullRefresh: scanAll,
    registry: registry && (() => registry.request()),
  });
  const unsubscribe = service.on((event) => files.noteEvent(event));
  const cookies = new Map<string, () => void>();
  let cookieCount = 0;
  watcher = new TicketWatcher({
    root: paths.root,
    ticketsDir: paths.ticketsDir,
    configFile: paths.configFile,
    debounceMs: options.debounceMs,
    onChanges: (changed, rescan) => void files.enqueue(changed, rescan),
    onConfig: () => reportConfigChange(service, hub, log),
    onCookie: (name) => cookies.get(name)?.(),
    onError: (error, path) =>
      log.error({ err: error, path }, "file watcher failed; reads scan the files again"),
  });
  removeSyncCookies(paths.ticketsDir);
  try {
    watcher.start();
  } catch (error) {
    log.error(
      { err: error, path: paths.ticketsDir },
      "cannot watch the ticket files; reads scan them instead",
    );
  }
  // Watching from here on: one scan now catches whatever changed before.
  const ready = scanAll().then(
    (report) => {
      scanned = true;
      log.info({ ...report, durationMs: Math.round(report.durationMs) }, "index up to date");
    },
    (error: unknown) => log.error({ err: error }, "the first scan failed; reads scan the files instead"),
  );
  return {
    ready,
    facts: () => ({
      enabled: true,
      alive: watcher?.alive === true,
      folders: watcher?.watchedFolders ?? 0,
      pending: watcher?.pendingCount ?? 0,
      problems: files.problemCount,
      last_applied: files.lastApplied,
    }),
    settle: async () => {
      watcher?.deliver();
      await files.idle();
    },
    sync: async (timeoutMs = 1000) => {
      // Not yet scanned, or a folder not watched: the caller scans rather than waits.
      if (!scanned || watcher?.alive !== true || watcher.degraded) return false;
      const failuresBefore = files.failures;
      cookieCount += 1;
      const name = `${SYNC_COOKIE_PREFIX}${process.pid}-${cookieCount}`;
      const path = join(paths.ticketsDir, name);
      let timer: NodeJS.Timeout | undefined;
      const seen = new Promise<boolean>((resolve) => {
        cookies.set(name, () => resolve(true));
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        writeFileSync(path, "");
        if (!(await seen)) return false;
      } catch (error) {
        log.warn({ err: error, path }, "cannot write a sync cookie; reads scan the files instead");
        return false;
      } finally {
        clearTimeout(timer);
        cookies.delete(name);
        rmSync(path, { force: true });
      }
      watcher.deliver();
      await files.idle();
      return files.failures === failuresBefore;
    },
    close: () => {
      watcher?.close();
      unsubscribe();
      index.restore();
    },
  };
}

/** Cookies left by a server that was killed between writing and removing one. */
function removeSyncCookies(ticketsDir: string): void {
  try {
    for (const name of readdirSync(ticketsDir))
      if (name.startsWith(SYNC_COOKIE_PREFIX)) rmSync(join(ticketsDir, name), { force: true });
  } catch {
    // tickets/ unreadable: the watcher's start reports it.
  }
}

/** A changed config.yaml is checked and announced; it applies when the server restarts. */
function reportConfigChange(service: TicketService, hub: EventHub, log: Logger): void {
  const path = ".trackdown/config.yaml";
  let problem: string | undefined;
  try {
    loadConfig(service.project.paths);
  } catch (error) {
    problem = toTrackdownError(error).message;
  }
  const message = problem
    ? `${path} changed and is invalid: ${problem}; the server keeps its current settings`
    : `${path} changed; restart the server to apply it`;
  log.warn({ path, valid: problem === undefined }, message);
  hub.publish("config-changed", {
    path,
    valid: problem === undefined,
    applied: false,
    message,
    ...(problem ? { error: problem } : {}),
  });
}
