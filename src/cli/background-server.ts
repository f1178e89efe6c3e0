import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { backgroundConfig } from "../core/config.js";
import { limitHeapGrowth } from "../server/heap.js";
import { createLogger, type Logger } from "../server/logger.js";
import { openServerService } from "../server/open-service.js";
import { startWatching } from "../server/start.js";
import type { TicketService } from "../service/ticket-service.js";
import { pidFilePath } from "./background.js";
import { type CommandSocket, takeCommands } from "./serve-commands.js";

/*
 * `trackdown serve --background`: the CLI's commands, and nothing else, for as long as they keep
 * coming (cli/background.ts starts it). No HTTP: the dashboard and the REST API are
 * `trackdown serve`'s.
 */

/** How often it looks whether it should stop, at most (idle settings below twice this look more often). */
const CHECK_EVERY_MS = 5000;

export interface BackgroundOptions {
  readonly root?: string | undefined;
  readonly actor?: string | undefined;
}

/**
 * Runs the project's background index until it has had no command for `background.idle_minutes`,
 * is out of date (a CLI of another build, or a changed config.yaml, asked it for a command), its
 * project or socket is gone, or it is told to stop (SIGTERM, SIGINT). Resolves once it has
 * stopped, its writes finished and its pid file removed.
 */
export async function runBackgroundIndex(options: BackgroundOptions): Promise<void> {
  limitHeapGrowth();
  const signalled = new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
  });
  const service = openServerService({ root: options.root, actor: options.actor });
  const log = createLogger();
  const pidFile = pidFilePath(service.project.paths);
  let reason: string;
  try {
    reason = await serveUntilDone(service, log, signalled, pidFile);
  } catch (error) {
    log.error({ err: error }, "the background index failed");
    reason = "it failed";
  } finally {
    service.close();
    // Written by the CLI that spawned this process, or by this process once it took the socket.
    if (readPid(pidFile) === process.pid) rmSync(pidFile, { force: true });
  }
  log.info({ reason }, "the background index stopped");
  log.flush();
}

/** Takes the CLI's commands until a reason to stop comes, and returns it. */
async function serveUntilDone(
  service: TicketService,
  log: Logger,
  signalled: Promise<string>,
  pidFile: string,
): Promise<string> {
  const { paths, config } = service.project;
  const parts = await startWatching({ service, logger: log });
  let timer: NodeJS.Timeout | undefined;
  let commands: CommandSocket | undefined;
  try {
    let lastRequest = Date.now();
    let outdated: (reason: string) => void = () => {};
    const outOfDate = new Promise<string>((resolve) => {
      outdated = (reason) => resolve(`out of date: ${reason}`);
    });
    commands = await takeCommands({
      service,
      sync: parts.live?.sync,
      registry: parts.registry,
      inFlight: parts.inFlight,
      log,
      onRequest: () => {
        lastRequest = Date.now();
      },
      onOutdated: outdated,
    });
    if (commands === undefined) return "the CLI's socket is not free";
    const socket = commands;
    // This process is the project's background index now, however it was started. Written again
    // whenever it no longer says so: a server that lost the race for the socket removes the
    // file when it names that server.
    const claim = () => {
      if (readPid(pidFile) !== process.pid) writeFileSync(pidFile, String(process.pid), { mode: 0o600 });
    };
    claim();
    const idleMs = backgroundConfig(config).idle_minutes * 60_000;
    log.info({ root: paths.root, idle_minutes: idleMs / 60_000 }, "the background index runs");
    const done = new Promise<string>((resolve) => {
      const look = () => {
        // Nothing runs between this look and the socket's close, which comes in the same turn.
        if (Date.now() - lastRequest >= idleMs && socket.idle()) resolve("idle");
        else if (!existsSync(paths.configFile)) resolve("the project is gone");
        else if (!socket.owned()) resolve("its socket was removed or taken");
        else claim();
      };
      timer = setInterval(look, Math.min(CHECK_EVERY_MS, idleMs / 2));
    });
    return await Promise.race([signalled, outOfDate, done]);
  } finally {
    clearInterval(timer);
    await commands?.close();
    await parts.close();
  }
}

function readPid(path: string): number | undefined {
  try {
    return Number(readFileSync(path, "utf8").trim());
  } catch {
    return undefined;
  }
}
