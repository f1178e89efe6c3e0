import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../../src/service/init.js";

/**
 * The built server's child processes: the start-up scan, whole-project reports and the registry
 * run in `dist/server/child-main.js`, and answer as the in-process code would.
 */

const dist = (path: string) => join(import.meta.dirname, "../../dist", path);
const { openServerService } = (await import(
  dist("server/open-service.js")
)) as typeof import("../../src/server/open-service.js");
const { startServer } = (await import(dist("server/start.js"))) as typeof import("../../src/server/start.js");
const { silentLogger } = (await import(
  dist("server/logger.js")
)) as typeof import("../../src/server/logger.js");

let root: string;
let service: ReturnType<typeof openServerService>;
let server: Awaited<ReturnType<typeof startServer>>;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-serve-child-"));
  await initProject(root);
  service = openServerService({ root, actor: "server" });
  await service.create({ title: "Indexed before the server", assignee: "builder" });
  server = await startServer({ service, port: 0, offloadFrom: 0, logger: silentLogger() });
});

afterEach(async () => {
  await server.close();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

const get = async (path: string) => {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("trackdown serve's child processes", () => {
  it("answer reports, keep error codes, and regenerate the registry", async () => {
    expect((await get("/health")).body).toMatchObject({ ready: true, tickets: 1 });
    expect((await get("/api/stats")).body).toMatchObject({ total: 1 });
    expect((await get("/api/agents/builder")).body).toMatchObject({ name: "builder" });
    expect(await get("/api/agents/nobody")).toMatchObject({
      status: 404,
      body: { error: { code: "NOT_FOUND" } },
    });
    const sync = await fetch(`${server.url}/api/registry/sync`, { method: "POST" });
    expect(await sync.json()).toMatchObject({ tickets: 1 });
    expect(readFileSync(join(root, "TICKET_REGISTRY.md"), "utf8")).toContain("Indexed before the server");
  });
});
