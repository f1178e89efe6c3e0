import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "./init.js";
import { listTemplates, loadTemplate } from "./templates.js";
import { fillSkeleton } from "./templates-merge.js";
import { TicketService } from "./ticket-service.js";

let root: string;
let service: TicketService;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-templates-"));
  await initProject(root);
  service = TicketService.open({ root, actor: "pm", now: () => new Date("2026-01-10T08:00:00Z") });
});

afterEach(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

const templateFile = (name: string) => join(root, ".trackdown", "templates", `${name}.md`);

describe("templates", () => {
  it("are installed by init for bug, feature, task and epic, and never overwritten", async () => {
    expect(listTemplates(service.project).map((t) => [t.name, t.template?.defaults.type])).toEqual([
      ["bug", "bug"],
      ["epic", "epic"],
      ["feature", "feature"],
      ["task", "task"],
    ]);
    writeFileSync(templateFile("bug"), "---\ntype: bug\n---\nmine\n");
    const again = await initProject(root);
    expect(again.created).toEqual([]);
    expect(readFileSync(templateFile("bug"), "utf8")).toBe("---\ntype: bug\n---\nmine\n");
  });

  it("fill a new ticket with defaults and the body skeleton", async () => {
    const bug = await service.create({ title: "Crash on import", template: "bug" });
    expect(bug.id).toMatch(/^BUG-/);
    expect(bug.type).toBe("bug");
    expect(bug.priority).toBe("high");
    expect(bug.tags).toEqual(["bug"]);
    const detail = service.get(bug.id);
    expect(detail.body).toContain("## Steps to reproduce");
    expect(detail.criteria.map((c) => c.text)).toEqual([
      "A test reproduces the failure",
      "The fix makes that test pass",
    ]);
  });

  it("yield to explicit input: scalars replaced, tags joined, description on top, criteria replaced", async () => {
    const ticket = await service.create({
      title: "Wrong total",
      template: "bug",
      priority: "low",
      tags: ["billing"],
      description: "The invoice total is off by one cent.",
      criteria: ["Totals round half-even"],
    });
    expect(ticket.priority).toBe("low");
    expect(ticket.tags).toEqual(["bug", "billing"]);
    const detail = service.get(ticket.id);
    expect(
      detail.description.startsWith("The invoice total is off by one cent.\n\n## Steps to reproduce"),
    ).toBe(true);
    expect(detail.criteria).toEqual([{ text: "Totals round half-even", done: false }]);
    const whole = await service.create({ title: "Own body", template: "bug", body: "\nJust this.\n" });
    expect(service.get(whole.id).description).toBe("Just this.");
  });

  it("carry custom fields, and refuse fields a template cannot set", async () => {
    writeFileSync(
      templateFile("spike"),
      "---\ntype: task\ncomponent: research\nestimate: 4h\n---\n\n## Question\n",
    );
    const spike = await service.create({ title: "Try SQLite FTS", template: "spike" });
    expect(spike.estimate).toBe("4h");
    expect((spike as unknown as Record<string, unknown>).component).toBe("research");
    writeFileSync(templateFile("bad"), "---\nid: TSK-1\n---\n");
    expect(() => loadTemplate(service.project, "bad")).toThrow(/sets "id", which a template cannot set/);
    writeFileSync(templateFile("urgent"), "---\npriority: urgent\n---\n");
    expect(() => loadTemplate(service.project, "urgent")).toThrow(/invalid defaults: priority/);
    expect(listTemplates(service.project).find((t) => t.name === "bad")?.error).toMatch(/cannot set/);
  });

  it("name the available templates when one is missing", async () => {
    await expect(service.create({ title: "X", template: "nope" })).rejects.toThrow(
      'No template "nope"; available: bug, epic, feature, task',
    );
  });
});

describe("fillSkeleton", () => {
  it("replaces lead text and adds a criteria section when the skeleton has none", () => {
    expect(fillSkeleton("\nPlaceholder\n\n## Notes\n", "Real text", ["One"])).toBe(
      "\nReal text\n\n## Notes\n\n## Acceptance criteria\n\n- [ ] One\n",
    );
  });
});
