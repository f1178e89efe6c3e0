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

const SOURCE = join(FIXTURES, "ai-trackdown-pytools");
let project: TempProject;

beforeEach(async () => {
  project = await tempProject();
});
afterEach(() => project.close());

describe("import --from ai-trackdown-pytools", () => {
  it("is detected and reads every ticket, archive included", async () => {
    const report = await importFixture(project, SOURCE);
    expect(report.format).toBe("ai-trackdown-pytools");
    expect(report.tickets).toHaveLength(5);
    expect(project.service.get("EP-0001").type).toBe("epic");
    expect(project.service.get("PR-0001").type).toBe("pr");
  });

  it("reads relations from the metadata map and metadata.subtasks as children", async () => {
    await importFixture(project, SOURCE);
    const get = (id: string) => project.service.get(id);
    expect(get("ISS-0001").parent).toBe("EP-0001");
    expect(get("TSK-0003").parent).toBe("ISS-0001");
    expect(get("ISS-0001").depends_on).toEqual(["TSK-0003"]);
    expect(get("ISS-0001").unresolved_related).toEqual(["ISS-0404"]);
    expect(get("PR-0001").related).toEqual(["ISS-0001"]);
    expect(get("PR-0001").completed).toBe("2025-07-24T08:00:00Z");
  });

  it("maps assignees, hours and dates, keeping the rest of metadata", async () => {
    await importFixture(project, SOURCE);
    const issue = project.service.get("ISS-0001");
    expect(issue.assignee).toBe("alice");
    expect(issue.assignees).toEqual(["alice", "bob"]);
    expect(issue.estimate).toBe("1h30m");
    expect(issue.time_spent).toBe("2h30m");
    expect(issue.due_date).toBe("2025-08-01");
    expect(issue.tags).toEqual(["issue", "bug", "cli"]);
    expect(issue.metadata).toEqual({ issue_type: "bug", severity: "high", type: "issue" });
    expect(issue.created).toBe("2025-07-22T10:00:00Z");
    expect(issue.updated).toBe("2025-07-23T09:34:25Z");
    // +02:00 converted to UTC.
    expect(project.service.get("TSK-0003").created).toBe("2025-07-22T10:00:00Z");
    expect(issue.status).toBe("blocked");
  });

  it("moves the Comments section into the activity log, oldest first", async () => {
    await importFixture(project, SOURCE);
    const issue = project.service.get("ISS-0001");
    const comments = activity(issue.body).filter((e) => e.kind === "comment");
    expect(comments.map((c) => [c.at, c.author, c.text])).toEqual([
      ["2025-07-22T11:00:00Z", "alice", "Is this the same as the epic update bug?\nLooks like it."],
      ["2025-07-23T09:30:00Z", "bob", "Reproduced on 1.1.0."],
    ]);
    expect(issue.body).toContain("- [ ] Reproduce with a PR");
  });

  it("drops the template boilerplate but keeps what people wrote", async () => {
    await importFixture(project, SOURCE);
    const epic = project.service.get("EP-0001");
    expect(epic.description).toBe("## Description\nEverything the CLI needs for a first release");
    expect(epic.body).not.toContain("Add task items here");
    expect(epic.body).not.toContain("**Status**");
    expect(epic.metadata).toEqual({ goal: "Ship 1.0", type: "epic" });
  });

  it("the live ticket keeps a reused ID; the archived one is renumbered and tagged", async () => {
    const report = await importFixture(project, SOURCE);
    expect(project.service.get("TSK-0003").title).toBe("Tests for slicing");
    const old = project.service.get(bySource(report, "TSK-0003", 0));
    expect(old.title).toBe("Old experiment");
    expect(old.id).not.toBe("TSK-0003");
    expect(old.imported_from).toBe("TSK-0003");
    expect(old.tags).toEqual(["archived"]);
    expect(old.status).toBe("cancelled");
  });

  it("allocates new IDs after the highest number in a sequential project", async () => {
    const sequential = await tempProject("ids: sequential\n");
    try {
      const report = await importFixture(sequential, SOURCE);
      expect(bySource(report, "TSK-0003", 0)).toBe("TSK-0004");
    } finally {
      await sequential.close();
    }
  });
});
