import { toTrackdownError } from "../core/errors.js";
import type { TicketService } from "../service/ticket-service.js";
import { loadConfig } from "../store/project.js";
import type { EventHub } from "./event-hub.js";
import type { InFlight } from "./in-flight.js";
import { LiveFiles } from "./live-files.js";
import { serveIndexFromWatcher } from "./live-index.js";
import type { Logger } from "./logger.js";
import type { ServerMetrics } from "./metrics.js";
import type { RegistryScheduler } from "./registry-scheduler.js";
import type { WatchFacts } from "./routes/health.js";
import { TicketWatcher } from "./watcher.js";

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
  facts(): WatchFacts;
  /** Delivers pending changes now and resolves when they are applied (tests, shutdown). */
  settle(): Promise<void>;
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
  const index = serveIndexFromWatcher(
    service.project.index,
    () => watcher?.alive === true,
    (ms) => metrics.refresh.observe(ms / 1000, { kind: "full" }),
  );
  const { registry } = options;
  const files = new LiveFiles({
    ...options,
    publish: (e, p) => hub.publish(e, p),
    fullRefresh: index.fullRefresh,
    registry: registry && (() => registry.request()),
  });
  const unsubscribe = service.on((event) => files.noteEvent(event));
  watcher = new TicketWatcher({
    root: paths.root,
    ticketsDir: paths.ticketsDir,
    configFile: paths.configFile,
    debounceMs: options.debounceMs,
    onChanges: (changed, rescan) => void files.enqueue(changed, rescan),
    onConfig: () => reportConfigChange(service, hub, log),
    onError: (error, path) =>
      log.error({ err: error, path }, "file watcher failed; reads scan the files again"),
  });
  try {
    watcher.start();
  } catch (error) {
    log.error(
      { err: error, path: paths.ticketsDir },
      "cannot watch the ticket files; reads scan them instead",
    );
  }
  // Watching from here on: one scan now catches whatever changed before.
  index.fullRefresh();
  return {
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
    close: () => {
      watcher?.close();
      unsubscribe();
      index.restore();
    },
  };
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
