import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initProject } from "../../src/service/init.js";

/**
 * 50 clients hammer one server with concurrent updates of the same few tickets: every request
 * succeeds, no update is lost, and the files and the index agree afterwards.
 */

const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
const CLIENTS = 50;
const REQUESTS_EACH = 8;
const TICKETS = 10;

let root: string;
let server: ChildProcess;
let base: string;

function startServe(): Promise<string> {
  server = spawn(process.execPath, [CLI, "--root", root, "serve", "--port", "0"], {
    env: { ...process.env, TRACKDOWN_AGENT: "server", TRACKDOWN_LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    server.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const url = /serving .* at (http:\/\/\S+)/.exec(seen)?.[1];
      if (url) resolve(url);
    });
    server.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${seen}`)));
  });
}

const cli = (...args: string[]) => {
  const result = spawnSync(process.execPath, [CLI, "--root", root, ...args], { encoding: "utf8" });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "td-serve-load-"));
  await initProject(root);
  base = await startServe();
});

async function stopServer(): Promise<number | null> {
  if (server.exitCode !== null) return server.exitCode;
  const exited = new Promise<number | null>((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  return exited;
}

afterAll(async () => {
  await stopServer();
  rmSync(root, { recursive: true, force: true });
});

const send = (method: string, path: string, body?: unknown, agent = "loader") =>
  fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json", "x-trackdown-agent": agent },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

describe("trackdown serve under load", () => {
  it(`${CLIENTS} clients updating ${TICKETS} tickets at once lose nothing and leave files and index in agreement`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < TICKETS; i += 1) {
      const response = await send("POST", "/api/tickets", { title: `Shared ${i}` });
      ids.push(((await response.json()) as { id: string }).id);
    }
    const failures: string[] = [];
    const expected = new Map<string, { tags: Set<string>; fields: Map<string, number> }>(
      ids.map((id) => [id, { tags: new Set(), fields: new Map() }]),
    );
    const client = async (k: number) => {
      for (let i = 0; i < REQUESTS_EACH; i += 1) {
        const id = ids[(k + i * 3) % TICKETS] ?? "";
        const tag = `c${k}-${i}`;
        const patch = { tags: { add: [tag] }, fields: { [`client_${k}`]: i } };
        const response = await send("PATCH", `/api/tickets/${id}`, patch, `agent-${k}`);
        if (response.status !== 200) failures.push(`PATCH ${id} ${response.status} ${await response.text()}`);
        else await response.arrayBuffer();
        const want = expected.get(id);
        want?.tags.add(tag);
        want?.fields.set(`client_${k}`, i);
        if (i % 3 === 0) {
          const read = await send("GET", `/api/tickets?q=${encodeURIComponent(`tag:${tag}`)}`);
          if (read.status !== 200) failures.push(`GET ${read.status}`);
          else await read.arrayBuffer();
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
    expect(failures).toEqual([]);

    for (const [id, want] of expected) {
      const ticket = (await (await send("GET", `/api/tickets/${id}`)).json()) as Record<string, unknown> & {
        tags: string[];
      };
      expect(new Set(ticket.tags), id).toEqual(want.tags);
      for (const [field, value] of want.fields) expect(ticket[field], `${id} ${field}`).toBe(value);
    }

    const validated = cli("validate", "--json");
    expect(JSON.parse(validated.out)).toMatchObject({ ok: true, checked: TICKETS, problems: [] });
    const listed = JSON.parse(cli("list", "--json", "--limit", "1000").out) as {
      tickets: { id: string; path: string; revision: string }[];
    };
    const files = readdirSync(join(root, "tickets"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".md"))
      .map((f) => `tickets/${f}`)
      .sort();
    expect(listed.tickets.map((t) => t.path).sort()).toEqual(files);
    for (const ticket of listed.tickets) {
      const text = readFileSync(join(root, ticket.path), "utf8");
      expect(text, ticket.path).toContain(`id: ${ticket.id}`);
    }

    // A graceful stop finishes the registry, regenerated in the server's worker thread.
    expect(await stopServer()).toBe(0);
    const registry = readFileSync(join(root, "TICKET_REGISTRY.md"), "utf8");
    for (const id of ids) expect(registry, id).toContain(id);
  }, 180_000);
});
