import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TrackdownError } from "../core/errors.js";
import { createTicket } from "../index.js";
import type { TicketEvent } from "./events.js";
import { initProject } from "./init.js";
import { TicketManager, toQuery } from "./ticket-manager.js";
import { TicketService } from "./ticket-service.js";

let root: string;
let service: TicketService;
let clock: Date;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-service-"));
  await initProject(root);
  clock = new Date("2026-03-01T10:00:00Z");
  service = TicketService.open({ root, actor: "alice", now: () => clock });
});

afterEach(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

const fileOf = (path: string) => readFileSync(join(root, path), "utf8");

async function rejects(promise: Promise<unknown> | (() => unknown)): Promise<TrackdownError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    return error as TrackdownError;
  }
  throw new Error("expected a rejection");
}

describe("TicketService", () => {
  it("creates a ticket file in its status folder with a typed random ID", async () => {
    const ticket = await service.create({
      type: "bug",
      title: "Fix import error",
      priority: "critical",
      tags: ["backend"],
    });
    expect(ticket.id).toMatch(/^BUG-[0-9a-hjkmnp-tv-z]{4}$/);
    expect(ticket.path).toBe(`tickets/pending/${ticket.id}-fix-import-error.md`);
    expect(ticket.created).toBe("2026-03-01T10:00:00Z");
    const text = fileOf(ticket.path);
    expect(text).toContain("priority: critical");
    expect(text).not.toContain("depends_on");
    expect(text).toContain("alice: created");
  });

  it("finds tickets by unique prefix, case-insensitively, and refuses ambiguous prefixes", async () => {
    const a = await service.create({ title: "A" });
    expect(service.get(a.id.toLowerCase()).id).toBe(a.id);
    expect(service.get(a.id.slice(0, -1)).id).toBe(a.id);
    await service.create({ title: "B" });
    const ambiguous = await rejects(() => service.get("TSK-"));
    expect(ambiguous.code).toBe("INVALID_INPUT");
    expect(ambiguous.message).toContain("matches 2 tickets");
    expect((await rejects(() => service.get("TSK-zzzzzz"))).code).toBe("NOT_FOUND");
    expect((await rejects(() => service.get("../../etc/passwd"))).code).toBe("INVALID_INPUT");
  });

  it("transitions move the file, set timestamps and log the change", async () => {
    const ticket = await service.create({ title: "Move me" });
    clock = new Date("2026-03-02T09:00:00Z");
    const started = await service.transition(ticket.id, "wip");
    expect(started.status).toBe("in_progress");
    expect(started.started).toBe("2026-03-02T09:00:00Z");
    expect(started.path).toBe(ticket.path.replace("pending", "in-progress"));
    expect(existsSync(join(root, ticket.path))).toBe(false);
    const done = await service.transition(ticket.id, "done");
    expect(done.completed).toBe("2026-03-02T09:00:00Z");
    const reopened = await service.transition(ticket.id, "pending");
    expect(reopened.completed).toBeUndefined();
    expect(service.get(ticket.id).activity.map((a) => a.text)).toEqual([
      "created",
      "status pending → in_progress",
      "status in_progress → completed",
      "status completed → pending",
    ]);
  });

  it("refuses transitions the table does not allow and names the accepted ones", async () => {
    const ticket = await service.create({ title: "Cancel me" });
    await service.transition(ticket.id, "cancelled");
    const error = await rejects(service.transition(ticket.id, "review"));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain('from "cancelled" a ticket can go to: pending');
    const unknown = await rejects(service.transition(ticket.id, "finished"));
    expect(unknown.message).toContain("accepted: pending, in_progress");
  });

  it("gates completion on criteria and dependencies; --force needs and records a reason", async () => {
    const dep = await service.create({ title: "Dependency" });
    const ticket = await service.create({ title: "Gated", criteria: ["write tests"], depends_on: [dep.id] });
    const gate = await rejects(service.transition(ticket.id, "completed"));
    expect(gate.code).toBe("GATE");
    expect(gate.message).toContain('1 acceptance criteria unchecked: "write tests"');
    expect(gate.message).toContain(`open dependencies: ${dep.id}`);
    expect((await rejects(service.transition(ticket.id, "completed", { force: true }))).code).toBe(
      "INVALID_INPUT",
    );
    const forced = await service.transition(ticket.id, "completed", {
      force: true,
      reason: "verified by hand",
    });
    expect(forced.status).toBe("completed");
    expect(service.get(ticket.id).activity.at(-1)?.text).toContain("forced: verified by hand");
  });

  it("updates only the lines that change and keeps unknown keys and comments", async () => {
    const ticket = await service.create({ title: "Edit me", fields: { component: "parser" } });
    const path = join(root, ticket.path);
    writeFileSync(
      path,
      fileOf(ticket.path).replace("component: parser", "component: parser # owner: core team"),
    );
    const before = fileOf(ticket.path).split("\n");
    clock = new Date("2026-03-03T00:00:00Z");
    await service.update(ticket.id, { priority: "high" });
    const after = fileOf(ticket.path).split("\n");
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed).toEqual(["priority: high", "updated: '2026-03-03T00:00:00Z'"]);
    expect(after).toContain("component: parser # owner: core team");
  });

  it("adds and removes tags and relations, resolving prefixes and refusing dangling IDs", async () => {
    const other = await service.create({ title: "Other" });
    const ticket = await service.create({ title: "Linked", tags: ["a", "b"] });
    const updated = await service.update(ticket.id, {
      tags: { add: ["c"], remove: ["a"] },
      depends_on: { add: [other.id.toLowerCase()] },
      assignee: "qa-agent",
    });
    expect(updated.tags).toEqual(["b", "c"]);
    expect(updated.depends_on).toEqual([other.id]);
    expect(updated.assignee).toBe("qa-agent");
    expect((await rejects(service.update(ticket.id, { depends_on: { add: ["TSK-nope"] } }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await rejects(service.update(ticket.id, { parent: ticket.id }))).message).toContain(
      "cannot refer to itself",
    );
    const cleared = await service.update(ticket.id, { assignee: null });
    expect(cleared.assignee).toBeUndefined();
  });

  it("leaves the file alone when a change changes nothing", async () => {
    const ticket = await service.create({ title: "Steady", priority: "high" });
    clock = new Date("2026-03-05T00:00:00Z");
    const same = await service.update(ticket.id, { priority: "high", title: "Steady" });
    expect(same.revision).toBe(ticket.revision);
    expect((await service.transition(ticket.id, "pending")).revision).toBe(ticket.revision);
  });

  it("records a reason given without --force, and refuses prototype names as types or statuses", async () => {
    const ticket = await service.create({ title: "Blocked soon" });
    await service.transition(ticket.id, "blocked", { reason: "waiting for the vendor" });
    expect(service.get(ticket.id).activity.at(-1)?.text).toBe(
      "status pending → blocked: waiting for the vendor",
    );
    expect((await rejects(service.create({ title: "x", type: "constructor" }))).code).toBe("INVALID_INPUT");
    expect((await rejects(service.create({ title: "x", status: "constructor" }))).code).toBe("INVALID_INPUT");
  });

  it("refuses a stale revision and leaves the file as it was", async () => {
    const ticket = await service.create({ title: "Revisioned" });
    await service.update(ticket.id, { priority: "low" }, { ifRevision: ticket.revision });
    const before = fileOf(service.get(ticket.id).path);
    const error = await rejects(
      service.update(ticket.id, { priority: "high" }, { ifRevision: ticket.revision }),
    );
    expect(error.code).toBe("CONFLICT");
    expect(fileOf(service.get(ticket.id).path)).toBe(before);
  });

  it("refuses bad input with the accepted values and writes nothing", async () => {
    const error = await rejects(service.create({ title: "x", type: "story" }));
    expect(error.message).toContain("accepted: epic, issue, task, bug, feature, pr");
    expect((await rejects(service.create({ title: "  " }))).code).toBe("INVALID_INPUT");
    expect((await rejects(service.create({ title: "two\nlines" }))).code).toBe("INVALID_INPUT");
    expect((await rejects(service.create({ title: "bin", body: "a\0b" }))).message).toContain("binary");
    expect((await rejects(service.create({ title: "big", body: "x".repeat(1_000_001) }))).message).toContain(
      "limits.body_bytes",
    );
    expect((await rejects(service.create({ title: "f", fields: { status: "x" } }))).message).toContain(
      "core field",
    );
    expect(service.list().total).toBe(0);
  });

  it("comments append to the activity log, newest last", async () => {
    const ticket = await service.create({ title: "Discuss" });
    await service.comment(ticket.id, "first\nwith two lines");
    await service.comment(ticket.id, "second");
    const comments = service.get(ticket.id).activity.filter((a) => a.kind === "comment");
    expect(comments.map((c) => c.text)).toEqual(["first\nwith two lines", "second"]);
    expect((await rejects(service.comment(ticket.id, "   "))).code).toBe("INVALID_INPUT");
  });

  it("lists with the query language and full-text search", async () => {
    await service.create({
      title: "Parser crash",
      type: "bug",
      priority: "high",
      body: "\nThe YAML loader fails.\n",
    });
    await service.create({ title: "Docs", priority: "low", tags: ["docs"] });
    const crash = service.list("priority:>=high type:bug");
    expect(crash.tickets.map((t) => t.title)).toEqual(["Parser crash"]);
    expect(service.list("loader").tickets.map((t) => t.title)).toEqual(["Parser crash"]);
    expect(service.list("-tag:docs").total).toBe(1);
    expect((await rejects(() => service.list("stauts:open"))).code).toBe("INVALID_INPUT");
  });

  it("deletes a ticket and emits events for every change", async () => {
    const events: TicketEvent["type"][] = [];
    service.on((event) => events.push(event.type));
    const ticket = await service.create({ title: "Short-lived" });
    await service.update(ticket.id, { priority: "high" });
    await service.transition(ticket.id, "in_progress");
    await service.comment(ticket.id, "hi");
    await service.delete(ticket.id);
    expect(existsSync(join(root, ticket.path))).toBe(false);
    expect(events).toEqual(["created", "updated", "transitioned", "commented", "deleted"]);
  });
});

describe("library API", () => {
  it("offers the original system's calls in TypeScript form", async () => {
    const bug = await createTicket({
      root,
      type: "bug",
      title: "Fix import error",
      priority: "critical",
      tags: ["bug"],
    });
    const manager = new TicketManager(root, { actor: "pm" });
    try {
      await manager.createTicket({ title: "Resolved one", priority: "high", tags: ["bug", "resolved"] });
      expect(manager.listTickets({ status: "open", priority: ["high", "critical"] }).length).toBe(2);
      expect(manager.getTicket(bug.id).priority).toBe("critical");
      const closed = await manager.batchUpdateTickets({
        criteria: { tags: ["bug", "resolved"] },
        updates: { status: "closed" },
      });
      expect(closed.map((t) => t.status)).toEqual(["completed"]);
      expect(manager.search("import").map((t) => t.id)).toEqual([bug.id]);
    } finally {
      manager.close();
    }
  });

  it("builds quoted queries from filter objects", () => {
    expect(toQuery({ status: "open", tags: ["a b"], assignee: ["qa", "dev"] })).toBe(
      'status:open assignee:qa,dev tag:"a b"',
    );
  });
});
