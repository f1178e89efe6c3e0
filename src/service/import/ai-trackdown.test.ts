import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  bySource,
  FIXTURES,
  importFixture,
  type TempProject,
  tempProject,
} from "../../../test/fixtures/import/project.js";
import { acceptanceCriteria, activity } from "../../core/body.js";

const SOURCE = join(FIXTURES, "ai-trackdown");
let project: TempProject;

beforeEach(async () => {
  project = await tempProject();
});
afterEach(() => project.close());

describe("import --from ai-trackdown", () => {
  it("is detected, and reads epics, issues, tasks and PRs with their own ID keys", async () => {
    const report = await importFixture(project, SOURCE);
    expect(report.format).toBe("ai-trackdown");
    expect(report.outcome).toBe("imported");
    expect(report.tickets).toHaveLength(7);
    const get = (id: string) => project.service.get(id);
    expect([get("EP-0001").type, get("ISS-0001").type, get("TSK-0002").type, get("PR-0001").type]).toEqual([
      "epic",
      "issue",
      "task",
      "pr",
    ]);
    expect(get("ISSUE-002").type).toBe("issue");
  });

  it("turns issue_id and epic_id into the parent chain, and related lists into relations", async () => {
    await importFixture(project, SOURCE);
    const get = (id: string) => project.service.get(id);
    expect(get("ISS-0001").parent).toBe("EP-0001");
    expect(get("ISSUE-002").parent).toBe("EP-0001");
    expect(get("TSK-0001").parent).toBe("ISS-0001");
    expect(get("PR-0001").parent).toBe("ISS-0001");
    // related_issues and related_tasks that are children are not repeated as `related`.
    expect(get("EP-0001").related).toEqual([]);
    expect(get("EP-0001").unresolved_related).toEqual(["ISS-0002"]);
    expect(get("ISS-0001").related).toEqual([]);
    expect(get("ISS-0001").unresolved_depends_on).toEqual(["ISS-0002"]);
    expect(get("TSK-0002").depends_on).toEqual(["TSK-0001"]);
    expect(get("TSK-0002").unresolved_depends_on).toEqual(["TSK-0099"]);
  });

  it("prefers state (and pr_status) over the legacy status, reporting states it maps by category", async () => {
    const report = await importFixture(project, SOURCE);
    const get = (id: string) => project.service.get(id);
    expect(get("EP-0001").status).toBe("in_progress");
    expect(get("ISS-0001").status).toBe("review");
    expect(get("TSK-0001").status).toBe("completed");
    expect(get("TSK-0002").status).toBe("cancelled");
    expect(get("PR-0001").status).toBe("completed");
    const mapped = report.problems.filter((p) => p.kind === "unknown-status").map((p) => p.message);
    expect(mapped).toEqual(
      expect.arrayContaining([
        `status "active" is not a status of this project`,
        `status "ready_for_qa" is not a status of this project`,
        `status "won't_do" is not a status of this project`,
        `status "merged" is not a status of this project`,
      ]),
    );
  });

  it("quotes an unquoted @assignee, keeps comments with their authors and dates", async () => {
    const report = await importFixture(project, SOURCE);
    expect(report.problems).toContainEqual(
      expect.objectContaining({
        kind: "yaml",
        severity: "fixed",
        file: "tasks/issues/ISS-0001-pr-commands.md",
      }),
    );
    const issue = project.service.get("ISS-0001");
    expect(issue.assignee).toBe("engineer-agent");
    expect(issue.created).toBe("2025-07-02T10:15:00Z");
    const comments = activity(issue.body).filter((e) => e.kind === "comment");
    expect(comments).toEqual([
      {
        at: "2025-07-05T09:30:00Z",
        author: "engineer-agent",
        kind: "comment",
        text: "Started on the merge command.",
      },
      {
        at: "2025-07-08T12:00:00Z",
        author: "qa-agent",
        kind: "comment",
        text: "Ready for QA: both commands pass the smoke test.",
      },
    ]);
    expect(issue.body).not.toContain("### Comment by");
    expect(acceptanceCriteria(issue.body).map((c) => c.done)).toEqual([true, false]);
    expect(issue.story_points).toBe(13);
    expect(issue.tags).toEqual(["pr-management", "cli"]);
  });

  it("keeps ai-trackdown's own fields, moves long text into the body, and renumbers the archived duplicate", async () => {
    const report = await importFixture(project, SOURCE);
    const epic = project.service.get("EP-0001");
    expect(epic.estimated_tokens).toBe(5000);
    expect(epic.ai_context).toEqual(["context/requirements"]);
    expect(epic.milestone).toBe("v1.0");
    const task = project.service.get("TSK-0001");
    expect(task.title).toBe("Implement pr create");
    expect(task.estimate).toBe("4h");
    expect(task.time_spent).toBe("3h30m");
    expect(task.body).toContain("## Notes\n\nTemplates live in templates/pr-template.md.");
    const spike = project.service.get(bySource(report, "TSK-0001", 0));
    expect(spike.title).toBe("Spike on PR storage");
    expect(spike.imported_from).toBe("TSK-0001");
    expect(spike.tags).toContain("archived");
    expect(project.service.get("ISSUE-002").sync).toBeUndefined();
    expect(project.service.get("ISSUE-002").due_date).toBe("2025-07-22T00:00:00Z");
  });
});
