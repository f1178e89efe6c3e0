import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { activity } from "../../src/core/body.js";
import type { TicketSummary } from "../../src/core/schema.js";
import type { ImportReport } from "../../src/service/import/pipeline.js";
import {
  bySource,
  importFixture,
  REAL_FIXTURES,
  type TempProject,
  tempProject,
} from "../fixtures/import/project.js";

/**
 * The importers on real exports of public projects (/work/shared/fixtures/real): counts,
 * relations and a few spot checks, each figure cross-checked against the source files.
 */

const real = (path: string) => join(REAL_FIXTURES, path);
const SLOW = 180_000;
let project: TempProject;

beforeEach(async () => {
  project = await tempProject();
});
afterEach(() => project.close());

function everything(): TicketSummary[] {
  const { service } = project;
  return [...service.list("").tickets, ...service.list("is:archived").tickets];
}

function tally(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function kinds(report: ImportReport): Record<string, number> {
  return tally(report.problems.map((p) => `${p.severity}:${p.kind}`));
}

describe.skipIf(!existsSync(REAL_FIXTURES))("real exports", () => {
  it(
    "ai-trackdown-pytools: 79 tickets, every ID kept, parents from parent and metadata, comments",
    async () => {
      const report = await importFixture(project, real("ai-trackdown-pytools"));
      expect(report.format).toBe("ai-trackdown-pytools");
      expect(report.outcome).toBe("imported");
      const tickets = everything();
      expect(tickets).toHaveLength(79);
      expect(report.tickets.every((t) => t.id === t.source_id)).toBe(true);
      expect(tally(tickets.map((t) => t.type))).toEqual({ epic: 12, issue: 23, task: 33, pr: 11 });
      expect(tally(tickets.map((t) => t.status))).toEqual({
        completed: 57,
        pending: 12,
        in_progress: 3,
        cancelled: 7,
      });
      // 8 files name a parent, 3 more a metadata.epic, 3 a metadata.parent.
      expect(tickets.filter((t) => t.parent)).toHaveLength(14);
      expect(report.counts).toMatchObject({ errors: 0, fixed: 0 });
      const tested = project.service.get("TSK-0012");
      expect(activity(tested.body).filter((e) => e.kind === "comment")).toEqual([
        expect.objectContaining({ at: "2025-07-22T22:48:02Z", author: "masa" }),
      ]);
      expect(project.service.get("PR-0008").related).toEqual(["TSK-0009"]);
      expect(project.service.get("EP-0001").created).toBe("2025-07-21T09:30:59Z");
    },
    SLOW,
  );

  it(
    "backlog-md: 671 tasks; @names fixed, duplicate IDs renumbered, references in other spellings resolved",
    async () => {
      const report = await importFixture(project, real("backlog-md"));
      expect(report.format).toBe("backlog-md");
      expect(report.outcome).toBe("imported");
      const tickets = everything();
      // 677 files under tasks/, completed/, drafts/ and archive/, less 6 archived milestones.
      expect(tickets).toHaveLength(671);
      expect(tally(tickets.map((t) => t.status))).toEqual({
        completed: 576,
        pending: 87,
        in_progress: 3,
        cancelled: 5,
      });
      expect(tally(tickets.map((t) => t.type))).toEqual({ task: 609, bug: 40, feature: 22 });
      const yaml = report.problems.filter((p) => p.kind === "yaml");
      expect(yaml.every((p) => p.severity === "fixed")).toBe(true);
      expect(new Set(yaml.map((p) => p.file)).size).toBe(21);
      expect(kinds(report)).toMatchObject({ "fixed:duplicate-id": 9, "fixed:unknown-status": 6 });
      expect(report.counts.errors).toBe(0);
      // 138 tasks name a parent; one names task-13, which the export does not hold.
      expect(tickets.filter((t) => t.parent)).toHaveLength(137);
      const sub = project.service.get(bySource(report, "BACK-222.1"));
      expect(sub.parent).toBe("BACK-222");
      expect(sub.imported_from).toBe("BACK-222.1");
      expect(sub.assignee).toBe("codex");
      expect(sub.created).toBe("2026-08-17T07:26:00Z");
      // `task-100` (the project's old prefix) names BACK-100.
      const child = project.service.get(bySource(report, "BACK-100.1"));
      expect(child.parent).toBe("BACK-100");
    },
    SLOW,
  );

  it(
    "task-master: 182 tasks and 914 subtasks over 9 tags, with their dependencies",
    async () => {
      const report = await importFixture(project, real("task-master/tasks.json"));
      expect(report.format).toBe("task-master");
      expect(report.outcome).toBe("imported");
      const tickets = everything();
      expect(tickets).toHaveLength(1096);
      expect(tickets.filter((t) => t.parent)).toHaveLength(914);
      // 974 dependencies in the file; one names task 16 of a tag that has one task.
      expect(tickets.reduce((n, t) => n + t.depends_on.length, 0)).toBe(973);
      expect(report.problems.filter((p) => p.kind === "dangling-reference")).toEqual([
        expect.objectContaining({
          id: "test-tag/1",
          message: 'depends_on names "test-tag/16", which is neither in the import nor in this project',
        }),
      ]);
      expect(Object.keys(tally(tickets.flatMap((t) => t.tags))).sort()).toEqual([
        "autonomous-tdd-git-workflow",
        "cc-kiro-hooks",
        "loop",
        "master",
        "tdd-phase-1-core-rails",
        "tdd-workflow-phase-0",
        "test-tag",
        "tm-core-phase-1",
        "tm-start",
      ]);
      expect(tally(tickets.map((t) => t.status))).toEqual({
        completed: 578,
        pending: 503,
        in_progress: 5,
        blocked: 5,
        cancelled: 3,
        review: 2,
      });
      expect(kinds(report)).toMatchObject({
        "fixed:duplicate-id": 7,
        "fixed:unknown-status": 5,
        "warning:cycle": 1,
      });
      const loop3 = project.service.get(bySource(report, "loop/3"));
      expect(loop3.depends_on).toEqual([bySource(report, "loop/1"), bySource(report, "loop/2")]);
      expect(loop3.tags).toEqual(["loop"]);
    },
    SLOW,
  );
});
