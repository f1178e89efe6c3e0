import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Run } from "../core/schema.js";
import { contextMarkdown, contextPack } from "./context-pack.js";
import { initProject } from "./init.js";
import { TicketService } from "./ticket-service.js";
import { mutateTicket } from "./ticket-writer.js";
import { orchestrateWorkflow, stepStart } from "./workflows.js";

let root: string;
let service: TicketService;
let id: string;

const RUN: Run = {
  agent: "Engineer Agent",
  command: "npm test",
  started: "2026-05-01T12:00:00Z",
  finished: "2026-05-01T12:00:05Z",
  duration_ms: 5_000,
  exit_code: 1,
  outcome: "failed",
  output_tail: "FAIL parser.test.ts\n  expected 2, got 3",
};

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-context-"));
  await initProject(root);
  service = TicketService.open({ root, actor: "pm", now: () => new Date("2026-05-01T12:00:00Z") });
  const epic = await service.create({ type: "epic", title: "Importer" });
  const done = await service.create({ title: "Schema agreed" });
  await service.transition(done.id, "completed");
  const open = await service.create({ title: "Fixtures" });
  const ticket = await service.create({
    title: "Parse CSV",
    parent: epic.id,
    depends_on: [done.id, open.id],
    priority: "high",
    tags: ["backend"],
    description: `Parse the CSV export. ${"Details about quoting and encodings. ".repeat(40)}`,
    criteria: ["Quoted fields", "UTF-8 BOM"],
  });
  id = ticket.id;
  const child = await service.create({ title: "Child one", parent: id });
  await service.transition(child.id, "completed");
  await service.create({ title: "Child two", parent: id });
  for (let i = 1; i <= 14; i += 1) await service.comment(id, `note number ${i}`);
  await orchestrateWorkflow(service, id, ["Research Agent", "Engineer Agent"]);
  await stepStart(TicketService.open({ root, actor: "Research Agent" }), id);
  await mutateTicket(service.context, id, {}, () => ({
    set: { runs: [RUN] },
    event: (after, at) => ({ type: "updated", at, actor: "pm", ticket: after, fields: ["runs"] }),
  }));
});

afterEach(async () => {
  await service.flush();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

describe("context pack", () => {
  it("holds fields, description, criteria, parent, dependencies, children, workflow, claim, run and activity", () => {
    const pack = contextPack(service, id);
    expect(pack).toMatchObject({
      id,
      title: "Parse CSV",
      status: "in_progress",
      priority: "high",
      assignee: "Research Agent",
      tags: ["backend"],
      criteria: [
        { text: "Quoted fields", done: false },
        { text: "UTF-8 BOM", done: false },
      ],
      parent: { title: "Importer", status: "pending" },
      children: { total: 2, done: 1, open: 1, by_status: { completed: 1, pending: 1 } },
      workflow: { current: { step: 1, agent: "Research Agent", status: "in_progress" }, finished: false },
      claim: null,
      last_run: { command: "npm test", outcome: "failed" },
    });
    expect(pack.dependencies.map((d) => [d.title, d.status, d.done])).toEqual([
      ["Schema agreed", "completed", true],
      ["Fixtures", "pending", false],
    ]);
    expect(pack.activity).toHaveLength(10);
    expect(pack.activity.at(-1)?.text).toContain("status pending → in_progress");
    expect(pack.omitted.activity).toBeGreaterThan(0);
    expect(pack.omitted.description_chars).toBe(0);
  });

  it("renders each section as compact Markdown", () => {
    const text = contextMarkdown(service, id);
    for (const heading of [
      `# ${id}: Parse CSV`,
      "## Description",
      "## Acceptance criteria (2 of 2 open)",
      "- [ ] Quoted fields",
      "## Dependencies",
      '"Schema agreed" (completed) done',
      '"Fixtures" (pending) open',
      "## Children\n2: 1 done, 1 open",
      "## Workflow\n1. Research Agent: in_progress 0% ← current\n2. Engineer Agent: pending",
      "## Claim\nnone",
      "## Last run\n`npm test` failed (exit 1) by Engineer Agent",
      "FAIL parser.test.ts",
      "## Activity (last 10 of",
    ]) {
      expect(text).toContain(heading);
    }
    expect(text).toMatch(/parent: EP-\w+ "Importer" \(pending\)/);
  });

  it("fits a budget by dropping the oldest activity first, then cutting the description", () => {
    const full = contextMarkdown(service, id);
    const roomy = contextMarkdown(service, id, { maxChars: full.length - 60 });
    expect(roomy.length).toBeLessThanOrEqual(full.length - 60);
    expect(roomy).toContain("Details about quoting and encodings. ".repeat(40).trim());
    expect(roomy).not.toContain("note number 5");

    const tight = contextMarkdown(service, id, { maxChars: 1200 });
    expect(tight.length).toBeLessThanOrEqual(1200);
    expect(tight).toMatch(/## Activity \(last 0 of \d+\)\nnone/);
    expect(tight).toMatch(/characters cut\)/);
    expect(tight).toContain("## Workflow");

    const json = contextPack(service, id, { maxChars: 1500, format: "json" });
    expect(JSON.stringify(json).length).toBeLessThanOrEqual(1500);
    expect(json.activity).toEqual([]);
    expect(json.omitted.description_chars).toBeGreaterThan(0);
  });

  it("refuses a budget too small to hold anything useful", () => {
    expect(() => contextMarkdown(service, id, { maxChars: 50 })).toThrow(/at least 200 characters; got 50/);
  });
});
