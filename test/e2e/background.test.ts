/**
 * The background index (cli/background.ts, cli/background-server.ts): in a project of at least
 * `background.from_tickets` tickets, a CLI command that ran in its own process starts a
 * `trackdown serve --background`, the commands after it run there, and it goes away by itself —
 * idle, out of date, its project gone, or replaced by a `trackdown serve`. Linux only: the tests
 * find the servers among the machine's processes through /proc.
 */
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { CLI, childEnv, type ListJson, TestProject } from "./helpers.js";

const SLOW = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The environment of a CLI that may start a background index (helpers.childEnv forbids it). */
const MAY_START = { TRACKDOWN_BACKGROUND: undefined, TRACKDOWN_LOG_LEVEL: "debug" } as const;

async function project(settings: string): Promise<TestProject> {
  const created = await TestProject.create(onTestFinished);
  appendFileSync(created.path(".trackdown", "config.yaml"), `background:\n${settings}`);
  onTestFinished(() => killBackground(created.root));
  return created;
}

const cache = (p: TestProject, file: string) => p.path(".trackdown", "cache", file);

/** Pids of the background indexes running for `root`, whoever started them. */
function backgroundServers(root: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(join("/proc", entry, "cmdline"), "utf8").split("\0");
    } catch {
      continue; // it exited meanwhile
    }
    const rootAt = args.indexOf("--root");
    if (args.includes("--background") && args[rootAt + 1] === root) pids.push(Number(entry));
  }
  return pids;
}

function killBackground(root: string): void {
  for (const pid of backgroundServers(root)) process.kill(pid, "SIGKILL");
}

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); await sleep(25)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
  }
}

/** Waits for the background index to take commands, and returns its pid. */
async function running(p: TestProject): Promise<number> {
  await until("the background index takes commands", () => readLog(p).includes("the background index runs"));
  const pids = backgroundServers(p.root);
  expect(pids).toHaveLength(1);
  expect(readFileSync(cache(p, "background.pid"), "utf8")).toBe(String(pids[0]));
  return pids[0] ?? 0;
}

const readLog = (p: TestProject) =>
  existsSync(cache(p, "background.log")) ? readFileSync(cache(p, "background.log"), "utf8") : "";

/** Whether `pid` runs; a zombie (exited, not yet reaped by whoever adopted it) does not. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/s.test(stat);
  } catch {
    return false;
  }
};

async function titles(
  p: TestProject,
  env: Record<string, string | undefined> = MAY_START,
): Promise<string[]> {
  const list = await p.json<ListJson>(["list", "--json"], { env });
  return list.tickets.map((t) => t.title).sort();
}

describe.runIf(process.platform === "linux")("the background index", () => {
  it(
    "starts once the project is large enough, runs the next commands, and stops on serve --stop",
    async () => {
      const p = await project("  from_tickets: 2\n");
      await p.createTicket("first", [], { env: MAY_START });
      expect(existsSync(cache(p, "background.pid"))).toBe(false); // one ticket: below from_tickets
      await p.createTicket("second", [], { env: MAY_START });
      const pid = await running(p);

      // A read and a write run there, and see and leave what the files say.
      await p.createTicket("third", [], { env: MAY_START });
      expect(await titles(p)).toEqual(["first", "second", "third"]);
      await until("it has logged both commands", () => readLog(p).split("ran a CLI command").length - 1 >= 2);
      expect(readLog(p)).toContain('"args":["list","--json"]');
      expect(readFileSync(p.path("TICKET_REGISTRY.md"), "utf8")).toContain("third");

      const stopped = await p.ok(["serve", "--stop"]);
      expect(stopped.stdout).toBe(`Stopped the background index (pid ${pid})\n`);
      expect(alive(pid)).toBe(false);
      expect(existsSync(cache(p, "background.pid"))).toBe(false);
      expect(existsSync(cache(p, "serve.sock"))).toBe(false);
      expect((await p.ok(["serve", "--stop"])).stdout).toBe("No background index runs for this project\n");
    },
    SLOW,
  );

  it(
    "is not started below from_tickets, with auto off, or by an environment that opts out",
    async () => {
      const small = await project("  from_tickets: 5\n");
      const off = await project("  from_tickets: 0\n  auto: false\n");
      const optedOut = await project("  from_tickets: 0\n");
      for (const p of [small, off]) await p.createTicket("a ticket", [], { env: MAY_START });
      await optedOut.createTicket("a ticket"); // helpers.childEnv: TRACKDOWN_BACKGROUND=0
      for (const env of [{ TRACKDOWN_BACKGROUND: "0" }, { TRACKDOWN_STANDALONE: "1" }])
        await titles(optedOut, { ...MAY_START, ...env });
      await sleep(1000); // a server started by mistake would have written its pid by now
      for (const p of [small, off, optedOut]) {
        expect(existsSync(cache(p, "background.pid"))).toBe(false);
        expect(backgroundServers(p.root)).toEqual([]);
      }
      await titles(optedOut); // the control: the same project and command start one
      await running(optedOut);
    },
    SLOW,
  );

  it(
    "of many CLIs that finish at once, one starts it",
    async () => {
      const p = await project("  from_tickets: 1\n");
      await p.createTicket("a ticket");
      // Every server that runs meanwhile, even one that soon finds the socket taken and exits.
      const seen = new Set<number>();
      let sampling = true;
      const sampler = (async () => {
        for (; sampling; await sleep(10)) for (const pid of backgroundServers(p.root)) seen.add(pid);
      })();
      const lists = await Promise.all(Array.from({ length: 6 }, () => titles(p)));
      for (const list of lists) expect(list).toEqual(["a ticket"]);
      const pid = await running(p);
      await sleep(1500);
      sampling = false;
      await sampler;
      expect([...seen]).toEqual([pid]);
    },
    SLOW,
  );

  it(
    "stops when idle, and when its project is deleted",
    async () => {
      const idle = await project("  from_tickets: 0\n  idle_minutes: 0.01\n");
      const deleted = await project("  from_tickets: 0\n");
      await titles(idle);
      await titles(deleted);
      const idlePid = await running(idle);
      const deletedPid = await running(deleted);

      await until("the idle one has stopped", () => !alive(idlePid));
      expect(readLog(idle)).toContain('"reason":"idle"');
      expect(existsSync(cache(idle, "background.pid"))).toBe(false);
      expect(existsSync(cache(idle, "serve.sock"))).toBe(false);

      rmSync(deleted.root, { recursive: true, force: true });
      await until("the deleted project's one has stopped", () => !alive(deletedPid));
    },
    SLOW,
  );

  it(
    "stops when config.yaml changes, and the next command starts a current one",
    async () => {
      const p = await project("  from_tickets: 0\n");
      await p.createTicket("a ticket");
      await titles(p);
      const first = await running(p);
      appendFileSync(p.path(".trackdown", "config.yaml"), "# changed\n");
      // Declined by the out-of-date server, the command runs in the CLI's process.
      expect(await titles(p)).toEqual(["a ticket"]);
      await until("the out-of-date one has stopped", () => !alive(first));
      await titles(p);
      const second = await running(p);
      expect(second).not.toBe(first);
    },
    SLOW,
  );

  it(
    "is started again a minute after one was killed, over its stale socket and pid file",
    async () => {
      const p = await project("  from_tickets: 0\n");
      await p.createTicket("a ticket");
      await titles(p);
      const killed = await running(p);
      process.kill(killed, "SIGKILL");
      await until("it is gone", () => !alive(killed));
      expect(existsSync(cache(p, "serve.sock"))).toBe(true);

      await titles(p); // within the minute: not started again
      await sleep(500);
      expect(backgroundServers(p.root)).toEqual([]);

      const aMinuteAgo = new Date(Date.now() - 61_000);
      utimesSync(cache(p, "background.pid"), aMinuteAgo, aMinuteAgo);
      rmSync(cache(p, "background.log"));
      expect(await titles(p)).toEqual(["a ticket"]);
      const again = await running(p);
      expect(again).not.toBe(killed);
      expect(await titles(p)).toEqual(["a ticket"]);
      await until("it ran the command", () => readLog(p).includes("ran a CLI command"));
    },
    SLOW,
  );

  it(
    "gives way to a trackdown serve, which takes the CLI's commands from it",
    async () => {
      const p = await project("  from_tickets: 0\n");
      await titles(p);
      const background = await running(p);
      const server = spawn(process.execPath, [CLI, "serve", "--port", "0"], {
        cwd: p.root,
        env: childEnv("server"),
        stdio: ["ignore", "ignore", "pipe"],
      });
      let log = "";
      server.stderr.on("data", (chunk: Buffer) => {
        log += chunk.toString();
      });
      onTestFinished(() => {
        server.kill("SIGTERM");
      });
      await until("the server takes the CLI's commands", () => log.includes("taking the CLI's commands"));
      expect(alive(background)).toBe(false);
      expect(readLog(p)).toContain('"reason":"SIGTERM"');
      expect(backgroundServers(p.root)).toEqual([]);
    },
    SLOW,
  );
});
