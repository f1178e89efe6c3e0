import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../service/init.js";
import { TicketService } from "../service/ticket-service.js";
import { createApp } from "./app.js";
import { EventHub, publishServiceEvents } from "./event-hub.js";

let root: string;
let service: TicketService;
let hub: EventHub;
let app: ReturnType<typeof createApp>;

const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  app.request(`http://127.0.0.1${path}`, {
    ...init,
    headers: { host: "127.0.0.1:4600", "content-type": "application/json", ...init.headers },
  });
const json = async <T = Record<string, unknown>>(path: string, init: Parameters<typeof call>[1] = {}) => {
  const response = await call(path, init);
  return { status: response.status, body: (await response.json()) as T };
};
const post = <T = Record<string, unknown>>(path: string, body: unknown = {}, agent?: string) =>
  json<T>(path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: agent ? { "x-trackdown-agent": agent } : {},
  });

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-routes-"));
  await initProject(root);
  service = TicketService.open({ root, actor: "server" });
  hub = new EventHub();
  publishServiceEvents(service, hub);
  app = createApp({ service, hub, tokens: [] });
});

afterEach(async () => {
  await service.flush();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

describe("claims and the ready queue", () => {
  it("offers the best ready ticket, claims it for the acting agent, renews and releases it", async () => {
    const low = await service.create({ title: "Later", priority: "low" });
    const high = await service.create({ title: "First", priority: "high" });
    expect((await json(`/api/next`)).body).toMatchObject({ id: high.id });
    expect((await json(`/api/next?q=priority:low`)).body).toMatchObject({ id: low.id });
    const claimed = await post("/api/next", { claim: true }, "agent-a");
    expect(claimed.body).toMatchObject({ id: high.id, claim: { agent: "agent-a" } });
    expect((await post(`/api/tickets/${high.id}/heartbeat`, {}, "agent-a")).status).toBe(200);
    expect((await post(`/api/tickets/${high.id}/release`, {}, "agent-b")).status).toBe(409);
    expect((await post(`/api/tickets/${high.id}/release`, {}, "agent-a")).body).not.toHaveProperty("claim");
    expect((await post(`/api/tickets/${low.id}/claim`, {}, "agent-b")).body).toMatchObject({
      claim: { agent: "agent-b" },
    });
    expect((await post("/api/next", { query: "priority:low", claim: true })).status).toBe(404);
  });

  it("searches the full text, best match first, and needs words to search for", async () => {
    await service.create({ title: "Import fails on empty rows", description: "the importer crashes" });
    await service.create({ title: "Unrelated" });
    const found = await json<{ total: number; tickets: { title: string }[] }>("/api/search?q=importer");
    expect(found.body.total).toBe(1);
    expect(found.body.tickets[0]?.title).toBe("Import fails on empty rows");
    expect((await json("/api/search?q=")).status).toBe(400);
  });
});

describe("workflows, steps and runs", () => {
  it("attaches a workflow and moves steps through the acting agent", async () => {
    const { id } = await service.create({ title: "Feature", criteria: [] });
    const set = await post(`/api/tickets/${id}/workflow`, { agents: ["dev", "qa"] });
    expect(set.body).toMatchObject({ current: { step: 1, agent: "dev" }, finished: false });
    expect((await post(`/api/tickets/${id}/steps/start`, {}, "dev")).body).toMatchObject({ step: 1 });
    const progress = await post(`/api/tickets/${id}/steps/progress`, { percent: 50, note: "half" }, "dev");
    expect(progress.body).toMatchObject({ state: { progress: 50 } });
    expect((await post(`/api/tickets/${id}/steps/progress`, {}, "dev")).status).toBe(400);
    expect((await post(`/api/tickets/${id}/steps/done`, {}, "dev")).status).toBe(200);
    expect((await post(`/api/tickets/${id}/steps/fail`, {}, "qa")).status).toBe(400);
    expect((await post(`/api/tickets/${id}/steps/skip`, { note: "no tests" }, "qa")).status).toBe(200);
    const unknown = await post(`/api/tickets/${id}/steps/explode`, {}, "qa");
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: { details: { accepted: ["start", "progress", "done", "fail", "skip"] } },
    });
    expect((await json(`/api/tickets/${id}/workflow`)).body).toMatchObject({ finished: true });
    expect((await json(`/api/tickets/${id}/runs`)).body).toEqual({ id, runs: [] });
  });

  it("fails a step with its reason", async () => {
    const { id } = await service.create({ title: "Risky" });
    await post(`/api/tickets/${id}/workflow`, { agents: ["dev"] });
    await post(`/api/tickets/${id}/steps/start`, {}, "dev");
    const failed = await post(`/api/tickets/${id}/steps/fail`, { note: "tests red" }, "dev");
    expect(failed.body).toMatchObject({ state: { status: "failed", note: "tests red" } });
  });
});

describe("agents, stats and the registry", () => {
  it("lists agents and shows one", async () => {
    const { id } = await service.create({ title: "Work", assignee: "builder" });
    await service.as("builder").claim(id);
    const agents = await json<{ name: string }[]>("/api/agents");
    expect(agents.body.map((a) => a.name)).toContain("builder");
    expect((await json("/api/agents/BUILDER")).body).toMatchObject({ name: "builder" });
    expect((await json("/api/agents/nobody")).status).toBe(404);
  });

  it("reports stats, renders and syncs the registry and its figures", async () => {
    await service.create({ title: "One", type: "bug" });
    await service.create({ title: "Two" });
    expect((await json("/api/stats")).body).toMatchObject({ total: 2 });
    expect((await json("/api/stats?q=type:bug")).body).toMatchObject({ total: 1, query: "type:bug" });
    const text = await (await call("/api/registry")).text();
    expect(text).toContain("One");
    const synced = await post<{ path: string; tickets: number }>("/api/registry/sync");
    expect(synced.body).toMatchObject({ path: "TICKET_REGISTRY.md", tickets: 2 });
    expect(readFileSync(join(root, "TICKET_REGISTRY.md"), "utf8")).toBe(text);
    expect((await json("/api/registry/metrics")).body).toMatchObject({ registry: { auto: true }, total: 2 });
  });
});

describe("whole-project reports on a large project", () => {
  it("answer the same through the child-process path, errors and codes included", async () => {
    const { id } = await service.create({
      title: "Epic work",
      type: "epic",
      assignee: "builder",
      estimate: "1h",
    });
    await service.create({ title: "Child", parent: id });
    const inProcess = await Promise.all(
      ["/api/stats", "/api/agents", "/api/tree", "/api/time"].map((p) => json(p)),
    );
    app = createApp({ service, hub, tokens: [], offloadFrom: 0 });
    const offloaded = await Promise.all(
      ["/api/stats", "/api/agents", "/api/tree", "/api/time"].map((p) => json(p)),
    );
    expect(offloaded.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const withoutClock = (r: { body: Record<string, unknown> }) => ({ ...r.body, now: undefined });
    expect(offloaded.map(withoutClock)).toEqual(inProcess.map(withoutClock));
    expect((await json("/api/agents/builder")).body).toMatchObject({ name: "builder" });
    expect((await json("/api/agents/nobody")).body).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect((await json(`/api/tickets/${id}/tree`)).body).toMatchObject([
      { id, children: [{ title: "Child" }] },
    ]);
    expect(await (await call("/api/registry")).text()).toContain("Epic work");
    expect((await json("/api/registry/metrics")).body).toMatchObject({ total: 2 });
    expect((await json("/api/stats?q=stauts:x")).status).toBe(400);
  });
});

describe("relations and sprints", () => {
  it("shows the tree, a ticket's links and who points at it; links change through PATCH", async () => {
    const epic = await service.create({ title: "Epic", type: "epic" });
    const task = await service.create({ title: "Task", parent: epic.id });
    const other = await service.create({ title: "Other" });
    const patched = await json(`/api/tickets/${task.id}`, {
      method: "PATCH",
      body: JSON.stringify({ depends_on: { add: [other.id] } }),
    });
    expect(patched.status).toBe(200);
    const tree = await json<{ id: string; children: { id: string }[] }[]>("/api/tree");
    expect(tree.body[0]).toMatchObject({ id: epic.id, children: [{ id: task.id }] });
    expect((await json(`/api/tickets/${epic.id}/tree`)).body).toHaveLength(1);
    const links = await json<{ referenced_by: { id: string }[] }>(`/api/tickets/${other.id}/relations`);
    expect(links.body).toMatchObject({ id: other.id, blocks: [task.id] });
    expect(links.body.referenced_by.map((t) => t.id)).toEqual([task.id]);
  });

  it("creates, lists, shows and closes sprints", async () => {
    const created = await post("/api/sprints", { name: "S1", start: "2026-01-05", end: "2026-01-16" });
    expect(created.status).toBe(201);
    await post("/api/sprints", { name: "S2", start: "2026-01-19", end: "2026-01-30" });
    const { id } = await service.create({ title: "In sprint", sprint: "S1" });
    expect((await json<unknown[]>("/api/sprints")).body).toHaveLength(2);
    expect((await json("/api/sprints/s1")).body).toMatchObject({ name: "S1", members: [{ id }] });
    const closed = await post("/api/sprints/S1/close", { carry_over_to: "S2" });
    expect(closed.body).toMatchObject({ carried: [id] });
    expect((await post("/api/sprints", { name: "bad", start: "soon" })).status).toBe(400);
    expect((await json("/api/sprints/S9")).status).toBe(404);
  });
});

describe("batch, time and templates", () => {
  it("updates every matching ticket at once, or previews it with dry_run", async () => {
    const a = await service.create({ title: "A", tags: ["triage"] });
    const b = await service.create({ title: "B", tags: ["triage"] });
    await service.create({ title: "C" });
    const preview = await post("/api/batch", {
      query: "tag:triage",
      updates: { priority: "high" },
      dry_run: true,
    });
    expect(preview.body).toMatchObject({ dryRun: true, matched: 2, written: [] });
    expect(service.get(a.id).priority).toBe("medium");
    const done = await post<{ written: string[] }>("/api/batch", {
      query: "tag:triage",
      updates: { priority: "high", tags: { remove: ["triage"] } },
    });
    expect(done.status).toBe(200);
    expect(done.body.written.sort()).toEqual([a.id, b.id].sort());
    expect(done.body).not.toHaveProperty("tickets");
    expect(service.list("priority:high").total).toBe(2);
    expect((await post("/api/batch", { query: "tag:x", updates: { prio: "high" } })).status).toBe(400);
  });

  it("logs time, runs a timer, reports time and lists templates", async () => {
    const { id } = await service.create({ title: "Timed", estimate: "2h" });
    expect((await post(`/api/tickets/${id}/time`, { duration: "30m", note: "review" })).body).toMatchObject({
      time_spent: "30m",
    });
    expect((await post(`/api/tickets/${id}/time`, { duration: "soon" })).status).toBe(400);
    expect((await post(`/api/tickets/${id}/timer/start`, {}, "dev")).body).toMatchObject({
      timer: { agent: "dev" },
    });
    expect((await post(`/api/tickets/${id}/timer/stop`, {}, "qa")).status).toBe(409);
    expect((await post(`/api/tickets/${id}/timer/stop`, {}, "dev")).status).toBe(200);
    const report = await json<{ tickets: { id: string; estimateMinutes: number }[] }>("/api/time");
    expect(report.body.tickets[0]).toMatchObject({ id, estimateMinutes: 120 });
    const templates = await json<{ name: string }[]>("/api/templates");
    expect(templates.body.map((t) => t.name)).toEqual(expect.arrayContaining(["bug", "task"]));
  });
});

describe("operations", () => {
  it("reports health, readiness, status and Prometheus metrics", async () => {
    await service.create({ title: "Counted" });
    expect((await json("/health")).body).toMatchObject({
      status: "ok",
      ready: true,
      tickets: 1,
      version: "0.1.0",
    });
    expect((await call("/health/ready")).status).toBe(200);
    expect((await json("/api/status")).body).toMatchObject({
      tickets: 1,
      auth: { tokens: 0 },
      agent: "server",
    });
    await call("/api/tickets/TSK-zzzz");
    const metrics = await (await call("/metrics")).text();
    expect(metrics).toContain('trackdown_tickets{status="pending"} 1');
    expect(metrics).toContain(
      'trackdown_http_requests_total{method="GET",route="/api/tickets/:id",status="404"} 1',
    );
    expect(metrics).toMatch(
      /trackdown_http_request_duration_seconds_bucket\{method="GET",route="\/api\/status",le="\+Inf"\} 1/,
    );
    expect(metrics).toContain('trackdown_events_published_total{type="created"} 1');
    expect(metrics).toContain("trackdown_sse_clients 0");
  });

  it("is not ready while the watcher is down", async () => {
    app = createApp({
      service,
      hub,
      watch: () => ({ enabled: true, alive: false, folders: 0, pending: 0, problems: 0 }),
    });
    expect((await call("/health")).status).toBe(200);
    expect((await json("/health")).body).toMatchObject({
      status: "degraded",
      ready: false,
      index: { fresh: false },
    });
    expect((await call("/health/ready")).status).toBe(503);
    expect(await (await call("/metrics")).text()).toContain("trackdown_watcher_up 0");
  });

  it("streams events with IDs after a hello", async () => {
    const response = await call("/api/events");
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    let seen = "";
    const until = async (text: string) => {
      while (!seen.includes(text)) seen += decoder.decode((await reader?.read())?.value);
    };
    await until("event: hello");
    await service.create({ title: "Streamed" });
    await until("event: created");
    expect(seen).toContain(`\nid: ${hub.boot}-1\n`);
    expect(seen).not.toContain('"body"');
    await reader?.cancel();
  });
});
