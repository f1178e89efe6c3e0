import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { packageVersion } from "../server/version.js";

export { packageVersion };

/*
 * What the CLI's launcher and a running `trackdown serve` agree on when the server runs a command
 * for the CLI (cli/serve-client.ts, cli/serve-commands.ts). Loaded before anything else in every
 * CLI call, so it imports only Node and server/version.ts (which imports only Node too).
 */

/**
 * Commands a running server may run for the CLI: reads answered from the index, the registry
 * (which the server regenerates anyway), and the everyday writes of one ticket (SERVED_WRITES).
 * Everything else runs in the CLI's own process, exactly as without a server: the reports that
 * hold every ticket in memory at once (`tree`, `time`, `agents`), which the server runs only in a
 * child process, and the writes of many tickets, of the project, or that ask something of the
 * terminal.
 */
export const SERVED_READS: ReadonlySet<string> = new Set([
  "list",
  "ls",
  "search",
  "show",
  "stats",
  "registry",
]);

/**
 * Writes a running server may run. Each runs under the same per-ticket file locks as in a CLI
 * process, then the server regenerates the registry (when `registry.auto` is on) before the
 * command counts as done, as the CLI does. A write is never served when it reads standard input
 * or opens an editor (see `servedCommand`), nor in a project with hooks: those run in the CLI's
 * process, with its environment.
 */
export const SERVED_WRITES: ReadonlySet<string> = new Set([
  "create",
  "update",
  "comment",
  "transition",
  "move",
  "start",
  "complete",
  "block",
  "reopen",
  // An agent's loop: the ready queue and its claims, and its workflow steps.
  "next",
  "claim",
  "heartbeat",
  "release",
  "step",
]);

/** Set to 1 to run every command in the CLI's own process, even when a server runs. */
export const STANDALONE_ENV = "TRACKDOWN_STANDALONE";

/** Program options that take a value, so their value is not mistaken for the command. */
const VALUED_GLOBALS = new Set(["--root", "--agent"]);

/** The socket a running `trackdown serve` takes commands on, under the project's git-ignored cache. */
export function commandSocketPath(root: string): string {
  return join(root, ".trackdown", "cache", "serve.sock");
}

/** The longest socket path the platforms allow (macOS: 104 bytes with the terminating NUL). */
export const MAX_SOCKET_PATH = 103;

/** The command an argument list runs, when a server may run it. */
export function servedCommand(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (VALUED_GLOBALS.has(arg)) i += 1;
    else if (arg.startsWith("-")) {
      if (!arg.includes("=")) return undefined; // --help, --version, or an option not known here
    } else if (SERVED_READS.has(arg)) return arg;
    else if (SERVED_WRITES.has(arg)) return args.slice(i + 1).some(needsTerminal) ? undefined : arg;
    else return undefined;
  }
  return undefined;
}

/**
 * Whether an argument may make a write read standard input (`-f -`, `--body-file=-`, `-f-`) or
 * open an editor (`--edit`, `-e` alone or among other short flags). It errs towards yes: such a
 * command merely runs in the CLI's own process.
 */
function needsTerminal(arg: string): boolean {
  if (arg === "-" || arg.endsWith("=-") || arg === "--edit") return true;
  return /^-[A-Za-z]+-?$/.test(arg) && (arg.includes("e") || arg.endsWith("-"));
}

/** Whether the server, running `command`, changes tickets. */
export function isServedWrite(command: string): boolean {
  return SERVED_WRITES.has(command);
}

/** The value of a program option (`--root dir` or `--root=dir`) anywhere before `--`. */
export function globalOption(args: readonly string[], name: "--root" | "--agent"): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    if (arg === "--") break;
    if (arg === name) {
      value = args[i + 1];
      i += 1;
    } else if (arg.startsWith(`${name}=`)) value = arg.slice(name.length + 1);
  }
  return value;
}

/**
 * The version and the build (dist/build-id, written by scripts/bundle.mjs): a server runs
 * commands only for a CLI of the very same build, so a rebuild or an upgrade in place while it
 * runs never mixes old and new code.
 */
export function buildStamp(): string {
  for (const candidate of ["./build-id", "../build-id"]) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(url)) return `${packageVersion()}+${readFileSync(url, "utf8").trim()}`;
  }
  return `${packageVersion()}+unbundled`;
}

/** Environment variables a served command sees from its client: Trackdown's own, colour, TZ. */
export function clientEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (key.startsWith("TRACKDOWN_") || ["NO_COLOR", "FORCE_COLOR", "TERM", "TZ"].includes(key))
      picked[key] = value;
  }
  return picked;
}

/** What the CLI sends: one JSON line. */
export interface CommandRequest {
  /** buildStamp() of the CLI. */
  readonly version: string;
  /** The arguments after the script, as typed. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** The CLI's working directory: a relative `--body-file` is read from there. */
  readonly cwd: string;
  readonly stdout: StreamFacts;
  readonly stderr: StreamFacts;
}

export interface StreamFacts {
  readonly tty: boolean;
  readonly columns?: number | undefined;
}

/**
 * What the server answers, one JSON line each: `accepted` (or `declined`, and the CLI runs the
 * command itself), then — once the CLI has confirmed with a `go` line that it waits for the
 * outcome — the command's output in order, then its exit code. The confirmation closes the race
 * of a CLI that gave up waiting just as the server accepted: a command runs in one place only,
 * which for a write is the difference between one ticket and two.
 */
export type CommandFrame =
  | { readonly t: "accepted" }
  | { readonly t: "declined"; readonly reason: string }
  | { readonly t: "out"; readonly d: string }
  | { readonly t: "err"; readonly d: string }
  | { readonly t: "exit"; readonly code: number };

/** The CLI's confirmation, after `accepted`. */
export const GO_LINE = '{"t":"go"}\n';
