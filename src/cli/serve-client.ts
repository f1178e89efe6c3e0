import { lstatSync } from "node:fs";
import { createRequire } from "node:module";
import { findProjectRoot } from "../store/project-root.js";
import {
  buildStamp,
  type CommandFrame,
  type CommandRequest,
  clientEnv,
  commandSocketPath,
  GO_LINE,
  globalOption,
  isServedWrite,
  STANDALONE_ENV,
  servedCommand,
} from "./served.js";

/**
 * How long the CLI waits for a running server to take a command before running it itself. A
 * server that answers at all answers within milliseconds; this only bounds a stuck one.
 */
const ACCEPT_TIMEOUT_MS = 2000;

/**
 * Hands a command to the project's running `trackdown serve`, when there is one and it takes
 * this command: the server's index is already open, warm and kept current by its file watcher,
 * so the command skips loading the CLI, opening the index and checking every ticket file.
 *
 * Resolves to the command's exit code, or undefined when the CLI should run the command itself:
 * no server, a command servers do not run, a server of another version, or one that declined.
 * Nothing is written to stdout or stderr before the server has accepted the command, and the
 * server runs nothing before this process confirms it waits (served.ts), so running it here
 * instead is always safe.
 */
export function runOnServer(args: readonly string[], env = process.env): Promise<number | undefined> {
  const path = socketFor(args, env);
  if (path === undefined) return Promise.resolve(undefined);
  // Loaded only when there is a server to talk to, sparing ~4 ms to a CLI process without one;
  // required rather than imported, since a dynamic import would start the ES module loader.
  const { connect } = createRequire(import.meta.url)("node:net") as typeof import("node:net");
  const request: CommandRequest = {
    version: buildStamp(),
    args,
    env: clientEnv(env),
    cwd: process.cwd(),
    stdout: { tty: process.stdout.isTTY === true, columns: process.stdout.columns },
    stderr: { tty: process.stderr.isTTY === true, columns: process.stderr.columns },
  };
  return new Promise((resolve) => {
    let accepted = false;
    let done = false;
    let pending = "";
    const finish = (code: number | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(code);
    };
    const lost = () => {
      if (done) return;
      if (!accepted) return finish(undefined);
      const outcome = isServedWrite(servedCommand(args) ?? "")
        ? `; its change may or may not be saved: look with "trackdown show"`
        : "";
      process.stderr.write(
        `trackdown: the server running this command went away before it finished${outcome}\n`,
      );
      finish(1);
    };
    const timer = setTimeout(() => {
      if (!accepted) finish(undefined);
    }, ACCEPT_TIMEOUT_MS);
    const socket = connect(path, () => socket.write(`${JSON.stringify(request)}\n`));
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      // Only the new chunk can hold a newline not seen yet: a large frame is scanned once.
      let newline = chunk.indexOf("\n");
      if (newline !== -1) newline += pending.length;
      pending += chunk;
      while (newline !== -1 && !done) {
        const frame = parseFrame(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        if (frame === undefined) return lost();
        if (!accepted) {
          if (frame.t === "accepted") {
            // From here on this process waits for the server's outcome and never runs the command.
            accepted = true;
            clearTimeout(timer);
            socket.write(GO_LINE);
          } else if (frame.t === "declined") finish(undefined);
          else return lost();
        } else if (frame.t === "out") process.stdout.write(frame.d);
        else if (frame.t === "err") process.stderr.write(frame.d);
        else if (frame.t === "exit") finish(frame.code);
        else return lost(); // accepted or declined twice: not a server to trust with more
        newline = pending.indexOf("\n");
      }
    });
    socket.on("error", lost);
    socket.on("close", lost);
  });
}

/** A frame as the protocol defines it, or undefined for anything else. */
function parseFrame(line: string): CommandFrame | undefined {
  let frame: Partial<Record<string, unknown>>;
  try {
    frame = JSON.parse(line) as Partial<Record<string, unknown>>;
  } catch {
    return undefined;
  }
  const valid =
    frame.t === "accepted" ||
    (frame.t === "declined" && typeof frame.reason === "string") ||
    ((frame.t === "out" || frame.t === "err") && typeof frame.d === "string") ||
    (frame.t === "exit" && Number.isInteger(frame.code));
  return valid ? (frame as CommandFrame) : undefined;
}

/** The socket of a server that may run this command, if one seems to be there. */
function socketFor(args: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  if (env[STANDALONE_ENV] === "1" || process.platform === "win32") return undefined;
  if (servedCommand(args) === undefined) return undefined;
  let root: string;
  try {
    root = findProjectRoot(process.cwd(), globalOption(args, "--root") ?? env.TRACKDOWN_ROOT);
  } catch {
    return undefined; // the CLI itself reports a missing project, in its own words
  }
  const path = commandSocketPath(root);
  // Only a socket of this user's: whoever else could write to the project must not answer for it.
  const stat = lstatSync(path, { throwIfNoEntry: false });
  const ours = stat?.isSocket() === true && (process.getuid === undefined || stat.uid === process.getuid());
  return ours ? path : undefined;
}
