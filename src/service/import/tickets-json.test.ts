import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  bySource,
  FIXTURES,
  importFixture,
  type TempProject,
  tempProject,
} from "../../../test/fixtures/import/project.js";
import { activity } from "../../core/body.js";

const SOURCE = join(FIXTURES, "tickets-json");
let project: TempProject;

beforeEach(async () => {
  project = await tempProject();
});
afterEach(() => project.close());

describe("import --from tickets-json", () => {
  it("is detected and reads one ticket per file from status folders", async () => {
    const report = await importFixture(project, SOURCE);
    expect(report.format).toBe("tickets-json");
    expect(report.outcome).toBe("imported");
    expect(report.tickets).toHaveLength(6);
    const bug = project.service.get("BUG-001");
    expect(bug.type).toBe("bug");
    expect(bug.status).toBe("pending");
    expect(bug.priority).toBe("critical");
    expect(bug.assignee).toBe("engineer-agent");
    expect(bug.parent).toBe("EPIC-1");
    expect(project.service.get("EPIC-1").type).toBe("epic");
  });

  it("reads the other spellings of each field", async () => {
    await importFixture(project, SOURCE);
    const task = project.service.get("TSK-002");
    expect(task.title).toBe("Write the loader tests");
    expect(task.status).toBe("completed");
    expect(task.priority).toBe("high");
    expect(task.assignee).toBe("qa-agent");
    expect(task.tags).toEqual(["testing", "loader"]);
    expect(task.depends_on).toEqual(["BUG-001"]);
    expect(task.created).toBe("2025-07-20T11:00:00Z");
    expect(task.completed).toBe("2025-07-22T15:00:00Z");
    expect(task.estimate).toBe("2h");
    expect(task.time_spent).toBe("1h30m");
    expect(task.description).toBe("Cover the missing-file case.");
  });

  it("keeps comments and the agent workflow", async () => {
    await importFixture(project, SOURCE);
    const bug = project.service.get("BUG-001");
    expect(bug.workflow?.map((s) => [s.agent, s.status])).toEqual([
      ["Research Agent", "pending"],
      ["Engineer Agent", "pending"],
      ["QA Agent", "pending"],
    ]);
    const comments = activity(bug.body).filter((e) => e.kind === "comment");
    expect(comments.map((c) => [c.at, c.author, c.text])).toEqual([
      ["2025-07-20T10:00:00Z", "Research Agent", "Root cause: the loader assumes the file exists."],
      ["2025-07-20T10:00:00Z", "pm", "Please add a regression test."],
    ]);
    expect(bug.metadata).toEqual({ component: "loader", customer_reported: true });
  });

  it("renames invalid field names, moves multi-line ones to the body, renumbers the duplicate", async () => {
    const report = await importFixture(project, SOURCE);
    const doc = project.service.get("TSK-003");
    expect(doc.title).toBe("Document the import command");
    expect(doc.type).toBe("issue");
    expect(doc.due_date).toBe("2025-08-01");
    expect(doc.body).toContain(
      "## Notes\n\nFirst draft is in docs/import.md.\nNeeds examples for every format.",
    );
    expect(doc.related).toEqual(["BUG-001"]);
    expect(doc.unresolved_related).toEqual(["FEAT-404"]);
    expect(doc.assignees).toEqual(["docs-agent", "pm"]);
    expect(doc.time_spent).toBe("1h");
    const copy = project.service.get(
      bySource(report, "TSK-003", report.tickets[0]?.title === doc.title ? 1 : 0),
    );
    expect(copy.title).toBe("Document the export command");
    expect(copy.imported_from).toBe("TSK-003");
    // "blocked - waiting on review": the state named first wins.
    expect(copy.status).toBe("blocked");
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: "stray-field",
        severity: "fixed",
        message: 'field "due date" is not a valid field name here',
      }),
    );
  });

  it("reads GitHub-style label and assignee objects, a plain-text comment, embedded subtasks", async () => {
    const report = await importFixture(project, SOURCE);
    const gh = project.service.get("GH-7");
    expect(gh.tags).toEqual(["enhancement", "good-first-issue"]);
    expect(gh.assignee).toBe("octocat");
    expect(activity(gh.body).filter((e) => e.kind === "comment")).toEqual([
      { at: "2025-07-01T00:00:00Z", author: "unknown", kind: "comment", text: "One comment as plain text." },
    ]);
    expect(gh.subtasks).toEqual([{ title: "Read labels", done: true }]);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        id: "GH-7",
        kind: "invalid-value",
        message: 'tag "good first issue" holds a space or comma',
      }),
    );
  });

  it("reports dependency cycles, keeping them as the source has them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "td-json-"));
    try {
      writeFileSync(join(dir, "A-1.json"), JSON.stringify({ id: "A-1", title: "A", dependencies: ["A-2"] }));
      writeFileSync(join(dir, "A-2.json"), JSON.stringify({ id: "A-2", title: "B", depends_on: ["A-1"] }));
      const report = await importFixture(project, dir, { from: "tickets-json" });
      expect(report.outcome).toBe("imported");
      expect(report.problems.filter((p) => p.kind === "cycle")).toEqual([
        expect.objectContaining({ severity: "warning", message: "cycle: A-1 depends on A-2 depends on A-1" }),
      ]);
      expect(project.service.get("A-2").depends_on).toEqual(["A-1"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses the whole import when a file cannot be read, and imports the rest with skipInvalid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "td-json-"));
    try {
      mkdirSync(join(dir, "tickets"));
      writeFileSync(
        join(dir, "tickets", "GOOD-1.json"),
        JSON.stringify({ id: "GOOD-1", title: "Good", status: "open" }),
      );
      writeFileSync(join(dir, "tickets", "BAD-2.json"), '{ "id": "BAD-2", "title": "Broken", }');
      const refused = await importFixture(project, dir, { from: "tickets-json" });
      expect(refused.outcome).toBe("refused");
      expect(refused.problems).toContainEqual(
        expect.objectContaining({ file: "tickets/BAD-2.json", kind: "invalid-record", severity: "error" }),
      );
      expect(project.service.list("").total).toBe(0);
      const skipped = await importFixture(project, dir, { from: "tickets-json", skipInvalid: true });
      expect(skipped.outcome).toBe("imported");
      expect(project.service.list("").tickets.map((t) => t.id)).toEqual(["GOOD-1"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("odd field names", () => {
  it("keeps a field named __proto__ as a field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "td-json-"));
    const target = await tempProject();
    try {
      writeFileSync(
        join(dir, "P-1.json"),
        '{ "id": "P-1", "title": "Proto", "__proto__": { "polluted": true } }',
      );
      await importFixture(target, dir, { from: "tickets-json" });
      const ticket = target.service.get("P-1");
      expect(readFileSync(join(target.root, ticket.path), "utf8")).toContain(
        "\n__proto__:\n  polluted: true\n",
      );
      expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
