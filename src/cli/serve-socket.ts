import { connect, type Server, type Socket } from "node:net";
import { type CommandFrame, GO_LINE } from "./served.js";

/*
 * The socket side of the CLI's commands in a running server (serve-commands.ts): taking the
 * socket, reading a client's lines, sending its output as frames, and running writes in turn.
 */

/** A request line longer than this is not a CLI's. */
const MAX_REQUEST = 1 << 20;

/**
 * Listens on `path` with a umask that leaves the socket to this user alone from the start
 * (a chmod after listen would leave a moment in which others could connect).
 */
export function listen(server: Server, path: string): Promise<"listening" | "in use" | Error> {
  return new Promise((resolve) => {
    const umask = process.umask(0o177);
    const done = (result: "listening" | "in use" | Error) => {
      server.off("error", onError);
      resolve(result);
    };
    const onError = (error: NodeJS.ErrnoException) => done(error.code === "EADDRINUSE" ? "in use" : error);
    server.once("error", onError);
    server.listen(path, () => done("listening"));
    process.umask(umask);
  });
}

/** Whether a server already listens on the socket at `path`. */
export function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
}

/** A client that has not sent its request line by then is not a Trackdown CLI. */
const REQUEST_TIMEOUT_MS = 5000;

/**
 * Reads what a client sends: its request line, handed to `handle` at once, then the line that
 * confirms it waits for the outcome (`confirmed` resolves true), or nothing (false, when it
 * hangs up or sends anything else).
 */
export function receive(
  socket: Socket,
  handle: (request: unknown, confirmed: Promise<boolean>) => Promise<void>,
): void {
  let buffered = "";
  let requested = false;
  let confirm: (go: boolean) => void = () => {};
  const confirmed = new Promise<boolean>((resolve) => {
    confirm = resolve;
  });
  socket.setEncoding("utf8");
  socket.on("error", () => {}); // a client that left; nothing to answer
  let timer = setTimeout(() => socket.destroy(), REQUEST_TIMEOUT_MS);
  const onData = (chunk: string) => {
    buffered += chunk;
    for (let newline = buffered.indexOf("\n"); newline !== -1; newline = buffered.indexOf("\n")) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      clearTimeout(timer);
      if (requested) {
        socket.off("data", onData);
        return confirm(`${line}\n` === GO_LINE);
      }
      requested = true;
      timer = setTimeout(() => socket.destroy(), REQUEST_TIMEOUT_MS);
      void handle(parseLine(line), confirmed);
    }
    if (buffered.length > MAX_REQUEST) socket.destroy();
  };
  socket.on("data", onData);
  socket.once("close", () => {
    clearTimeout(timer);
    confirm(false);
  });
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Runs the work given to it one at a time, in the order given. */
export class WorkQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything queued, including what was queued while waiting, has run. */
  async idle(): Promise<void> {
    for (let tail = this.tail; ; tail = this.tail) {
      await tail;
      if (tail === this.tail) return;
    }
  }
}

/** Output frames sent by the next turn of the event loop or at this size, whichever comes first. */
const FRAME_SIZE = 64 * 1024;

/**
 * A command's output, as frames: consecutive writes to one stream are sent as one frame, so a
 * list of a thousand lines costs a few socket writes, not a thousand. Order across stdout and
 * stderr is kept.
 */
export class OutputFrames {
  private stream: "out" | "err" = "out";
  private text = "";
  private scheduled = false;

  constructor(private readonly send: (frame: CommandFrame) => void) {}

  write(stream: "out" | "err", text: string): void {
    if (stream !== this.stream) this.flush();
    this.stream = stream;
    this.text += text;
    if (this.text.length >= FRAME_SIZE) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  flush(): void {
    if (this.text !== "") this.send({ t: this.stream, d: this.text });
    this.text = "";
  }
}
