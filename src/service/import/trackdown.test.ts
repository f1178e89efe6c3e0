import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  allTickets,
  FIXTURES,
  importFixture,
  type TempProject,
  tempProject,
} from "../../../test/fixtures/import/project.js";
import { exportTickets } from "../export.js";

const EXPORT = join(FIXTURES, "trackdown", "export.json");
let project: TempProject;

beforeEach(async () => {
  project = await tempProject();
});
afterEach(() => project.close());

describe("import --from trackdown", () => {
  it("brings every field over as it was: IDs, custom keys and their order, the body with its activity", async () => {
    const report = await importFixture(project, EXPORT);
    expect(report.format).toBe("trackdown");
    expect(report.tickets.map((t) => t.id)).toEqual(["EP-a1b2", "TSK-7f3k", "TSK-9zz0"]);
    const task = project.service.get("TSK-7f3k");
    expect(task.parent).toBe("EP-a1b2");
    expect(task.depends_on).toEqual(["TSK-9zz0"]);
    expect(task.customer).toBe("acme");
    expect(task.review).toEqual({ by: "qa-agent", round: 2 });
    expect(task.sprint).toBe("2026-W03");
    expect(task.estimate).toBe("1h30m");
    expect(task.body).toBe(
      "\n`trackdown import` crashes with `ENOENT`.\n\n## Acceptance criteria\n\n- [x] reproduce\n- [ ] fix\n\n## Activity\n\n- 2026-01-02T08:55:12Z pm: created\n- 2026-01-03T10:00:00Z qa-agent commented: Reproduced on main.\n",
    );
    const { readFileSync } = await import("node:fs");
    const text = readFileSync(join(project.root, task.path), "utf8");
    const keys = text.split("---")[1]?.match(/^[a-z_]+(?=:)/gm);
    expect(keys).toEqual([
      ...["id", "type", "title", "status", "priority", "assignee", "tags", "parent", "depends_on", "sprint"],
      ...["estimate", "customer", "review", "created", "updated"],
    ]);
  });

  it("maps a status this project lacks, and reports it", async () => {
    const report = await importFixture(project, EXPORT);
    expect(project.service.get("TSK-7f3k").status).toBe("review");
    expect(report.problems.map((p) => p.kind)).toEqual(["unknown-status"]);
  });

  it("importing into a project that holds the IDs gives new IDs and rewrites references among them", async () => {
    await importFixture(project, EXPORT);
    const again = await importFixture(project, EXPORT);
    const ids = new Map(again.tickets.map((t) => [t.source_id, t.id]));
    expect([...ids.values()].every((id) => !["EP-a1b2", "TSK-7f3k", "TSK-9zz0"].includes(id))).toBe(true);
    const task = project.service.get(ids.get("TSK-7f3k") ?? "");
    expect(task.parent).toBe(ids.get("EP-a1b2"));
    expect(task.depends_on).toEqual([ids.get("TSK-9zz0")]);
    expect(task.imported_from).toBe("TSK-7f3k");
    expect(again.problems.filter((p) => p.kind === "id-taken")).toHaveLength(3);
    expect(allTickets(project).size).toBe(6);
  });

  it("puts tickets where the project's layout says: one folder when flat", async () => {
    const flat = await tempProject("layout: flat\n");
    try {
      const report = await importFixture(flat, EXPORT);
      expect(report.tickets.map((t) => t.path)).toEqual([
        "tickets/EP-a1b2-importers.md",
        "tickets/TSK-7f3k-fix-import-error-when-the-config-file-is-missing.md",
        "tickets/TSK-9zz0-default-config.md",
      ]);
      expect(flat.service.get("TSK-9zz0").status).toBe("completed");
    } finally {
      await flat.close();
    }
  });

  it("refuses an export of a newer format version", async () => {
    const report = await importFixture(project, join(FIXTURES, "trackdown", "newer", "export.json"));
    expect(report.outcome).toBe("refused");
    expect(report.problems[0]?.message).toBe(
      "export format version 2 is newer than this Trackdown reads (1)",
    );
  });

  it("names the position of an invalid ticket and imports the others with skipInvalid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "td-export-"));
    try {
      const file = join(dir, "export.json");
      const ok = {
        id: "TSK-0001",
        type: "task",
        title: "Fine",
        status: "pending",
        created: "2026-01-01",
        updated: "2026-01-01",
        body: "\n",
      };
      writeFileSync(
        file,
        JSON.stringify({
          format: "trackdown",
          version: 1,
          exported_at: "2026-01-01T00:00:00Z",
          tickets: [ok, { ...ok, id: "TSK-0002", title: "" }],
        }),
      );
      const refused = await importFixture(project, file);
      expect(refused.outcome).toBe("refused");
      expect(refused.problems[0]?.message).toMatch(/^tickets\[1\] is not a valid ticket: title: /);
      const skipped = await importFixture(project, file, { skipInvalid: true });
      expect(skipped.tickets.map((t) => t.id)).toEqual(["TSK-0001"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("round trip", () => {
  it("export json → import into an empty project gives the same tickets", async () => {
    const { service } = project;
    const epic = await service.create({ type: "epic", title: "Round trip", tags: ["io"] });
    const dep = await service.create({ title: "Dependency", description: "First this." });
    const task = await service.create({
      title: "Main work",
      parent: epic.id,
      depends_on: [dep.id],
      priority: "high",
      assignee: "backend-agent",
      sprint: "2026-S05",
      estimate: "2h",
      criteria: ["works", "is tested"],
      fields: { customer: "acme", score: 3 },
    });
    await service.comment(task.id, "A comment\nover two lines.");
    await service.transition(dep.id, "in_progress");
    await service.transition(dep.id, "completed");
    await service.update(task.id, { related: [epic.id] });
    const dir = mkdtempSync(join(tmpdir(), "td-roundtrip-"));
    const target = await tempProject();
    try {
      const file = join(dir, "export.json");
      writeFileSync(file, exportTickets(service, { format: "json" }).text);
      const report = await importFixture(target, file);
      expect(report.problems).toEqual([]);
      const strip = ({ path, revision, ...rest }: Record<string, unknown>) => ({
        ...rest,
        file: String(path).split("/").pop(),
      });
      const before = [...allTickets(project).values()].map(strip);
      const after = [...allTickets(target).values()].map(strip);
      expect(after).toEqual(before);
    } finally {
      await target.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
