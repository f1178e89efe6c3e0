import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../../src/service/init.js";

const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
let root: string;
let server: ChildProcess;
let base: string;

/** Starts `trackdown serve --port 0` and resolves with the URL it prints. */
function startServe(): Promise<string> {
  server = spawn(process.execPath, [CLI, "--root", root, "serve", "--port", "0"], {
    env: { ...process.env, TRACKDOWN_AGENT: "server" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    server.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const url = /at (http:\/\/\S+)/.exec(seen)?.[1];
      if (url) resolve(url);
    });
    server.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${seen}`)));
  });
}

interface SseEvent {
  id?: string;
  event?: string;
  data: string;
}

/** An open SSE connection: `next()` resolves with each event in order. */
async function openEvents(headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events`, { headers, signal: controller.signal });
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  const ready: SseEvent[] = [];
  let buffer = "";
  const parse = (block: string) => {
    const event: SseEvent = { data: "" };
    for (const line of block.split("\n")) {
      const [field, ...rest] = line.split(":");
      const value = rest.join(":").replace(/^ /, "");
      if (field === "id") event.id = value;
      else if (field === "event") event.event = value;
      else if (field === "data") event.data += value;
    }
    if (event.event) ready.push(event);
  };
  return {
    async next(): Promise<SseEvent> {
      while (ready.length === 0) {
        const { value, done } = await reader.read();
        if (done) throw new Error("stream ended");
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
      return ready.shift() as SseEvent;
    },
    close: () => controller.abort(),
  };
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-serve-"));
  await initProject(root);
  base = await startServe();
});

afterEach(async () => {
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("trackdown serve", () => {
  it("streams API changes as SSE events, and a reconnect with Last-Event-ID misses nothing", async () => {
    const health = (await (await fetch(`${base}/health`)).json()) as { status: string };
    expect(health.status).toBe("ok");

    const live = await openEvents();
    expect((await live.next()).event).toBe("hello");
    const created = (await (await post("/api/tickets", { title: "Live" })).json()) as { id: string };
    await post(`/api/tickets/${created.id}/transition`, { status: "in_progress" });
    const first = await live.next();
    const second = await live.next();
    live.close();
    expect([first.event, second.event]).toEqual(["created", "transitioned"]);

    await post(`/api/tickets/${created.id}/comments`, { text: "while you were away" });
    await post(`/api/tickets/${created.id}/transition`, { status: "completed" });
    const resumed = await openEvents({ "last-event-id": second.id ?? "" });
    expect((await resumed.next()).event).toBe("hello");
    const missed = [await resumed.next(), await resumed.next()];
    expect(missed.map((e) => e.event)).toEqual(["commented", "transitioned"]);
    expect(JSON.parse(missed[1]?.data ?? "{}")).toMatchObject({
      to: "completed",
      ticket: { id: created.id },
    });
    resumed.close();

    const unknown = await openEvents({ "last-event-id": "00000000-3" });
    expect((await unknown.next()).event).toBe("reset");
    unknown.close();
  });

  it("streams a hand edit of a ticket file as file-changed, once, and replays it after a reconnect", async () => {
    const live = await openEvents();
    expect((await live.next()).event).toBe("hello");
    const created = (await (await post("/api/tickets", { title: "Edit me" })).json()) as {
      id: string;
      path: string;
    };
    const first = await live.next();
    expect(first).toMatchObject({ event: "created" });

    const file = join(root, created.path);
    writeFileSync(file, readFileSync(file, "utf8").replace("title: Edit me", "title: Edited by hand"));
    const edited = await live.next();
    expect(edited.event).toBe("file-changed");
    expect(JSON.parse(edited.data)).toMatchObject({
      source: "file",
      change: "changed",
      id: created.id,
      ticket: { title: "Edited by hand" },
    });
    live.close();
    const listed = (await (
      await fetch(`${base}/api/tickets?q=${encodeURIComponent('"Edited by hand"')}`)
    ).json()) as {
      total: number;
    };
    expect(listed.total).toBe(1);

    await post(`/api/tickets/${created.id}/comments`, { text: "after the edit" });
    const resumed = await openEvents({ "last-event-id": first.id ?? "" });
    expect((await resumed.next()).event).toBe("hello");
    const replayed = [await resumed.next(), await resumed.next()];
    resumed.close();
    expect(replayed.map((e) => [e.event, e.id])).toEqual([
      ["file-changed", edited.id],
      ["commented", expect.any(String)],
    ]);
  });

  it("on SIGTERM ends open event streams and exits without waiting for their clients to hang up", async () => {
    const streams = [await openEvents(), await openEvents()];
    const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    const drain = async (stream: (typeof streams)[number]) => {
      for (;;) await stream.next(); // `hello`, then the end
    };
    for (const stream of streams) await expect(drain(stream)).rejects.toThrow("stream ended");
    // The clients keep their connections alive (undici: 4 s idle); the server closes them as
    // soon as their streams end instead of waiting for that, or for its own keep-alive timeout.
    const deadline = new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 2500).unref());
    expect(await Promise.race([exited, deadline])).toBe(0);
  });
});
