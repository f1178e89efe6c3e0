import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { backgroundConfig } from "../core/config.js";
import { conflict } from "../core/errors.js";
import type { TicketService } from "../service/ticket-service.js";
import type { ProjectPaths } from "../store/project.js";
import { commandSocketPath, MAX_SOCKET_PATH, STANDALONE_ENV, servedCommand } from "./served.js";

/*
 * The background index (docs/server.md): in a large project every CLI call that runs in its own
 * process pays for Node's start, loading the CLI, opening the index and a stat of every ticket
 * file. A `trackdown serve --background` has all of that done and kept current by its file
 * watcher, so once a command has run here, this module starts one for the commands after it.
 *
 * Its pid file (.trackdown/cache/background.pid) says one is running or starting: a CLI creates
 * the file exclusively before it spawns the server, so of many CLIs finishing at once one starts
 * it; the server removes the file when it stops.
 */

/** Set to 0 to never start a background index from this environment. */
export const BACKGROUND_ENV = "TRACKDOWN_BACKGROUND";

/** A pid file that names no live process is left alone this long after it was written. */
const RESPAWN_AFTER_MS = 60_000;

export function pidFilePath(paths: ProjectPaths): string {
  return join(paths.cacheDir, "background.pid");
}

export function logFilePath(paths: ProjectPaths): string {
  return join(paths.cacheDir, "background.log");
}

/**
 * The pid of the project's background index, when its pid file names a live process that is one
 * (on Linux its command line says so; elsewhere its socket must be there): a pid file left by a
 * server that was killed may name another program by now.
 */
export function backgroundPid(paths: ProjectPaths): number | undefined {
  const pid = recordedPid(pidFilePath(paths));
  if (pid === undefined || !isAlive(pid)) return undefined;
  let commandLine: string;
  try {
    commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return existsSync(commandSocketPath(paths.root)) ? pid : undefined;
  }
  return commandLine.split("\0").includes("--background") ? pid : undefined;
}

/**
 * Stops the project's background index and waits for it to finish its writes and exit. Resolves
 * to its pid, or undefined when none ran.
 */
export async function stopBackgroundIndex(
  paths: ProjectPaths,
  timeoutMs = 30_000,
): Promise<number | undefined> {
  const pid = backgroundPid(paths);
  if (pid === undefined) return undefined;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw conflict(`The background index (pid ${pid}) has not stopped within ${timeoutMs / 1000} s`, {
        pid,
      });
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return pid;
}

export interface Offer {
  /** The command line after the script, as typed. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** The script that runs the CLI (process.argv[1]), which the server is started with. */
  readonly entry: string;
}

/**
 * Starts the project's background index after a command a server could have run, when the
 * project is large enough (`background.from_tickets`), none runs or is starting, and nothing
 * opted out (`background.auto: false`, TRACKDOWN_BACKGROUND=0, TRACKDOWN_STANDALONE=1). It does
 * not wait for the server: the commands after this one find it. Returns whether it started one.
 */
export async function offerBackgroundIndex(service: TicketService, offer: Offer): Promise<boolean> {
  const { paths, config } = service.project;
  const settings = backgroundConfig(config);
  if (!settings.auto || servedCommand(offer.args) === undefined) return false;
  if (offer.env[BACKGROUND_ENV] === "0" || offer.env[STANDALONE_ENV] === "1") return false;
  const socket = commandSocketPath(paths.root);
  if (process.platform === "win32" || Buffer.byteLength(socket) > MAX_SOCKET_PATH) return false;
  if (service.project.index.ticketCount() < settings.from_tickets) return false;
  // A socket without a pid file is a `trackdown serve` someone runs (it declined this command).
  if (existsSync(socket) && !existsSync(pidFilePath(paths))) {
    const { answers } = await import("./serve-socket.js"); // node:net, only when needed
    if (await answers(socket)) return false;
  }
  const claim = claimPidFile(pidFilePath(paths), socket);
  if (claim === undefined) return false;
  try {
    const { spawn } = createRequire(import.meta.url)(
      "node:child_process",
    ) as typeof import("node:child_process");
    const log = openSync(logFilePath(paths), "w", 0o600);
    try {
      const child = spawn(process.execPath, [offer.entry, "serve", "--background", "--root", paths.root], {
        cwd: paths.root,
        detached: true,
        stdio: ["ignore", log, log],
        env: offer.env,
      });
      child.on("error", () => {}); // nothing started: the pid file lets the next try wait a minute
      child.unref();
      if (child.pid !== undefined) writeSync(claim, String(child.pid));
      return child.pid !== undefined;
    } finally {
      closeSync(log);
    }
  } finally {
    closeSync(claim);
  }
}

/**
 * Creates the pid file, exclusively, and returns it open; undefined when a background index runs
 * or is starting, or one was started less than a minute ago (a server that fails at its start is
 * not started again on every command).
 */
function claimPidFile(path: string, socket: string): number | undefined {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      return openSync(path, "wx", 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") return undefined;
    }
    // Running (its socket is there), starting, or started and failed less than a minute ago.
    const written = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    const pid = recordedPid(path);
    if (pid !== undefined && isAlive(pid) && existsSync(socket)) return undefined;
    if (Date.now() - written < RESPAWN_AFTER_MS) return undefined;
    rmSync(path, { force: true });
  }
  return undefined;
}

function recordedPid(path: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** Whether `pid` is a running process: not a zombie whose parent has not reaped it (yet). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // The state follows the command's name, which is in parentheses and may hold any character.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true; // no /proc here: the signal's answer stands
  }
}
