import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { initProject } from "../service/init.js";
import { TicketService } from "../service/ticket-service.js";
import { type AppOptions, createApp } from "./app.js";
import { EventHub } from "./event-hub.js";

let root: string;
let service: TicketService;
let app: ReturnType<typeof createApp>;

const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  app.request(`http://127.0.0.1${path}`, {
    ...init,
    headers: { host: "127.0.0.1:4600", "content-type": "application/json", ...init.headers },
  });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(path, { method: "POST", body: JSON.stringify(body), headers });
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string; details: Record<string, unknown> } })
    .error;

const build = (options: Partial<AppOptions> = {}) =>
  createApp({ service, hub: new EventHub(), tokens: [], ...options });

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-api-"));
  await initProject(root);
  service = TicketService.open({ root, actor: "server" });
  app = build();
});

afterEach(async () => {
  await service.flush();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

describe("tickets", () => {
  it("creates, lists, reads with an ETag, patches with If-Match and refuses a stale one with 412", async () => {
    const created = await post("/api/tickets", { title: "From the API", type: "bug" });
    expect(created.status).toBe(201);
    const ticket = (await created.json()) as { id: string; revision: string };
    expect(created.headers.get("etag")).toBe(`"${ticket.revision}"`);
    const list = (await (await call("/api/tickets?q=type:bug")).json()) as {
      total: number;
      problems: unknown[];
    };
    expect(list).toMatchObject({ total: 1, problems: [] });
    const got = await call(`/api/tickets/${ticket.id}`);
    expect(got.headers.get("etag")).toBe(`"${ticket.revision}"`);
    const unchanged = await call(`/api/tickets/${ticket.id}`, {
      headers: { "if-none-match": `"${ticket.revision}"` },
    });
    expect(unchanged.status).toBe(304);
    const patched = await call(`/api/tickets/${ticket.id}`, {
      method: "PATCH",
      body: JSON.stringify({ priority: "high", tags: { add: ["api"] } }),
      headers: { "if-match": `"${ticket.revision}"`, "x-trackdown-agent": "qa-agent" },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ priority: "high", tags: ["api"] });
    const stale = await call(`/api/tickets/${ticket.id}`, {
      method: "PATCH",
      body: JSON.stringify({ priority: "low" }),
      headers: { "if-match": `"${ticket.revision}"` },
    });
    expect(stale.status).toBe(412);
    expect(await errorOf(stale)).toMatchObject({ code: "CONFLICT", details: { expected: ticket.revision } });
    expect(service.get(ticket.id).priority).toBe("high");
  });

  it("moves, comments and deletes, each with If-Match", async () => {
    const { id, revision } = service.get((await service.create({ title: "Move me" })).id);
    const moved = await post(
      `/api/tickets/${id}/transition`,
      { status: "in_progress" },
      { "if-match": revision },
    );
    expect(moved.status).toBe(200);
    const staleMove = await post(
      `/api/tickets/${id}/transition`,
      { status: "review" },
      { "if-match": revision },
    );
    expect(staleMove.status).toBe(412);
    const commented = await post(
      `/api/tickets/${id}/comments`,
      { text: "checked" },
      { "x-trackdown-agent": "qa" },
    );
    expect(commented.status).toBe(201);
    expect(service.get(id).activity.at(-1)).toMatchObject({ author: "qa", text: "checked" });
    const staleDelete = await call(`/api/tickets/${id}`, {
      method: "DELETE",
      headers: { "if-match": revision },
    });
    expect(staleDelete.status).toBe(412);
    const deleted = await call(`/api/tickets/${id}`, { method: "DELETE" });
    expect(await deleted.json()).toMatchObject({ id, deleted: true });
    expect((await call(`/api/tickets/${id}`)).status).toBe(404);
  });

  it("shares list answers between clients until anything changes", async () => {
    const total = async (q = "") =>
      ((await (await call(`/api/tickets?q=${encodeURIComponent(q)}`)).json()) as { total: number }).total;
    expect(await total()).toBe(0);
    await post("/api/tickets", { title: "Through the API" });
    expect(await total()).toBe(1);
    await service.create({ title: "Through the library" });
    expect(await total()).toBe(2);
    expect(await total()).toBe(2);
    const metrics = await (await call("/metrics")).text();
    expect(metrics).toContain('trackdown_query_cache_total{result="hit"} 1');
    expect(metrics).toContain('trackdown_query_cache_total{result="miss"} 3');
  });

  it("counts the matches of a query once for all its pages, until anything changes", async () => {
    for (const title of ["One", "Two", "Three"]) await service.create({ title, tags: ["paged"] });
    await service.flush();
    const counts = vi.spyOn(service.project.index, "count");
    const page = async (offset: number) =>
      (await (await call(`/api/tickets?q=tag:paged&limit=1&offset=${offset}`)).json()) as {
        tickets: { title: string }[];
        total: number;
      };
    const pages = [await page(0), await page(1), await page(2)];
    expect(pages.map((p) => p.total)).toEqual([3, 3, 3]);
    expect(pages.flatMap((p) => p.tickets.map((t) => t.title)).sort()).toEqual(["One", "Three", "Two"]);
    expect(counts).toHaveBeenCalledTimes(1);
    await service.create({ title: "Four", tags: ["paged"] });
    await service.flush(); // the registry's regeneration counts too
    counts.mockClear();
    expect((await page(3)).total).toBe(4);
    expect((await page(0)).total).toBe(4);
    expect(counts).toHaveBeenCalledTimes(1);
  });

  it("keeps a CONFLICT that is not about a revision at 409", async () => {
    const { id } = await service.create({ title: "Claimed" });
    await service.as("agent-a").claim(id);
    const response = await post(`/api/tickets/${id}/claim`, {}, { "x-trackdown-agent": "agent-b" });
    expect(response.status).toBe(409);
    expect((await errorOf(response)).code).toBe("CONFLICT");
  });
});

describe("errors", () => {
  it("answers 404 and 400 as JSON with the table's code and a message naming the bad value", async () => {
    const missing = await call("/api/tickets/TSK-zzzz");
    expect(missing.status).toBe(404);
    expect(await errorOf(missing)).toEqual({
      code: "NOT_FOUND",
      message: 'No ticket with ID "TSK-zzzz"',
      details: { id: "TSK-zzzz" },
    });
    const badQuery = await call("/api/tickets?q=stauts:open");
    expect(badQuery.status).toBe(400);
    expect((await errorOf(badQuery)).message).toContain("stauts");
    const badLimit = await call("/api/tickets?limit=lots");
    expect((await errorOf(badLimit)).message).toBe(
      'limit must be a whole number from 0 to 10000, not "lots"',
    );
    const noRoute = await call("/api/nothing-here");
    expect(noRoute.status).toBe(404);
    expect((await errorOf(noRoute)).code).toBe("NOT_FOUND");
  });

  it("validates bodies with the service's schemas: unknown keys, wrong types, not JSON", async () => {
    const typo = await post("/api/tickets", { title: "x", prority: "high" });
    expect(typo.status).toBe(400);
    expect((await errorOf(typo)).message).toContain("prority");
    const wrongType = await post("/api/tickets", { title: "x", priority: "urgent" });
    expect((await errorOf(wrongType)).message).toContain("priority");
    const notJson = await call("/api/tickets", { method: "POST", body: "{title" });
    expect(notJson.status).toBe(400);
    const asText = await call("/api/tickets", {
      method: "POST",
      body: JSON.stringify({ title: "x" }),
      headers: { "content-type": "text/plain" },
    });
    expect(asText.status).toBe(415);
    app = build({ bodyLimitBytes: 100 });
    const big = await post("/api/tickets", { title: "x".repeat(500) });
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe("INVALID_INPUT");
  });

  it("refuses IDs and names that try to leave the project", async () => {
    for (const attempt of [
      "/api/tickets/..%2F..%2Fetc%2Fpasswd",
      "/api/tickets/%2Fetc%2Fpasswd",
      "/api/tickets/TSK-1%00",
      "/api/tickets/..%5C..%5Cwindows",
      "/api/tickets/..%2F..%2F.trackdown%2Fconfig.yaml/comments",
    ]) {
      const response = attempt.endsWith("comments")
        ? await post(attempt, { text: "x" })
        : await call(attempt);
      expect([400, 404], attempt).toContain(response.status);
      expect((await errorOf(response)).code, attempt).toMatch(/INVALID_INPUT|NOT_FOUND/);
    }
    const sprint = await call("/api/sprints/..%2F..%2Fetc");
    expect(sprint.status).toBe(404);
    const traversal = await app.request("http://127.0.0.1/api/..%2F..%2F..%2Fetc%2Fpasswd", {
      headers: { host: "127.0.0.1" },
    });
    expect(await traversal.text()).not.toContain("root:");
  });
});

describe("auth", () => {
  const hash = (token: string) => createHash("sha256").update(token).digest("hex");

  beforeEach(() => {
    app = build({
      tokens: [
        { token: "r", role: "read" },
        { sha256: hash("w"), role: "write" },
      ],
    });
  });

  it("needs a token, refuses a wrong one, and a read token on a write", async () => {
    const none = await call("/api/tickets");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await errorOf(none)).code).toBe("UNAUTHORIZED");
    expect((await call("/api/tickets", { headers: { authorization: "Bearer nope" } })).status).toBe(401);
    expect((await call("/api/tickets", { headers: { authorization: "Bearer r" } })).status).toBe(200);
    const readWrite = await post("/api/tickets", { title: "no" }, { authorization: "Bearer r" });
    expect(readWrite.status).toBe(403);
    expect(await errorOf(readWrite)).toMatchObject({ code: "UNAUTHORIZED", details: { role: "read" } });
    const write = await post("/api/tickets", { title: "ok" }, { authorization: "Bearer w" });
    expect(write.status).toBe(201);
    expect((await call("/api/events?token=nope")).status).toBe(401);
  });

  it("leaves health, metrics and the API docs open", async () => {
    for (const path of ["/health", "/metrics", "/api/openapi.json", "/api/docs"]) {
      expect((await call(path)).status, path).toBe(200);
    }
    expect((await call("/api/status")).status).toBe(401);
  });
});

describe("hosts, origins and headers", () => {
  it("refuses a foreign Host (DNS rebinding) and a cross-site Origin", async () => {
    const rebinding = await app.request("http://evil.example/api/tickets", {
      headers: { host: "evil.example" },
    });
    expect(rebinding.status).toBe(403);
    const crossSite = await call("/api/tickets", { headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    const opaque = await call("/api/tickets", { headers: { origin: "null" } });
    expect(opaque.status).toBe(403);
    const sameSite = await call("/api/tickets", { headers: { origin: "http://127.0.0.1:4600" } });
    expect(sameSite.status).toBe(200);
  });

  it("sends CORS headers only for configured origins, and security headers always", async () => {
    const plain = await call("/api/tickets");
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    expect(plain.headers.get("x-content-type-options")).toBe("nosniff");
    expect(plain.headers.get("x-frame-options")).toBe("DENY");
    expect(plain.headers.get("content-security-policy")).toContain("default-src 'self'");
    app = build({ allowedOrigins: ["https://board.example"] });
    const preflight = await call("/api/tickets", {
      method: "OPTIONS",
      headers: { origin: "https://board.example", "access-control-request-method": "PATCH" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://board.example");
  });
});
