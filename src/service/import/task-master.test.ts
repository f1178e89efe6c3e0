import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  bySource,
  FIXTURES,
  importFixture,
  type TempProject,
  tempProject,
} from "../../../test/fixtures/import/project.js";
import { acceptanceCriteria } from "../../core/body.js";

const SOURCE = join(FIXTURES, "task-master");
let project: TempProject;

beforeEach(async () => {
  project = await tempProject();
});
afterEach(() => project.close());

describe("import --from task-master", () => {
  it("finds .taskmaster/tasks/tasks.json, reads every tag, and makes subtasks child tickets", async () => {
    const report = await importFixture(project, SOURCE);
    expect(report.format).toBe("task-master");
    expect(report.tickets).toHaveLength(9);
    const first = project.service.get(bySource(report, "master/1"));
    const subtask = project.service.get(bySource(report, "master/1.2"));
    expect(subtask.parent).toBe(first.id);
    expect(subtask.imported_from).toBe("master/1.2");
    expect(first.tags).toEqual(["master"]);
    expect(project.service.get(bySource(report, "feature-export/1")).tags).toEqual(["feature-export"]);
  });

  it("resolves dependencies: tasks in the tag, subtasks by sibling number or as task.subtask", async () => {
    const report = await importFixture(project, SOURCE);
    const id = (source: string, index = 0) => bySource(report, source, index);
    const deps = (source: string, index = 0) => project.service.get(id(source, index)).depends_on;
    expect(deps("master/1.2")).toEqual([id("master/1.1")]);
    expect(deps("master/2")).toEqual([id("master/1"), id("master/1.2")]);
    // Subtask 2.2 depends on [1, 3]: sibling 2.1, and task 3 (there is no subtask 2.3).
    expect(deps("master/2.2")).toEqual([id("master/2.1"), id("master/3")]);
    expect(deps("master/3", 1)).toEqual([id("master/2")]);
    expect(project.service.get(id("master/3", 1)).unresolved_depends_on).toEqual(["master/9"]);
  });

  it("reports the duplicate task ID and the state it had to map", async () => {
    const report = await importFixture(project, SOURCE);
    const dup = report.problems.find((p) => p.kind === "duplicate-id");
    expect(dup?.id).toBe("master/3");
    expect(dup?.message).toContain('"Deferred idea"');
    const status = report.problems.filter((p) => p.kind === "unknown-status");
    expect(status.map((p) => [p.id, p.action.split(";")[0]])).toEqual([
      ["master/3", 'mapped to "blocked" (category blocked)'],
    ]);
    expect(project.service.get(bySource(report, "master/2.2")).status).toBe("review");
    expect(project.service.get(bySource(report, "master/2")).status).toBe("in_progress");
  });

  it("builds the body from description, details, test strategy and acceptance criteria", async () => {
    const report = await importFixture(project, SOURCE);
    const first = project.service.get(bySource(report, "master/1"));
    expect(first.body).toContain(
      "Create the repository and tooling.\n\n## Details\n\nUse TypeScript and vitest.",
    );
    expect(first.body).toContain("## Test strategy\n\nCI runs on every push.");
    const ci = project.service.get(bySource(report, "master/1.2"));
    expect(acceptanceCriteria(ci.body)).toEqual([
      { text: "CI runs tests", done: false },
      { text: "CI runs the linter", done: false },
    ]);
    const second = project.service.get(bySource(report, "master/2"));
    expect(second.complexity).toBe(7);
    expect(second.expansionPrompt).toContain("one mapper per source format");
  });

  it("dates tickets by their tag, since Task Master keeps no creation dates, and says so", async () => {
    const report = await importFixture(project, SOURCE);
    const first = project.service.get(bySource(report, "master/1"));
    expect(first.created).toBe("2025-09-01T08:00:00Z");
    expect(first.updated).toBe("2025-09-03T08:00:00Z");
    expect(first.completed).toBe("2025-09-03T08:00:00Z");
    expect(project.service.get(bySource(report, "master/3", 1)).updated).toBe("2025-09-02T10:00:00Z");
    const notes = report.problems.filter((p) => p.kind === "missing-date").map((p) => p.message);
    expect(notes).toEqual([
      'Task Master keeps no creation dates for the tasks of tag "master"',
      'Task Master keeps no creation dates for the tasks of tag "feature-export"',
    ]);
  });
});
