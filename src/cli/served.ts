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
 * Commands a running server may run for the CLI: reads answered from the index, and the registry
 * (which the server regenerates anyway). Everything else runs in the CLI's own process, with its
 * own locks, hooks and standard input, exactly as without a server: every write, and the reports
 * that hold every ticket in memory at once (`tree`, `time`, `agents`), which the server runs only
 * in a child process.
 */
export const SERVED_COMMANDS: ReadonlySet<string> = new Set([
  "list",
  "ls",
  "search",
  "show",
  "stats",
  "registry",
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
    } else return SERVED_COMMANDS.has(arg) ? arg : undefined;
  }
  return undefined;
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
  readonly stdout: StreamFacts;
  readonly stderr: StreamFacts;
}

export interface StreamFacts {
  readonly tty: boolean;
  readonly columns?: number | undefined;
}

/**
 * What the server answers, one JSON line each: `accepted` at once (or `declined`, and the CLI
 * runs the command itself), then the command's output in order, then its exit code.
 */
export type CommandFrame =
  | { readonly t: "accepted" }
  | { readonly t: "declined"; readonly reason: string }
  | { readonly t: "out"; readonly d: string }
  | { readonly t: "err"; readonly d: string }
  | { readonly t: "exit"; readonly code: number };
