/**
 * The CLI hands its reads and its writes of one ticket to a running `trackdown serve`
 * (cli/serve-client.ts, cli/serve-commands.ts). What must hold: the output, errors, exit codes
 * and files are the ones the CLI leaves by itself; a change made to the files just before is
 * seen; and whenever the server is gone, stale or declines, the CLI runs the command itself.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { dirname, join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  type CommandFrame,
  type CommandRequest,
  commandSocketPath,
  GO_LINE,
  packageVersion,
} from "../../src/cli/served.js";
import {
  ANSI_ESCAPE,
  CLI,
  childEnv,
  DIST,
  hasScriptCommand,
  type ListJson,
  type RunResult,
  runCliOnTty,
  snapshot,
  TestProject,
} from "./helpers.js";

interface Serving {
  readonly process: ChildProcess;
  /** The server's log so far (JSON lines, debug level). */
  log(): string;
  /** The log, once it contains `text` (or after 2 s): lines are written asynchronously. */
  logWith(text: string): Promise<string>;
  /** How many CLI commands the server has run so far, once its log shows `atLeast` of them. */
  served(atLeast?: number): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `trackdown serve --port 0` on the project, logging at debug level. */
async function serve(project: TestProject, extra: readonly string[] = []): Promise<Serving> {
  const child = spawn(process.execPath, [CLI, "serve", "--port", "0", ...extra], {
    cwd: project.root,
    env: childEnv("server", { TRACKDOWN_LOG_LEVEL: "debug" }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  };
  onTestFinished(() => stop());
  await new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (!/Trackdown serving/.test(log)) return;
      clearInterval(check);
      resolve();
    }, 10);
    child.once("exit", (code) => {
      clearInterval(check);
      reject(new Error(`serve exited with ${code}: ${log}`));
    });
  });
  const count = () => log.split("\n").filter((line) => line.includes('"msg":"ran a CLI command"')).length;
  return {
    process: child,
    log: () => log,
    logWith: async (text) => {
      for (let waited = 0; !log.includes(text) && waited < 2000; waited += 20) await sleep(20);
      return log;
    },
    served: async (atLeast = 0) => {
      // Logs are written asynchronously: wait for the lines expected, then a moment for any more.
      for (let waited = 0; count() < atLeast && waited < 2000; waited += 20) await sleep(20);
      await sleep(150);
      return count();
    },
    stop,
  };
}

/**
 * Sends one command to the server's socket straight from this process, as the CLI would: a file
 * written just before arrives at the server within a millisecond, well inside the watcher's
 * debounce, so only the server's sync makes the command see it.
 */
function askServer(project: TestProject, args: readonly string[]): Promise<{ code: number; stdout: string }> {
  const request: CommandRequest = {
    // The stamp of the build under test, as its launcher sends it.
    version: `${packageVersion()}+${readFileSync(join(DIST, "build-id"), "utf8").trim()}`,
    args,
    env: { TRACKDOWN_AGENT: "e2e-agent" },
    cwd: project.root,
    stdout: { tty: false },
    stderr: { tty: false },
  };
  return new Promise((resolve, reject) => {
    const socket = connect(commandSocketPath(project.root), () =>
      socket.write(`${JSON.stringify(request)}\n`),
    );
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      const first = !received.includes("\n");
      received += chunk;
      if (first && received.startsWith('{"t":"accepted"}\n')) socket.write(GO_LINE);
    });
    socket.on("error", reject);
    socket.on("end", () => {
      const frames = received
        .split("\n")
        .filter((line) => line !== "")
        .map((line) => JSON.parse(line) as CommandFrame);
      const exit = frames.find((f) => f.t === "exit");
      if (frames[0]?.t !== "accepted" || exit?.t !== "exit") reject(new Error(`not run: ${received}`));
      else resolve({ code: exit.code, stdout: frames.map((f) => (f.t === "out" ? f.d : "")).join("") });
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const standalone = { env: { TRACKDOWN_STANDALONE: "1" } };

/**
 * Text with what differs between two projects that took the same commands a moment apart left
 * out: timestamps, revisions (which hash them), and the projects' own folders.
 */
function normalise<T>(value: T): T {
  const text = JSON.stringify(value)
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?/g, "<time>")
    .replace(/\b[0-9a-f]{16}\b/g, "<revision>") // a hash of the file, timestamps included
    .replace(/trackdown-e2e-[A-Za-z0-9]+/g, "<project>");
  return JSON.parse(text) as T;
}

/**
 * The registry's lines, normalised and sorted: its tables order tickets by timestamps, which are
 * to the second, so two tickets moved a moment apart tie (and go by ID) in one project and not
 * in the other. What must match is every line; their order is held by the registry's own tests.
 */
const registryLines = (text: string) => normalise(text).split("\n").sort();

/** What a run printed and returned, for comparing two runs. */
const outcome = (r: RunResult) => ({ code: r.code, stdout: r.stdout, stderr: r.stderr });

async function projectWithTickets(): Promise<{ project: TestProject; ids: string[] }> {
  const project = await TestProject.create(onTestFinished);
  const ids: string[] = [];
  for (const [title, extra] of [
    ["Parser drops comments", ["--type", "bug", "--priority", "high", "--tag", "parser"]],
    ["Epic: faster search", ["--type", "epic"]],
    ["Index tags", ["--tag", "search", "--assignee", "qa-agent"]],
  ] as const) {
    ids.push((await project.createTicket(title, extra)).id);
  }
  await project.ok(["update", ids[2] ?? "", "--parent", ids[1] ?? ""]);
  await project.ok(["start", ids[0] ?? ""]);
  return { project, ids };
}

describe("CLI commands run by a running server", () => {
  it("print what the CLI prints by itself: output, errors and exit codes", async () => {
    const { project, ids } = await projectWithTickets();
    const server = await serve(project);
    const [bug = ""] = ids;
    const commands = [
      ["list"],
      ["list", "--json"],
      ["ls", "type:bug", "--sort", "-priority"],
      ["search", "search", "--json"],
      ["show", bug],
      ["show", bug.toLowerCase().slice(0, 6), "--json"],
      ["stats"],
      ["registry", "show"],
      ["show", "NOPE-1"],
      ["show", "NOPE-1", "--json"],
      ["list", "status:bogus"],
      ["list", "--limit", "x", "--json"],
      ["list", "--help"],
      ["--root", project.root, "list", "--json"],
    ];
    for (const args of commands) {
      const served = await project.run(args);
      const alone = await project.run(args, standalone);
      expect(outcome(served), args.join(" ")).toEqual(outcome(alone));
    }
    expect(await server.served(commands.length)).toBe(commands.length);
  });

  it("run writes as the CLI does by itself: same output, same files, registry current at exit", async () => {
    // Two projects with sequential IDs, one with a server and one without, take the same commands.
    const twins = [await TestProject.create(onTestFinished), await TestProject.create(onTestFinished)];
    for (const twin of twins) {
      const config = twin.path(".trackdown", "config.yaml");
      writeFileSync(config, readFileSync(config, "utf8").replace(/^ids: random$/m, "ids: sequential"));
      mkdirSync(twin.path("notes"));
      writeFileSync(twin.path("notes", "body.md"), "Saving twice crashes.\n");
    }
    const [served, alone] = twins as [TestProject, TestProject];
    const server = await serve(served);
    const steps: { args: string[]; cwd?: string; served?: false }[] = [
      {
        args: ["create", "Crash on save", "--type", "bug", "--priority", "high", "--body-file", "body.md"],
        cwd: "notes",
      },
      { args: ["create", "Epic: search", "--type", "epic"] },
      {
        args: [
          "create",
          "Index tags",
          "--parent",
          "EP-0001",
          "--depends-on",
          "BUG-0001",
          "--criteria",
          "tags indexed",
        ],
      },
      { args: ["update", "TSK-0001", "--add-tag", "perf", "--set", "team=core", "--assignee", "qa-agent"] },
      { args: ["start", "BUG-0001"] },
      { args: ["comment", "BUG-0001", "root", "cause", "found"] },
      { args: ["block", "TSK-0001", "--reason", "waits for BUG-0001"] },
      { args: ["complete", "BUG-0001", "--json"] },
      { args: ["transition", "TSK-0001", "in_progress"] },
      { args: ["transition", "EP-0001", "in_progress"] },
      { args: ["update", "NOPE-1", "--title", "x"] },
      { args: ["transition", "BUG-0001", "bogus"] },
      { args: ["create", "Bad", "--priority", "urgent"] },
      { args: ["comment", "BUG-0001", "--if-revision", "0", "late"] },
      { args: ["create", "--help"] },
      // An agent's loop: take the most urgent ready ticket, give it back, take it again, and work
      // the workflow's steps (attaching the workflow is left to the CLI). No lease is renewed
      // here: within the second of the claim a renewal changes nothing, and the two projects'
      // commands need not fall in the same seconds.
      { args: ["create", "Ready one", "--priority", "critical"] },
      { args: ["next", "--claim", "--json"] },
      { args: ["release", "TSK-0002"] },
      { args: ["claim", "TSK-0002", "--json"] },
      { args: ["orchestrate", "TSK-0002", "--agents", "e2e-agent,qa-agent"], served: false },
      { args: ["step", "start", "TSK-0002"] },
      { args: ["step", "progress", "TSK-0002", "--percent", "50", "--note", "half"] },
      { args: ["step", "done", "TSK-0002", "--json"] },
      { args: ["step", "done", "TSK-0002"] }, // not this agent's step: refused alike
    ];
    const codes: (number | null)[] = [];
    for (const { args, cwd } of steps) {
      const [a, b] = await Promise.all(
        [served, alone].map((twin) =>
          twin.run(args, { ...(cwd ? { cwd: twin.path(cwd) } : {}), ...(twin === alone ? standalone : {}) }),
        ),
      );
      expect(normalise(outcome(a as RunResult)), args.join(" ")).toEqual(normalise(outcome(b as RunResult)));
      codes.push((a as RunResult).code);
      // The registry is regenerated before the command ends, not later by the server.
      expect(registryLines(await served.readText("TICKET_REGISTRY.md")), args.join(" ")).toEqual(
        registryLines(await alone.readText("TICKET_REGISTRY.md")),
      );
    }
    expect(codes).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2, 2, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4]);
    const servedSteps = steps.filter((step) => step.served !== false).length;
    expect(await server.served(servedSteps)).toBe(servedSteps);
    const [mine, theirs] = await Promise.all([snapshot(served.root), snapshot(alone.root)]);
    expect(Object.keys(mine)).toEqual(Object.keys(theirs));
    for (const path of Object.keys(mine)) {
      const same = path === "TICKET_REGISTRY.md" ? registryLines : normalise;
      expect(same(mine[path] ?? ""), path).toEqual(same(theirs[path] ?? ""));
    }
  });

  it("leave to the CLI's own process what reads stdin, the reports, and validation", async () => {
    const { project, ids } = await projectWithTickets();
    const server = await serve(project);
    await project.ok(["comment", ids[0] ?? "", "--file", "-"], { input: "from a pipe\n" });
    await project.ok(["create", "Piped", "--body-file=-"], { input: "Body from a pipe\n" });
    await project.ok(["validate"]);
    await project.ok(["tree", ids[1] ?? ""]);
    const piped = await project.list(["Piped"]);
    expect(piped).toMatchObject({ total: 1 }); // served: the list
    expect(readFileSync(project.path(piped.tickets[0]?.path ?? ""), "utf8")).toContain("Body from a pipe");
    expect(readFileSync(project.path((await project.show(ids[0] ?? "")).path), "utf8")).toContain(
      "from a pipe",
    );
    expect(await server.served(2)).toBe(2); // the list and the show
  });

  it("lose no write when ten CLIs create and update at once through the server", async () => {
    const { project, ids } = await projectWithTickets();
    const server = await serve(project);
    const id = ids[2] ?? "";
    const fields = Array.from({ length: 10 }, (_, i) => `field${i}`);
    await Promise.all([
      ...fields.map((_, i) => project.ok(["create", `Parallel ${i}`], { agent: `agent-${i}` })),
      ...fields.map((field, i) =>
        project.ok(["update", id, "--set", `${field}=${i}`], { agent: `agent-${i}` }),
      ),
    ]);
    expect(await project.list(["Parallel"])).toMatchObject({ total: 10 });
    const custom = (await project.show(id)) as unknown as Record<string, unknown>;
    for (const [i, field] of fields.entries()) expect(custom[field], field).toBe(String(i));
    expect(await project.readText("TICKET_REGISTRY.md")).toContain(": 13 tickets, as of");
    expect(await server.served(22)).toBeGreaterThanOrEqual(22);
  });

  it("see every change made to the files just before, by anyone", async () => {
    const { project, ids } = await projectWithTickets();
    const server = await serve(project);
    const id = ids[0] ?? "";
    const path = project.path((await project.show(id)).path);
    const show = async () => JSON.parse((await askServer(project, ["show", id, "--json"])).stdout);
    for (let round = 1; round <= 8; round += 1) {
      // Rewritten in place, as an editor that does not rename would: only the watcher can tell.
      const text = readFileSync(path, "utf8").replace(/^title: .*$/m, `title: Edited by hand ${round}`);
      writeFileSync(path, text);
      expect((await show()).title).toBe(`Edited by hand ${round}`);
    }
    expect((await project.show(id)).title).toBe("Edited by hand 8"); // and through the CLI
    const openFolder = dirname(project.path((await project.show(ids[1] ?? "")).path));
    const byHand = join(openFolder, "BUG-zz9-made-by-hand.md");
    writeFileSync(
      byHand,
      "---\nid: BUG-zz9\ntitle: Made by hand\ntype: bug\nstatus: open\npriority: low\ncreated: 2026-01-01T00:00:00Z\nupdated: 2026-01-01T00:00:00Z\n---\n",
    );
    const list = async () => JSON.parse((await askServer(project, ["list", "id:BUG-zz9", "--json"])).stdout);
    expect((await list()).tickets.map((t: { title: string }) => t.title)).toEqual(["Made by hand"]);
    rmSync(byHand);
    expect(await list()).toMatchObject({ total: 0 });
    expect(await server.served(13)).toBe(13);
  });

  it("run in the CLI itself when the server is gone, has another config, or is not wanted", async () => {
    const { project } = await projectWithTickets();
    const socket = project.path(".trackdown", "cache", "serve.sock");
    const killed = await serve(project);
    await killed.stop("SIGKILL");
    expect(existsSync(socket)).toBe(true); // left behind: nobody answers on it
    expect(await project.list()).toMatchObject({ total: 3 });

    rmSync(socket);
    writeFileSync(socket, ""); // not a socket at all: never connected to
    expect(await project.list()).toMatchObject({ total: 3 });

    const server = await serve(project);
    expect(server.log()).toContain("the CLI's commands run here");
    expect(await project.list()).toMatchObject({ total: 3 });
    expect(await server.served(1)).toBe(1);

    await project.ok(["list"], standalone);
    // A new status in config.yaml: the server still runs on the old config, so it declines.
    const config = project.path(".trackdown", "config.yaml");
    writeFileSync(config, `${readFileSync(config, "utf8")}\n# edited while the server runs\n`);
    expect(await project.list(["is:open"])).toMatchObject({ total: 3 });
    expect(await server.served()).toBe(1);
    const declined = "config.yaml changed since the server started";
    expect(await server.logWith(declined)).toContain(declined);

    await server.stop();
    expect(existsSync(socket)).toBe(false); // a clean stop takes its socket away
  });

  it("end with exit 1, never a second run, when a server breaks off or talks out of protocol", async () => {
    const { project } = await projectWithTickets();
    const socket = project.path(".trackdown", "cache", "serve.sock");
    for (const answer of [
      '{"t":"accepted"}\n{"t":"out","d":"half of it\\n"}\n',
      '{"t":"accepted"}\nnonsense\n',
    ]) {
      const fake = createServer((client) => {
        client.once("data", () => client.end(answer));
      });
      await new Promise<void>((resolve) => fake.listen(socket, resolve));
      const result = await project.run(["list"]);
      await new Promise((resolve) => fake.close(resolve));
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("went away before it finished");
      expect(result.stdout).toBe(answer.includes("half") ? "half of it\n" : "");
    }
  });

  it("take no commands with --no-cli-socket", async () => {
    const { project } = await projectWithTickets();
    const server = await serve(project, ["--no-cli-socket"]);
    expect(existsSync(project.path(".trackdown", "cache", "serve.sock"))).toBe(false);
    expect(server.log()).not.toContain("the CLI's commands run here");
    expect(await project.list()).toMatchObject({ total: 3 } satisfies Partial<ListJson>);
    expect(await server.served()).toBe(0);
  });

  it.runIf(hasScriptCommand())("colour a terminal's output as the CLI does", async () => {
    const { project } = await projectWithTickets();
    const server = await serve(project);
    const options = { cwd: project.root, agent: "e2e-agent" };
    const served = await runCliOnTty(["list"], options);
    const alone = await runCliOnTty(["list"], { ...options, env: standalone.env });
    expect(served.stdout).toMatch(ANSI_ESCAPE);
    expect(outcome(served)).toEqual(outcome(alone));
    const plain = await runCliOnTty(["list"], { ...options, env: { NO_COLOR: "1" } });
    expect(plain.stdout).not.toMatch(ANSI_ESCAPE);
    expect(await server.served(2)).toBe(2);
  });
});
