import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { idKey } from "../core/ids.js";
import { silentLogger } from "../server/logger.js";
import { openServerService } from "../server/open-service.js";
import { RegistryScheduler } from "../server/registry-scheduler.js";
import { initProject } from "../service/init.js";
import type { TicketService } from "../service/ticket-service.js";
import { withLock } from "../store/locks.js";
import { type CommandSocket, takeCommands } from "./serve-commands.js";
import { buildStamp, type CommandFrame, commandSocketPath, GO_LINE } from "./served.js";

let root: string;
let service: TicketService;
const sockets: CommandSocket[] = [];

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-cmdsock-"));
  await initProject(root);
  service = openServerService({ root, actor: "server" });
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) await socket.close();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

async function take(sync?: () => Promise<boolean>): Promise<CommandSocket | undefined> {
  const socket = await takeCommands({ service, sync, log: silentLogger() });
  if (socket) sockets.push(socket);
  return socket;
}

/**
 * Sends one raw request line, confirms with `confirmation` once accepted (as the CLI does with
 * GO_LINE), and collects the frames until the server hangs up.
 */
function exchange(line: string, confirmation = GO_LINE): Promise<CommandFrame[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(commandSocketPath(root), () => socket.write(line));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      const first = !received.includes("\n");
      received += chunk;
      if (first && received.startsWith('{"t":"accepted"}\n')) {
        if (confirmation === "") socket.destroy();
        else socket.write(confirmation);
      }
    });
    socket.on("close", () => resolve(parseFrames(received)));
    socket.on("error", reject);
  });
}

const parseFrames = (received: string) =>
  received
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as CommandFrame);

const stdoutOf = (received: CommandFrame[]) => received.map((f) => (f.t === "out" ? f.d : "")).join("");

const request = (args: string[], overrides: Record<string, unknown> = {}) =>
  `${JSON.stringify({
    version: buildStamp(),
    args,
    env: {},
    cwd: root,
    stdout: { tty: false },
    stderr: { tty: false },
    ...overrides,
  })}\n`;

const ticketFiles = () =>
  readdirSync(join(root, "tickets"), { recursive: true }).filter((f) => String(f).endsWith(".md"));

describe("takeCommands", () => {
  it("runs a read and answers accepted, the output, then the exit code", async () => {
    await take(async () => true);
    const frames = await exchange(request(["list", "--json"]));
    expect(frames[0]).toEqual({ t: "accepted" });
    expect(frames.at(-1)).toEqual({ t: "exit", code: 0 });
    expect(JSON.parse(stdoutOf(frames))).toMatchObject({ tickets: [], total: 0 });
  });

  it("declines what it does not run, not from this version, not a request, or not yet current", async () => {
    let current = true;
    await take(async () => current);
    const declined = async (line: string) => {
      const frames = await exchange(line);
      expect(frames).toHaveLength(1);
      expect(frames[0]?.t).toBe("declined");
      return frames[0]?.t === "declined" ? frames[0].reason : "";
    };
    expect(await declined(request(["delete", "TSK-1", "--yes"]))).toMatch(/not a command/);
    expect(await declined(request(["create", "From stdin", "--body-file", "-"]))).toMatch(/not a command/);
    expect(await declined(request(["create", "In an editor", "-e"]))).toMatch(/not a command/);
    expect(await declined(request(["list"], { cwd: "relative/dir" }))).toMatch(/not a Trackdown CLI request/);
    expect(ticketFiles()).toEqual([]);
    expect(await declined(request(["list"], { version: "0.0.0-other" }))).toMatch(/build 0.0.0-other/);
    expect(await declined("this is not JSON\n")).toMatch(/not a Trackdown CLI request/);
    expect(await declined(request(["list"], { args: "list" }))).toMatch(/not a Trackdown CLI request/);
    const otherZone = process.env.TZ === "Asia/Tokyo" ? "Europe/Paris" : "Asia/Tokyo";
    expect(await declined(request(["list"], { env: { TZ: otherZone } }))).toMatch(/TZ/);
    current = false;
    expect(await declined(request(["list"]))).toMatch(/watcher is not current/);
  });

  it("declines once config.yaml changed: the server applies config only when restarted", async () => {
    await take(async () => true);
    const config = service.project.paths.configFile;
    mkdirSync(dirname(config), { recursive: true });
    writeFileSync(config, "# changed while serving\n", { flag: "a" });
    const frames = await exchange(request(["list"]));
    expect(frames).toEqual([
      { t: "declined", reason: ".trackdown/config.yaml changed since the server started" },
    ]);
  });

  it("leaves the socket to a server already taking it, and takes over one left by a dead server", async () => {
    const first = await take(async () => true);
    expect(first).toBeDefined();
    expect(await take(async () => true)).toBeUndefined(); // the first one answers
    await first?.close();
    sockets.splice(sockets.indexOf(first as CommandSocket), 1);
    expect(existsSync(commandSocketPath(root))).toBe(false);

    writeFileSync(commandSocketPath(root), ""); // nobody answers on it
    const next = await take(async () => true);
    expect(next).toBeDefined();
    expect((await exchange(request(["list"]))).at(-1)).toEqual({ t: "exit", code: 0 });
  });

  it("does not wait, when it stops, for a client that never sends its request", async () => {
    const commands = await take(async () => true);
    const silent = connect(commandSocketPath(root));
    await new Promise((resolve) => silent.once("connect", resolve));
    const closed = new Promise((resolve) => silent.once("close", resolve));
    await commands?.close(); // resolves only once every connection is gone
    sockets.splice(0);
    await closed;
    expect(existsSync(commandSocketPath(root))).toBe(false);
  });

  it("keeps serving after a client hangs up before its answer", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let calls = 0;
    await take(async () => {
      calls += 1;
      if (calls === 1) await gate;
      return true;
    });
    const impatient = connect(commandSocketPath(root), () => {
      impatient.write(request(["list"]));
      impatient.destroy();
    });
    await new Promise((resolve) => impatient.on("close", resolve));
    release();
    expect((await exchange(request(["show", "NOPE-1"]))).at(-1)).toEqual({ t: "exit", code: 3 });
  });
  it("runs a write as the CLI would: its agent, a body file from its directory, the registry", async () => {
    const registry = new RegistryScheduler({ project: service.project, log: silentLogger(), child: false });
    const socket = await takeCommands({ service, sync: async () => true, registry, log: silentLogger() });
    if (socket) sockets.push(socket);
    const clientDir = join(root, "notes");
    mkdirSync(clientDir);
    writeFileSync(join(clientDir, "body.md"), "Steps to reproduce: save twice.\n");
    const env = { TRACKDOWN_AGENT: "qa-agent" };
    const created = await exchange(
      request(["create", "Crash on save", "--type", "bug", "--body-file", "body.md", "--json"], {
        env,
        cwd: clientDir,
      }),
    );
    expect(created.at(-1)).toEqual({ t: "exit", code: 0 });
    const ticket = JSON.parse(stdoutOf(created)) as { id: string; path: string };
    const text = readFileSync(join(root, ticket.path), "utf8");
    expect(text).toContain("Steps to reproduce: save twice.");
    // The registry is current when the command ends, regenerated here and not again later.
    const registryFile = join(root, "TICKET_REGISTRY.md");
    expect(readFileSync(registryFile, "utf8")).toContain(ticket.id);
    expect(registry.last).toBeDefined();

    const started = await exchange(request(["start", ticket.id], { env }));
    expect(started.at(-1)).toEqual({ t: "exit", code: 0 });
    expect(readFileSync(registryFile, "utf8")).toMatch(
      new RegExp(`In progress \\(1\\)[\\s\\S]*${ticket.id}`),
    );
    const audit = readdirSync(service.project.paths.auditDir)
      .map((f) => readFileSync(join(service.project.paths.auditDir, f), "utf8"))
      .join("");
    expect(audit).toContain('"actor":"qa-agent"');
    expect(audit).not.toContain('"actor":"server"');

    // An agent takes a ready ticket and renews its lease.
    const ready = JSON.parse(stdoutOf(await exchange(request(["create", "Ready", "--json"], { env })))) as {
      id: string;
    };
    for (const args of [
      ["claim", ready.id],
      ["heartbeat", ready.id],
    ])
      expect((await exchange(request(args, { env }))).at(-1), args[0]).toEqual({ t: "exit", code: 0 });
    const shown = await exchange(request(["show", ready.id, "--json"], { env }));
    expect(JSON.parse(stdoutOf(shown))).toMatchObject({ assignee: "qa-agent", claim: { agent: "qa-agent" } });

    // A failed write changes nothing and says what the CLI says.
    const unknown = await exchange(request(["update", "NOPE-1", "--title", "x"], { env }));
    expect(unknown.at(-1)).toEqual({ t: "exit", code: 3 });
    expect(unknown.map((f) => (f.t === "err" ? f.d : "")).join("")).toMatch(/NOPE-1/);
    await registry.close();
  });

  it("runs nothing for a client that does not confirm it waits", async () => {
    await take(async () => true);
    for (const confirmation of ["", '{"t":"nope"}\n']) {
      const received = await exchange(request(["create", "Never written"]), confirmation);
      expect(received).toEqual([{ t: "accepted" }]);
    }
    expect(ticketFiles()).toEqual([]);
  });

  it("runs writes one at a time: ten at once make ten tickets", async () => {
    await take(async () => true);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => exchange(request(["create", `Ticket ${i}`]))),
    );
    expect(results.map((r) => r.at(-1))).toEqual(Array(10).fill({ t: "exit", code: 0 }));
    const ids = new Set(results.map((r) => stdoutOf(r).trim()));
    expect(ids.size).toBe(10);
    expect(ticketFiles()).toHaveLength(10);
  });

  it("leaves writes to the CLI in a project with hooks, which run in the CLI's process", async () => {
    service.close();
    const config = join(root, ".trackdown", "config.yaml");
    writeFileSync(config, `${readFileSync(config, "utf8")}\nhooks:\n  - on: created\n    run: "true"\n`);
    service = openServerService({ root, actor: "server" });
    await take(async () => true);
    const received = await exchange(request(["create", "Hooked"]));
    expect(received).toEqual([
      { t: "declined", reason: "the project has hooks, which run in the CLI's own process" },
    ]);
    expect((await exchange(request(["list"]))).at(-1)).toEqual({ t: "exit", code: 0 });
    expect(ticketFiles()).toEqual([]);
  });
  it("lets a write it accepted finish before it stops", async () => {
    const commands = await take(async () => true);
    const created = await exchange(request(["create", "Waiting one", "--json"]));
    const { id } = JSON.parse(stdoutOf(created)) as { id: string };
    const { locksDir } = service.project.paths;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Another process's write holds the ticket: the served update waits for the lock.
    const holding = withLock(locksDir, idKey(id), 5000, () => held);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const updated = exchange(request(["update", id, "--title", "Finished after stop began"]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = commands?.close();
    sockets.splice(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await holding;
    await stopped;
    expect((await updated).at(-1)).toEqual({ t: "exit", code: 0 });
    const [file] = ticketFiles();
    expect(readFileSync(join(root, "tickets", String(file)), "utf8")).toContain(
      "title: Finished after stop began",
    );
  });
});
