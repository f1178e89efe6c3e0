import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TrackdownError } from "../core/errors.js";
import { initProject } from "./init.js";
import { ticketTree } from "./relations-tree.js";
import { TicketService } from "./ticket-service.js";

let root: string;
let service: TicketService;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-relations-"));
  await initProject(root);
  service = TicketService.open({ root, actor: "pm", now: () => new Date("2026-02-02T10:00:00Z") });
});

afterEach(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

async function refusal(promise: Promise<unknown>): Promise<TrackdownError> {
  return promise.then(
    () => {
      throw new Error("expected a refusal");
    },
    (error: TrackdownError) => error,
  );
}

const relationsOf = (id: string) => {
  const t = service.get(id);
  return { depends_on: t.depends_on, blocks: t.blocks, related: t.related };
};

describe("symmetric relations", () => {
  it("adding a dependency adds the blocker on the other ticket, and removing removes both", async () => {
    const a = await service.create({ title: "A" });
    const b = await service.create({ title: "B" });
    await service.update(a.id, { depends_on: { add: [b.id] } });
    expect(relationsOf(a.id)).toEqual({ depends_on: [b.id], blocks: [], related: [] });
    expect(relationsOf(b.id)).toEqual({ depends_on: [], blocks: [a.id], related: [] });
    expect(readFileSync(join(root, service.get(b.id).path), "utf8")).toContain(
      `blocks +${a.id} (inverse of ${a.id}'s depends_on)`,
    );

    await service.update(b.id, { blocks: { remove: [a.id] } });
    expect(relationsOf(a.id).depends_on).toEqual([]);
    expect(relationsOf(b.id).blocks).toEqual([]);
  });

  it("keeps related both ways, and mirrors relations given at creation", async () => {
    const a = await service.create({ title: "A" });
    const b = await service.create({ title: "B" });
    const c = await service.create({ title: "C", depends_on: [a.id], blocks: [b.id], related: [a.id] });
    expect(relationsOf(a.id)).toEqual({ depends_on: [], blocks: [c.id], related: [c.id] });
    expect(relationsOf(b.id)).toEqual({ depends_on: [c.id], blocks: [], related: [] });
    await service.update(a.id, { related: [] });
    expect(relationsOf(c.id).related).toEqual([]);
  });

  it("replacing a list updates exactly the tickets added and removed", async () => {
    const [a, b, c, d] = await Promise.all(["A", "B", "C", "D"].map((title) => service.create({ title })));
    if (!a || !b || !c || !d) throw new Error("setup");
    await service.update(a.id, { depends_on: [b.id, c.id] });
    await service.update(a.id, { depends_on: [c.id, d.id] });
    expect(relationsOf(b.id).blocks).toEqual([]);
    expect(relationsOf(c.id).blocks).toEqual([a.id]);
    expect(relationsOf(d.id).blocks).toEqual([a.id]);
  });
});

describe("cycles are refused with their path", () => {
  it("in dependencies, through update and create, writing nothing", async () => {
    const a = await service.create({ title: "A" });
    const b = await service.create({ title: "B", depends_on: [a.id] });
    const c = await service.create({ title: "C", depends_on: [b.id] });
    const before = readFileSync(join(root, service.get(a.id).path), "utf8");
    const error = await refusal(service.update(a.id, { depends_on: { add: [c.id] } }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toBe(`would create a dependency cycle: ${a.id} → ${c.id} → ${b.id} → ${a.id}`);
    expect(readFileSync(join(root, service.get(a.id).path), "utf8")).toBe(before);
    expect(relationsOf(c.id).blocks).toEqual([]);

    const viaBlocks = await refusal(service.update(c.id, { blocks: { add: [a.id] } }));
    expect(viaBlocks.message).toBe(`would create a dependency cycle: ${c.id} → ${b.id} → ${a.id} → ${c.id}`);

    const created = await refusal(service.create({ title: "D", depends_on: [c.id], blocks: [a.id] }));
    expect(created.message).toBe(
      `would create a dependency cycle: (new ticket) → ${c.id} → ${b.id} → ${a.id} → (new ticket)`,
    );
    expect(service.list().total).toBe(3);
  });

  it("in parents", async () => {
    const epic = await service.create({ type: "epic", title: "Epic" });
    const issue = await service.create({ type: "issue", title: "Issue", parent: epic.id });
    const task = await service.create({ title: "Task", parent: issue.id });
    const error = await refusal(service.update(epic.id, { parent: task.id }));
    expect(error.message).toBe(
      `would create a parent cycle: ${epic.id} → ${task.id} → ${issue.id} → ${epic.id}`,
    );
  });
});

describe("cancelling a ticket others depend on", () => {
  it("warns, naming the open dependents, in the result of transition and update", async () => {
    const base = await service.create({ title: "Base" });
    const waiting = await service.create({ title: "Waiting", depends_on: [base.id] });
    await service.create({ title: "Done already", depends_on: [base.id], status: "completed" });
    const cancelled = await service.transition(base.id, "cancelled");
    expect(cancelled.warnings).toEqual([
      `${waiting.id} (Waiting) depends on ${base.id}, which is now cancelled`,
    ]);
    const other = await service.create({ title: "Other" });
    await service.create({ title: "Needs other", depends_on: [other.id] });
    expect((await service.update(other.id, { status: "cancelled" })).warnings).toHaveLength(1);
    expect((await service.transition(waiting.id, "in_progress")).warnings).toBeUndefined();
  });
});

describe("tree", () => {
  it("rolls progress up a three-level hierarchy", async () => {
    const epic = await service.create({ type: "epic", title: "Epic", estimate: "1h" });
    const iss1 = await service.create({ type: "issue", title: "Issue 1", parent: epic.id });
    const iss2 = await service.create({ type: "issue", title: "Issue 2", parent: epic.id });
    await service.create({ title: "T1", parent: iss1.id, status: "completed", estimate: "2h" });
    await service.create({ title: "T2", parent: iss1.id, status: "cancelled" });
    await service.create({ title: "T3", parent: iss1.id, estimate: "30m" });
    await service.create({ title: "T4", parent: iss2.id });
    const [tree] = ticketTree(service.project, epic.id);
    // Leaves: T1 done, T2 cancelled, T3 open, T4 open.
    expect(tree?.progress).toEqual({ total: 4, done: 1, cancelled: 1, open: 2, percent: 50 });
    expect(tree?.estimateMinutes).toBe(60 + 120 + 30);
    const issues = [...(tree?.children ?? [])].sort((x, y) => x.title.localeCompare(y.title));
    expect(issues.map((c) => [c.title, c.progress.percent])).toEqual([
      ["Issue 1", 66],
      ["Issue 2", 0],
    ]);
    expect(ticketTree(service.project).map((t) => t.id)).toEqual([epic.id]);
  });
});
