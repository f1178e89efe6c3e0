import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../service/init.js";
import { TicketService } from "../service/ticket-service.js";
import { createApp } from "./app.js";
import { EventHub } from "./event-hub.js";

let root: string;
let service: TicketService;
let app: ReturnType<typeof createApp>;

const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  app.request(`http://127.0.0.1${path}`, {
    ...init,
    headers: { host: "127.0.0.1:4600", "content-type": "application/json", ...init.headers },
  });

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-api-"));
  await initProject(root);
  service = TicketService.open({ root, actor: "server" });
  app = createApp({ service, hub: new EventHub(), tokens: [] });
});

afterEach(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

describe("REST API", () => {
  it("creates, lists, reads with an ETag and patches with If-Match", async () => {
    const created = await call("/api/tickets", {
      method: "POST",
      body: JSON.stringify({ title: "From the API", type: "bug" }),
    });
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string; revision: string };
    const list = (await (await call("/api/tickets?q=type:bug")).json()) as { total: number };
    expect(list.total).toBe(1);
    const got = await call(`/api/tickets/${ticket.id}`);
    expect(got.headers.get("etag")).toBe(`"${ticket.revision}"`);
    const patched = await call(`/api/tickets/${ticket.id}`, {
      method: "PATCH",
      body: JSON.stringify({ priority: "high" }),
      headers: { "if-match": `"${ticket.revision}"`, "x-trackdown-agent": "qa-agent" },
    });
    expect(patched.status).toBe(200);
    const stale = await call(`/api/tickets/${ticket.id}`, {
      method: "PATCH",
      body: JSON.stringify({ priority: "low" }),
      headers: { "if-match": `"${ticket.revision}"` },
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { error: { code: string } }).error.code).toBe("CONFLICT");
    const commented = await call(`/api/tickets/${ticket.id}/comments`, {
      method: "POST",
      body: JSON.stringify({ text: "checked" }),
      headers: { "x-trackdown-agent": "qa-agent" },
    });
    expect(commented.status).toBe(201);
    expect(service.get(ticket.id).activity.at(-1)).toMatchObject({ author: "qa-agent", text: "checked" });
  });

  it("answers errors as JSON with the table's status", async () => {
    const missing = await call("/api/tickets/TSK-zzzz");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: { code: "NOT_FOUND", message: 'No ticket with ID "TSK-zzzz"' },
    });
    const bad = await call("/api/tickets?q=stauts:open");
    expect(bad.status).toBe(400);
    const pathEscape = await call("/api/tickets/..%2F..%2Fetc%2Fpasswd");
    expect(pathEscape.status).toBe(400);
    const rebinding = await app.request("http://evil.example/api/tickets", {
      headers: { host: "evil.example" },
    });
    expect(rebinding.status).toBe(401);
  });

  it("requires tokens when configured, and a write token to write", async () => {
    app = createApp({
      service,
      hub: new EventHub(),
      tokens: [
        { token: "r", role: "read" },
        { token: "w", role: "write" },
      ],
    });
    expect((await call("/api/tickets")).status).toBe(401);
    expect((await call("/api/tickets", { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    expect((await call("/api/tickets", { headers: { authorization: "Bearer r" } })).status).toBe(200);
    const readWrite = await call("/api/tickets", {
      method: "POST",
      body: "{}",
      headers: { authorization: "Bearer r" },
    });
    expect(readWrite.status).toBe(401);
    const write = await call("/api/tickets", {
      method: "POST",
      body: JSON.stringify({ title: "ok" }),
      headers: { authorization: "Bearer w" },
    });
    expect(write.status).toBe(201);
    expect((await call("/health")).status).toBe(200);
  });
});
