import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  allTickets,
  bySource,
  FIXTURES,
  importFixture,
  type TempProject,
  tempProject,
} from "../../../test/fixtures/import/project.js";
import { acceptanceCriteria, activity } from "../../core/body.js";

const SOURCE = join(FIXTURES, "backlog-md");
let project: TempProject;

beforeEach(async () => {
  project = await tempProject();
});
afterEach(() => project.close());

describe("import --from backlog-md", () => {
  it("reads tasks, completed, drafts and archive, and nothing else", async () => {
    const report = await importFixture(project, SOURCE);
    expect(report.format).toBe("backlog-md");
    expect(report.outcome).toBe("imported");
    expect(report.tickets.map((t) => t.source_id).sort()).toEqual([
      "BACK-1",
      "BACK-1.1",
      "BACK-2",
      "BACK-2",
      "BACK-3",
      "DRAFT-1",
    ]);
    expect(allTickets(project).size).toBe(6);
  });

  it("fixes unquoted @names before parsing and reports each fix", async () => {
    const report = await importFixture(project, SOURCE);
    const yaml = report.problems.filter((p) => p.kind === "yaml");
    expect(yaml.map((p) => [p.file.split("/").pop(), p.severity])).toEqual([
      ["back-2 - Read-config.md", "fixed"],
      ["back-1 - Add-importer.md", "fixed"],
      ["back-1 - Add-importer.md", "fixed"],
    ]);
    expect(yaml[1]?.message).toContain("assignee: @alice");
    const first = project.service.get("BACK-1");
    expect(first.assignee).toBe("alice");
    expect(first.reporter).toBe("bob");
    expect(project.service.get("BACK-2").assignee).toBe("bob");
  });

  it("keeps valid IDs, renumbers dotted and duplicate ones, and rewrites references to them", async () => {
    const report = await importFixture(project, SOURCE);
    const sub = bySource(report, "BACK-1.1");
    expect(sub).toMatch(/^TSK-[0-9a-z]{4}$/);
    expect(project.service.get(sub).imported_from).toBe("BACK-1.1");
    expect(project.service.get(sub).parent).toBe("BACK-1");
    // The live BACK-2 (completed/) keeps its ID; the archived one with the same ID is renumbered.
    const live = project.service.get("BACK-2");
    expect(live.title).toBe("Read config");
    const archivedId = report.tickets.find((t) => t.title === "Old config spike")?.id ?? "";
    const archived = project.service.get(archivedId);
    expect(archived.imported_from).toBe("BACK-2");
    expect(archived.tags).toContain("archived");
    const dup = report.problems.find((p) => p.kind === "duplicate-id");
    expect(dup?.file).toBe("backlog/archive/tasks/back-2 - Old-config-spike.md");
    expect(dup?.action).toContain(`given new ID ${archivedId}`);
    // `task-2`, `1` and `back-01.1` are other spellings of BACK-2, BACK-1 and BACK-1.1.
    expect(project.service.get("BACK-1").depends_on).toEqual(["BACK-2"]);
    expect(project.service.get("BACK-3").depends_on).toEqual(["BACK-1", sub]);
  });

  it("maps states, types and priorities, and says which states it had to guess", async () => {
    const report = await importFixture(project, SOURCE);
    const status = (source: string) => project.service.get(bySource(report, source)).status;
    expect(status("BACK-1")).toBe("in_progress");
    expect(status("BACK-1.1")).toBe("pending");
    expect(project.service.get("BACK-2").status).toBe("completed");
    expect(status("BACK-3")).toBe("cancelled");
    expect(status("DRAFT-1")).toBe("pending");
    const guessed = report.problems.filter((p) => p.kind === "unknown-status").map((p) => p.message);
    expect(guessed).toEqual([
      `status "Draft" is not a status of this project`,
      `status "Won't Do" is not a status of this project`,
    ]);
    const third = project.service.get("BACK-3");
    expect(third.type).toBe("task");
    expect(third.priority).toBe("critical");
    expect(project.service.get("DRAFT-1").tags).toEqual(["export", "draft"]);
  });

  it("--map-status overrides the guess", async () => {
    const report = await importFixture(project, SOURCE, {
      mapStatus: ["won't do=completed", "Draft=blocked"],
    });
    expect(project.service.get("BACK-3").status).toBe("completed");
    expect(project.service.get("DRAFT-1").status).toBe("blocked");
    expect(report.problems.filter((p) => p.kind === "unknown-status")).toEqual([]);
  });

  it("keeps dates in UTC, stray fields as custom keys, and cleans the body up", async () => {
    await importFixture(project, SOURCE);
    const first = project.service.get("BACK-1");
    expect(first.created).toBe("2025-06-01T09:15:00Z");
    expect(first.updated).toBe("2025-06-03T18:40:00Z");
    expect(first.milestone).toBe("m-1");
    expect(first.ordinal).toBe(1000);
    expect(first.body).not.toContain("<!--");
    expect(acceptanceCriteria(first.body)).toEqual([
      { text: "Reads Markdown files", done: true },
      { text: "Reports problems", done: false },
    ]);
    expect(activity(first.body).at(-1)?.text).toBe(
      "imported from backlog-md backlog/tasks/back-1 - Add-importer.md (BACK-1)",
    );
    const done = project.service.get("BACK-2");
    expect(done.completed).toBe("2025-05-28T00:00:00Z");
    expect(done.path).toMatch(/^tickets\/completed\/BACK-2-read-config\.md$/);
  });

  it("a dry run reports the same plan and writes nothing", async () => {
    const dry = await importFixture(project, SOURCE, { dryRun: true });
    expect(dry.outcome).toBe("dry-run");
    expect(dry.tickets).toHaveLength(6);
    expect(project.service.list("").total).toBe(0);
    const real = await importFixture(project, SOURCE);
    expect(real.tickets.map((t) => t.id)).toEqual(dry.tickets.map((t) => t.id));
  });
});
