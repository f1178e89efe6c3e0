import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../service/init.js";
import { TicketService } from "../service/ticket-service.js";
import { orchestrateWorkflow } from "../service/workflows.js";
import { createMcpServer } from "./server.js";

interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

let root: string;
let clock: Date;
const services: TicketService[] = [];

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-mcp-unit-"));
  await initProject(root);
  clock = new Date("2026-03-01T10:00:00Z");
});

afterEach(async () => {
  // Automation started by the writes (registry, hooks) finishes before the folder goes.
  for (const service of services.splice(0)) {
    await service.flush();
    service.close();
  }
  rmSync(root, { recursive: true, force: true });
});

/** A client connected in process to a server acting as `agent`, on the shared test clock. */
async function connect(agent: string) {
  const service = TicketService.open({ root, actor: agent, now: () => clock });
  services.push(service);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await createMcpServer(service).connect(serverSide);
  const client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(clientSide);
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as ToolResult;
  return { service, call };
}

const text = (result: ToolResult) => result.content.map((c) => c.text ?? "").join("\n");
const idOf = (result: ToolResult) => String(result.structuredContent?.id);

describe("MCP tools", () => {
  it("progress renews the agent's claim lease and records the note", async () => {
    const { call, service } = await connect("a1");
    const id = idOf(await call("create", { title: "Port the loader" }));
    await call("next", { claim: true });
    expect(service.get(id).claim?.expires).toBe("2026-03-01T10:30:00Z");
    clock = new Date("2026-03-01T10:20:00Z");
    const result = await call("progress", { percent: 60, note: "half the modules moved" });
    expect(result.isError, text(result)).toBeFalsy();
    const ticket = service.get(id);
    expect(ticket.claim?.expires).toBe("2026-03-01T10:50:00Z");
    expect(ticket.activity.at(-1)).toMatchObject({
      kind: "comment",
      text: "Progress 60%: half the modules moved",
    });
  });

  it("progress without an ID is refused when the agent holds none, or several", async () => {
    const { call } = await connect("a1");
    const none = await call("progress", { percent: 10 });
    expect(none.isError).toBe(true);
    expect(text(none)).toBe(
      "NOT_FOUND: a1 holds no claimed or in-progress ticket; pass its id, or take one with next",
    );
    const first = idOf(await call("create", { title: "One" }));
    const second = idOf(await call("create", { title: "Two" }));
    await call("next", { claim: true });
    await call("next", { claim: true });
    const several = await call("progress", { percent: 10 });
    expect(text(several)).toMatch(/^INVALID_INPUT: a1 holds 2 tickets \(.+\); pass the id of one$/);
    expect(text(several)).toContain(first);
    expect(text(several)).toContain(second);
    expect((await call("progress", { id: first, percent: 10 })).isError).toBeFalsy();
  });

  it("fail blocks the ticket with the reason and releases the claim; overview shows why", async () => {
    const { call, service } = await connect("a1");
    const id = idOf(await call("create", { title: "Flaky deploy", priority: "high" }));
    await call("create", { title: "Waiting" });
    await call("next", { claim: true });
    const failed = await call("fail", { reason: "staging is down" });
    expect(failed.isError, text(failed)).toBeFalsy();
    const ticket = service.get(id);
    expect(ticket.status).toBe("blocked");
    expect(ticket.path).toMatch(/^tickets\/blocked\//);
    expect(ticket.claim).toBeUndefined();
    expect(ticket.activity.map((e) => e.text)).toContain("Failed: staging is down");

    const overview = await call("overview");
    expect(text(overview)).toBe(
      [
        "pending 1, in_progress 0, review 0, blocked 1, completed 0, cancelled 0; ready 1",
        "Blocked (1):",
        `${id} blocked high - Flaky deploy — Failed: staging is down`,
      ].join("\n"),
    );
  });

  it("overview lists who works on what", async () => {
    const a1 = await connect("a1");
    const a2 = await connect("a2");
    await a1.call("create", { title: "Alpha", priority: "low" });
    await a1.call("create", { title: "Beta", priority: "critical" });
    await a1.call("next", { claim: true });
    await a2.call("next", { claim: true });
    const lines = text(await a2.call("overview")).split("\n");
    expect(lines[0]).toBe("pending 0, in_progress 2, review 0, blocked 0, completed 0, cancelled 0; ready 0");
    expect(lines[1]).toBe("In progress (2):");
    expect(lines.slice(2).map((l) => l.split(" ").slice(1).join(" "))).toEqual([
      "in_progress critical a1 Beta",
      "in_progress low a2 Alpha",
    ]);
  });

  it("update and transition pass options through: force needs a reason, stale revisions conflict", async () => {
    const { call, service } = await connect("a1");
    const created = await call("create", { title: "Ship", criteria: ["tested"] });
    const id = idOf(created);
    const noReason = await call("transition", { id, status: "done", force: true });
    expect(text(noReason)).toMatch(/^INVALID_INPUT: --force needs a reason/);
    const stale = await call("update", { id, priority: "low", if_revision: "0000" });
    expect(text(stale)).toMatch(/^CONFLICT: .* changed since revision 0000/);
    const updated = await call("update", {
      id,
      tags: { add: ["release"] },
      if_revision: created.structuredContent?.revision,
    });
    expect(updated.isError, text(updated)).toBeFalsy();
    const forced = await call("transition", { id, status: "done", force: true, reason: "checked by hand" });
    expect(text(forced)).toMatch(new RegExp(`^Moved ${id} completed medium - Ship \\(tickets/completed/`));
    expect(service.get(id).tags).toEqual(["release"]);
    expect(service.get(id).activity.at(-1)?.text).toContain("forced: checked by hand");
  });

  it("query pages in compact form and gives every field with compact:false", async () => {
    const { call } = await connect("a1");
    for (const title of ["One", "Two", "Three"]) await call("create", { title });
    const page = await call("query", { limit: 2 });
    expect(text(page).split("\n")).toHaveLength(3);
    expect(text(page).split("\n")[2]).toBe("(1-2 of 3; next: offset 2)");
    const full = await call("query", { query: "One", compact: false });
    const parsed = JSON.parse(text(full)) as { tickets: { title: string; path: string }[]; total: number };
    expect(parsed.total).toBe(1);
    expect(parsed.tickets[0]).toMatchObject({
      title: "One",
      path: expect.stringMatching(/^tickets\/pending\//),
    });
  });

  it("shows a query error as the CLI does: message, then the pointer under the bad token", async () => {
    const { call } = await connect("a1");
    const result = await call("query", { query: "status:pending prio:high" });
    expect(result.isError).toBe(true);
    const [first, source, pointer] = text(result).split("\n");
    expect(first).toMatch(/^INVALID_INPUT: Unknown field "prio" in query at column 16; accepted fields: /);
    expect(source).toBe("status:pending prio:high");
    expect(pointer).toBe(`${" ".repeat(15)}^^^^`);
  });

  it("get gives a compact view by default and the whole body with compact:false", async () => {
    const { call } = await connect("a1");
    const id = idOf(await call("create", { title: "Doc", description: "Line one.", criteria: ["a"] }));
    await call("comment", { id, text: "first look" });
    const compact = await call("get", { id: id.slice(0, 6).toLowerCase() });
    expect(text(compact)).toContain("Acceptance criteria:\n[ ] a");
    expect(compact.structuredContent).not.toHaveProperty("body");
    const full = await call("get", { id, compact: false });
    expect(text(full)).toContain("\n\nLine one.\n\n## Acceptance criteria\n\n- [ ] a\n");
    expect(text(full)).toMatch(/a1 commented: first look/);
    expect(full.structuredContent?.body).toEqual(expect.stringContaining("## Activity"));
  });

  it("rejects unknown arguments so a misspelt one is not silently dropped", async () => {
    const { call } = await connect("a1");
    const result = await call("create", { title: "x", priorty: "high" });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('Unrecognized key: "priorty"');
  });
});

describe("MCP tools on a ticket with an agent workflow", () => {
  async function workflowTicket(agents: string[]) {
    const pm = await connect("pm");
    const id = idOf(await pm.call("create", { title: "Build the parser" }));
    await orchestrateWorkflow(pm.service, id, agents);
    return id;
  }

  it("progress and complete work through the agent's step; the last step completes the ticket", async () => {
    const id = await workflowTicket(["a1", "a2"]);
    const a1 = await connect("a1");
    const a2 = await connect("a2");

    const early = await a2.call("progress", { id, percent: 10 });
    expect(text(early)).toMatch(/^CONFLICT: It is a1's turn/);

    const progress = await a1.call("progress", { id, percent: 50, note: "lexer done" });
    expect(text(progress), text(progress)).toMatch(
      new RegExp(`^Step 1/2 \\(a1\\) in_progress 50%; ${id} in_progress`),
    );
    expect(progress.structuredContent?.step).toMatchObject({
      number: 1,
      status: "in_progress",
      progress: 50,
    });

    const handover = await a1.call("complete", {});
    expect(text(handover)).toMatch(new RegExp(`^Step 1/2 \\(a1\\) completed; ${id} in_progress`));

    const mine = await a2.call("progress", { percent: 20 });
    expect(text(mine), "a2 finds the ticket by its due step").toMatch(/^Step 2\/2 \(a2\) in_progress 20%/);
    const done = await a2.call("complete", { note: "reviewed" });
    expect(text(done)).toMatch(new RegExp(`^Step 2/2 \\(a2\\) completed; ${id} completed`));
    const ticket = a2.service.get(id);
    expect(ticket.path).toMatch(/^tickets\/completed\//);
    expect(ticket.workflow?.map((s) => s.status)).toEqual(["completed", "completed"]);
  });

  it("fail fails the step, blocks the ticket, and overview shows the step's reason", async () => {
    const id = await workflowTicket(["a1"]);
    const a1 = await connect("a1");
    await a1.call("progress", { id, percent: 5 });
    const failed = await a1.call("fail", { id, reason: "grammar is ambiguous" });
    expect(text(failed), text(failed)).toMatch(new RegExp(`^Step 1/1 \\(a1\\) failed; ${id} blocked`));
    expect(a1.service.get(id).workflow?.[0]?.status).toBe("failed");
    const overview = text(await a1.call("overview"));
    expect(overview).toContain("— workflow step 1/1 (a1) failed: grammar is ambiguous");
  });
});
