import { mkdirSync, rmSync, statSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { dirname, isAbsolute } from "node:path";
import { conflict } from "../core/errors.js";
import type { InFlight } from "../server/in-flight.js";
import type { Logger } from "../server/logger.js";
import type { RegistryScheduler } from "../server/registry-scheduler.js";
import { resolveActor } from "../service/actor.js";
import { notRegenerated } from "../service/registry.js";
import type { TicketService } from "../service/ticket-service.js";
import type { CommandHost } from "./context.js";
import type { Sink } from "./output.js";
import { runCli } from "./run-cli.js";
import { answers, listen, OutputFrames, receive, WorkQueue } from "./serve-socket.js";
import {
  buildStamp,
  type CommandFrame,
  type CommandRequest,
  commandSocketPath,
  isServedWrite,
  MAX_SOCKET_PATH,
  type StreamFacts,
  servedCommand,
} from "./served.js";

export interface CommandSocketOptions {
  /** The server's service: its index is open and kept current by the file watcher. */
  readonly service: TicketService;
  /**
   * Resolves to true once every change made to the files before the call is in the index
   * (Live.sync); false makes the server decline, and the CLI runs the command itself. Absent when
   * not watching: every read then scans the files, as in the CLI's own process.
   */
  readonly sync?: (() => Promise<boolean>) | undefined;
  /**
   * The server's registry, when it regenerates one: a served write regenerates it in the
   * server's process before the command counts as done.
   */
  readonly registry?: RegistryScheduler | undefined;
  /** The server's requests in flight: a served write counts as one, for the file watcher. */
  readonly inFlight?: InFlight | undefined;
  readonly log: Logger;
  /** Told of each request a client makes, taken or not. */
  readonly onRequest?: (() => void) | undefined;
  /**
   * Told when a request was declined because this server is out of date: the CLI is another build,
   * or config.yaml changed since the server started. Only a restart makes it take commands again.
   */
  readonly onOutdated?: ((reason: string) => void) | undefined;
}

export interface CommandSocket {
  readonly path: string;
  /** Whether the socket's path is still this server's (not removed, nor taken by another). */
  owned(): boolean;
  /** Whether no client is connected: closing now cuts no command short. */
  idle(): boolean;
  close(): Promise<void>;
}

/**
 * Runs the CLI's commands (served.ts) for clients on this machine, over a Unix socket in the
 * project's cache folder that only this user can open. Each command runs on the server's warm,
 * watched index, through the same code as in the CLI's own process (runCli), after a sync that
 * makes every earlier change to the files visible: its output is what the CLI would have printed,
 * and a write leaves the files, the audit log and the registry as the CLI would have left them.
 * Served writes run one at a time.
 *
 * Resolves to undefined, having logged why, when the socket cannot be taken: another server runs
 * for this project, the platform has no Unix sockets, or the path is too long for one.
 */
export async function takeCommands(options: CommandSocketOptions): Promise<CommandSocket | undefined> {
  const { service, log } = options;
  const path = commandSocketPath(service.project.paths.root);
  if (process.platform === "win32" || Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    log.info({ path }, "the CLI runs its commands itself here (no socket for it on this platform or path)");
    return undefined;
  }
  mkdirSync(dirname(path), { recursive: true });
  const fixed: ServerFacts = { build: buildStamp(), config: configStamp(service), tz: process.env.TZ };
  const connections = new Set<Socket>();
  const writes = new WorkQueue();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.once("close", () => connections.delete(socket));
    receive(socket, (request, confirmed) =>
      serve(request, { socket, confirmed, writes }, options, fixed).catch((error: unknown) => {
        log.error({ err: error }, "running a CLI command failed");
        socket.destroy();
      }),
    );
  });
  let taken = await listen(server, path);
  if (taken === "in use") {
    if (await answers(path)) {
      log.warn({ path }, "another server takes this project's CLI commands; this one does not");
      return undefined;
    }
    rmSync(path, { force: true }); // left by a server that did not stop cleanly
    taken = await listen(server, path);
  }
  if (taken !== "listening") {
    log.warn({ err: taken, path }, "cannot take the CLI's commands; it runs them itself");
    return undefined;
  }
  const socketId = statSync(path).ino;
  log.info({ path }, "taking the CLI's commands");
  const owned = () => statSync(path, { throwIfNoEntry: false })?.ino === socketId;
  return {
    path,
    owned,
    idle: () => connections.size === 0,
    close: async () => {
      // Another server may have taken the path since; only this one's socket is removed.
      if (owned()) rmSync(path, { force: true });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Writes already accepted finish, files, registry and answer; then a client still connected
      // (a read whose reader paused, as `| less` does) is told the server went away rather than
      // holding the shutdown.
      await writes.idle();
      for (const socket of connections) socket.destroy();
      await closed;
    },
  };
}

/** What a request is checked against, fixed when the server started. */
interface ServerFacts {
  readonly build: string;
  readonly config: string;
  readonly tz: string | undefined;
}

/** One client's connection, and what its command is run under. */
interface Exchange {
  readonly socket: Socket;
  /** Resolves true once the client has confirmed it waits for the outcome. */
  readonly confirmed: Promise<boolean>;
  /** Served writes, one at a time. */
  readonly writes: WorkQueue;
}

async function serve(
  raw: unknown,
  exchange: Exchange,
  options: CommandSocketOptions,
  fixed: ServerFacts,
): Promise<void> {
  const { socket } = exchange;
  const send = (frame: CommandFrame) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
  };
  const decline = (reason: string) => {
    send({ t: "declined", reason });
    socket.end();
    options.log.debug({ reason }, "declined a CLI command");
  };
  const outdated = (reason: string) => {
    decline(reason);
    options.onOutdated?.(reason);
  };
  options.onRequest?.();
  const request = parseRequest(raw);
  if (request === undefined) return decline("not a Trackdown CLI request");
  if (request.version !== fixed.build)
    return outdated(`the CLI is build ${request.version}, the server ${fixed.build}`);
  const command = servedCommand(request.args);
  if (command === undefined) return decline("not a command the server runs");
  const write = isServedWrite(command);
  if (write && options.service.project.config.hooks.length > 0)
    return decline("the project has hooks, which run in the CLI's own process");
  if (configStamp(options.service) !== fixed.config)
    return outdated(".trackdown/config.yaml changed since the server started");
  // Dates (`sprint:current`, ages) are the client's local dates.
  if (request.env.TZ !== fixed.tz) return decline("the CLI's TZ is not the server's");
  const received = performance.now();
  if (options.sync && !(await options.sync())) return decline("the file watcher is not current");
  if (socket.destroyed) return; // the client stopped waiting and runs the command itself
  send({ t: "accepted" });
  if (!(await exchange.confirmed)) {
    socket.destroy(); // it gave up waiting, and runs the command itself
    return;
  }
  const started = performance.now();
  const output = new OutputFrames(send);
  const run = () =>
    runCli(["node", "trackdown", ...request.args], clientHost(request, options.service, output));
  const { code, registryMs } = write
    ? await exchange.writes.run(() => runWrite(run, output, options))
    : { code: await run(), registryMs: undefined };
  output.flush();
  send({ t: "exit", code });
  socket.end();
  options.log.debug(
    {
      args: request.args,
      exit: code,
      sync_ms: Number((started - received).toFixed(1)),
      ms: Number((performance.now() - started).toFixed(1)),
      registry_ms: registryMs === undefined ? undefined : Number(registryMs.toFixed(1)),
    },
    "ran a CLI command",
  );
}

/**
 * A write command, counted among the server's requests in flight (so that the file watcher takes
 * its files for the server's own), then — when it changed anything — the registry, regenerated
 * here after the index has caught up with every other writer's files.
 */
async function runWrite(
  run: () => Promise<number>,
  output: OutputFrames,
  options: CommandSocketOptions,
): Promise<{ code: number; registryMs?: number }> {
  const { service, registry, inFlight, sync } = options;
  let changed = false;
  const unsubscribe = service.on(() => {
    changed = true;
  });
  let code: number;
  try {
    code = await (inFlight ? inFlight.track(run()) : run());
  } finally {
    unsubscribe();
  }
  if (!changed || !registry) return { code };
  const started = performance.now();
  const catchUp = async () => {
    if (!sync) service.project.index.refresh();
    else if (!(await sync())) throw conflict("the file watcher is not current");
  };
  await registry.syncHere(catchUp).catch((error: unknown) => {
    registry.request(); // the server's own run, which scans, catches up later
    output.write("err", `trackdown: ${notRegenerated(service.project, error)}\n`);
  });
  return { code, registryMs: performance.now() - started };
}

/** The client's streams and environment, and the server's service acting as the client's agent. */
function clientHost(request: CommandRequest, service: TicketService, output: OutputFrames): CommandHost {
  const sink = (facts: StreamFacts, t: "out" | "err"): Sink => ({
    isTTY: facts.tty,
    columns: facts.columns,
    write: (d: string) => output.write(t, d),
  });
  return {
    stdout: sink(request.stdout, "out"),
    stderr: sink(request.stderr, "err"),
    env: request.env,
    cwd: request.cwd,
    openService: (globals) => {
      // Who the CLI would have acted as: --agent, then its TRACKDOWN_AGENT, then git's user.name.
      const env = { HOME: process.env.HOME, TRACKDOWN_AGENT: request.env.TRACKDOWN_AGENT };
      const actor = resolveActor(globals.agent, service.project.paths.root, env);
      // The server's own work (hooks of other clients' writes, the registry) is not this command's;
      // a served write's registry is regenerated by runWrite.
      return { service: service.as(actor), settle: async () => {}, release: () => {} };
    },
  };
}

function parseRequest(raw: unknown): CommandRequest | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const r = raw as Partial<Record<keyof CommandRequest, unknown>>;
  const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === "string");
  const stream = (v: unknown): v is StreamFacts =>
    typeof v === "object" && v !== null && typeof (v as StreamFacts).tty === "boolean";
  const env = (v: unknown): v is Record<string, string> =>
    typeof v === "object" && v !== null && Object.values(v).every((s) => typeof s === "string");
  if (typeof r.version !== "string" || !strings(r.args) || !env(r.env)) return undefined;
  if (typeof r.cwd !== "string" || !isAbsolute(r.cwd)) return undefined;
  if (!stream(r.stdout) || !stream(r.stderr)) return undefined;
  return r as CommandRequest;
}

/** config.yaml as the server read it: the server applies a changed config only when restarted. */
function configStamp(service: TicketService): string {
  const stat = statSync(service.project.paths.configFile, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : "none";
}
