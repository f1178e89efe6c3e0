import { type ChildProcessByStdio, spawn } from "node:child_process";
import { constants } from "node:os";
import type { Readable, Writable } from "node:stream";
import type { OutputTail } from "./runs-output.js";

/**
 * Runs one command with stdin inherited and stdout/stderr teed to the terminal and to the
 * output tail. An interrupt (Ctrl-C or SIGTERM to trackdown) is passed on to the command; a
 * second one kills it.
 */

export interface InterruptState {
  /** The first signal trackdown received, if any. */
  signal: NodeJS.Signals | null;
  /** Set while a command runs: passes a signal on to it. */
  forward?: ((signal: NodeJS.Signals) => void) | undefined;
}

export interface ExecResult {
  /** The command's exit code, 128 + the signal's number when a signal killed it. */
  readonly exitCode: number;
  /** The signal that killed the command, if one did. */
  readonly signal: NodeJS.Signals | null;
  /** Why the command could not be started (ENOENT, EACCES), if it could not. */
  readonly spawnError: string | null;
}

export interface ExecOptions {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly tail: OutputTail;
  readonly interrupts: InterruptState;
}

export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

export function executeCommand(argv: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const { interrupts, tail } = options;
  const [file = "", ...args] = argv;
  if (interrupts.signal) {
    return Promise.resolve({ exitCode: signalExitCode(interrupts.signal), signal: null, spawnError: null });
  }
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ["inherit", "pipe", "pipe"] });
    let kills = 0;
    interrupts.forward = (signal) => {
      kills += 1;
      child.kill(kills > 1 ? "SIGKILL" : signal);
    };
    const detach = teeOutput(child, options);
    const finish = (result: ExecResult) => {
      interrupts.forward = undefined;
      detach();
      resolve(result);
    };
    child.once("error", (error: NodeJS.ErrnoException) => {
      // After a successful start, errors (a failed kill) are followed by "close", which reports.
      if (child.pid !== undefined) return;
      const notFound = error.code === "ENOENT";
      const why = notFound ? "command not found" : error.message;
      const message = `trackdown: cannot run "${file}": ${why}${error.code ? ` (${error.code})` : ""}`;
      tail.note(message);
      options.stderr.write(`${message}\n`);
      finish({ exitCode: notFound ? 127 : 126, signal: null, spawnError: error.code ?? error.message });
    });
    child.once("close", (code, signal) => {
      if (child.pid === undefined) return;
      finish({ exitCode: code ?? (signal ? signalExitCode(signal) : 1), signal, spawnError: null });
    });
  });
}

/**
 * Passes the command's stdout and stderr on while the tail keeps their last lines. When the
 * reader goes away (`trackdown run ... | head`), the command's end is closed too, so it gets
 * SIGPIPE as it would in a shell pipeline, and the run is still recorded.
 */
function teeOutput(child: ChildProcessByStdio<null, Readable, Readable>, options: ExecOptions): () => void {
  const detach: (() => void)[] = [];
  for (const [name, stream, target] of [
    ["stdout", child.stdout, options.stdout],
    ["stderr", child.stderr, options.stderr],
  ] as const) {
    stream.on("data", (chunk: Buffer) => options.tail.push(name, chunk));
    stream.pipe(target, { end: false });
    const broken = () => {
      stream.unpipe(target);
      stream.destroy();
    };
    target.on("error", broken);
    detach.push(() => target.off("error", broken));
  }
  return () => {
    for (const undo of detach) undo();
  };
}
