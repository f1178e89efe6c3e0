import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../server/logger.js";
import { openServerService } from "../server/open-service.js";
import { initProject } from "../service/init.js";
import type { TicketService } from "../service/ticket-service.js";
import { type CommandSocket, takeCommands } from "./serve-commands.js";
import { buildStamp, type CommandFrame, commandSocketPath } from "./served.js";

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

/** Sends one raw request line and collects the frames until the server hangs up. */
function exchange(line: string): Promise<CommandFrame[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(commandSocketPath(root), () => socket.write(line));
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", reject);
    socket.on("end", () =>
      resolve(
        received
          .split("\n")
          .filter((l) => l !== "")
          .map((l) => JSON.parse(l) as CommandFrame),
      ),
    );
  });
}

const request = (args: string[], overrides: Record<string, unknown> = {}) =>
  `${JSON.stringify({
    version: buildStamp(),
    args,
    env: {},
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
    const stdout = frames.map((f) => (f.t === "out" ? f.d : "")).join("");
    expect(JSON.parse(stdout)).toMatchObject({ tickets: [], total: 0 });
  });

  it("declines what is not a read, not from this version, not a request, or not yet current", async () => {
    let current = true;
    await take(async () => current);
    const declined = async (line: string) => {
      const frames = await exchange(line);
      expect(frames).toHaveLength(1);
      expect(frames[0]?.t).toBe("declined");
      return frames[0]?.t === "declined" ? frames[0].reason : "";
    };
    expect(await declined(request(["create", "Should not exist"]))).toMatch(/not a command/);
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
});
