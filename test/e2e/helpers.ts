/**
 * Shared helpers of the end-to-end tests: run the built CLI as a child process, create
 * throw-away projects, snapshot and parse files. No assertions live here; a helper that finds
 * something wrong throws, which fails the test that called it.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** The build under test: `dist/` of this repository unless TRACKDOWN_E2E_DIST names another. */
export const DIST = process.env.TRACKDOWN_E2E_DIST || join(REPO_ROOT, "dist");
/** The CLI entry under test: the `trackdown` executable; TRACKDOWN_E2E_CLI can point at another (e.g. dist/cli/launcher.js, unbundled). */
export const CLI = process.env.TRACKDOWN_E2E_CLI || join(DIST, "trackdown.cjs");
export const SERVICE_MODULE = join(DIST, "service", "ticket-service.js");

/** Registers work to run when the current test ends (vitest's `onTestFinished`). */
export type OnFinished = (fn: () => Promise<void> | void) => void;

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd: string;
  /** TRACKDOWN_AGENT of the child; every process names its own agent. */
  readonly agent?: string;
  /** Extra environment; `undefined` removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Bytes for stdin; stdin is closed right away when absent (so it is never a TTY). */
  readonly input?: string | Buffer;
}

/**
 * The environment of a child: the parent's, minus anything that would steer Trackdown. No CLI
 * starts a background index (background.test.ts asks for one by removing TRACKDOWN_BACKGROUND),
 * so each test's processes are the ones it started.
 */
export function childEnv(agent: string, extra: RunOptions["env"] = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of ["TRACKDOWN_ROOT", "TRACKDOWN_AGENT", "TRACKDOWN_DEBUG", "NO_COLOR", "FORCE_COLOR"]) {
    delete env[key];
  }
  env.TRACKDOWN_BACKGROUND = "0";
  env.TRACKDOWN_AGENT = agent;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `node <CLI> ...args` and collects its output. */
export function runCli(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: childEnv(options.agent ?? "e2e-agent", options.env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    child.stdin.on("error", () => {
      // The CLI may exit before reading all of its input; that is its business.
    });
    child.stdin.end(options.input);
  });
}

/** Describes a run for failure messages. */
export function describeRun(args: readonly string[], result: RunResult): string {
  return `trackdown ${args.join(" ")} → exit ${result.code}${result.signal ? ` (${result.signal})` : ""}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
}

export async function tempDir(onFinished: OnFinished, prefix = "trackdown-e2e-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  onFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A ticket as `show --json` prints it (list entries lack the body parts). */
export interface TicketJson {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly status: string;
  readonly priority: string;
  readonly assignee?: string;
  readonly tags: string[];
  readonly depends_on: string[];
  readonly created: string;
  readonly updated: string;
  readonly started?: string;
  readonly completed?: string;
  readonly path: string;
  readonly revision: string;
  readonly body?: string;
  readonly description?: string;
  readonly criteria?: { text: string; done: boolean }[];
  readonly activity?: { at: string; author: string; kind: "comment" | "event"; text: string }[];
  readonly [key: string]: unknown;
}

export interface ListJson {
  readonly tickets: TicketJson[];
  readonly total: number;
  readonly problems: { path: string; error: string }[];
}

export interface ErrorJson {
  readonly error: { code: string; message: string; details: Record<string, unknown> };
}

export interface ValidateJson {
  readonly ok: boolean;
  readonly checked: number;
  readonly problems: { kind: string; path: string; id?: string; message: string }[];
}

export interface DoctorJson {
  readonly problems: ValidateJson["problems"];
  readonly tempFiles: string[];
  readonly fixed: string[];
}

/** A freshly initialised project in its own temporary folder. */
export class TestProject {
  private constructor(
    readonly root: string,
    private readonly agent: string,
  ) {}

  static async create(onFinished: OnFinished, agent = "e2e-agent"): Promise<TestProject> {
    const project = new TestProject(await tempDir(onFinished), agent);
    await project.ok(["init"]);
    return project;
  }

  path(...parts: string[]): string {
    return join(this.root, ...parts);
  }

  run(args: readonly string[], options: Partial<RunOptions> = {}): Promise<RunResult> {
    return runCli(args, { cwd: this.root, agent: this.agent, ...options });
  }

  /** Runs a command that must succeed; throws with its output otherwise. */
  async ok(args: readonly string[], options: Partial<RunOptions> = {}): Promise<RunResult> {
    const result = await this.run(args, options);
    if (result.code !== 0) throw new Error(`expected success: ${describeRun(args, result)}`);
    return result;
  }

  /** Runs a command that must succeed and parses its stdout as JSON. */
  async json<T>(args: readonly string[], options: Partial<RunOptions> = {}): Promise<T> {
    const result = await this.ok(args, options);
    try {
      return JSON.parse(result.stdout) as T;
    } catch {
      throw new Error(`stdout is not JSON: ${describeRun(args, result)}`);
    }
  }

  createTicket(title: string, extra: readonly string[] = [], options: Partial<RunOptions> = {}) {
    return this.json<TicketJson>(["create", title, ...extra, "--json"], options);
  }

  show(id: string): Promise<TicketJson> {
    return this.json<TicketJson>(["show", id, "--json"]);
  }

  list(query: readonly string[] = []): Promise<ListJson> {
    return this.json<ListJson>(["list", ...query, "--json"]);
  }

  readText(relPath: string): Promise<string> {
    return readFile(join(this.root, relPath), "utf8");
  }
}

/** Every file under `dir` (recursively), as sorted forward-slash paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split("\\")
        .join("/"),
    )
    .sort();
}

/** Ticket files: `.md` files under tickets/ that are not dotfiles (temporary files are). */
export async function ticketFiles(root: string): Promise<string[]> {
  const files = await listFiles(join(root, "tickets"));
  return files
    .filter((path) => path.endsWith(".md") && !(path.split("/").at(-1) ?? "").startsWith("."))
    .map((path) => `tickets/${path}`);
}

/** Leftovers of interrupted atomic writes (`.td-tmp-*`) anywhere in the project, as relative paths. */
export async function tempFiles(root: string): Promise<string[]> {
  const files = await listFiles(root);
  return files.filter((path) => (path.split("/").at(-1) ?? "").startsWith(".td-tmp-"));
}

/**
 * The bytes of every file of a project except the derived index cache, keyed by relative path.
 * latin1 keeps every byte, so equal snapshots mean byte-identical files.
 */
export async function snapshot(root: string): Promise<Record<string, string>> {
  const files = (await listFiles(root)).filter((path) => !path.startsWith(".trackdown/cache/"));
  const entries = await Promise.all(
    files.map(async (path) => [path, (await readFile(join(root, path))).toString("latin1")] as const),
  );
  return Object.fromEntries(entries);
}

/** Splits a ticket file into its YAML frontmatter (parsed) and body; throws if it is not one. */
export function parseTicketText(text: string): { data: Record<string, unknown>; body: string } {
  if (!text.startsWith("---\n")) throw new Error(`no frontmatter: ${JSON.stringify(text.slice(0, 80))}`);
  const end = text.indexOf("\n---\n", 3);
  if (end < 0) throw new Error("frontmatter is not closed");
  const data: unknown = parseYaml(text.slice(4, end + 1));
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new Error("frontmatter is not a mapping");
  }
  return { data: data as Record<string, unknown>, body: text.slice(end + 5) };
}

/** Whether util-linux `script` is here to give a child a pseudo-terminal. */
export function hasScriptCommand(): boolean {
  const probe = spawnSync("script", ["--version"], { encoding: "utf8" });
  return probe.status === 0 && probe.stdout.includes("util-linux");
}

/** Runs the CLI on a pseudo-terminal through `script`; output has \r\n line ends. */
export function runCliOnTty(args: readonly string[], options: RunOptions): Promise<RunResult> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, CLI, ...args].map(quote).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], {
      cwd: options.cwd,
      env: childEnv(options.agent ?? "e2e-agent", options.env),
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
export const ANSI_ESCAPE = /\u001b\[/;
