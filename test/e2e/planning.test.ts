import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/** Relations, tree, templates, time and sprints through the built CLI. */

const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
let root: string;

function td(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, "--root", root, ...args],
      { env: { ...process.env, TRACKDOWN_AGENT: "pm", NO_COLOR: "1" } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function ok(args: string[]): Promise<string> {
  const result = await td(args);
  if (result.code !== 0) throw new Error(`trackdown ${args.join(" ")} → ${result.code}: ${result.stderr}`);
  return result.stdout.trim();
}

const json = async <T>(args: string[]): Promise<T> => JSON.parse(await ok([...args, "--json"])) as T;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-e2e-planning-"));
  await ok(["init"]);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("planning from the command line", () => {
  it("keeps dependencies symmetric, refuses cycles with their path, and warns on cancel", async () => {
    const a = await ok(["create", "A"]);
    const b = await ok(["create", "B", "--depends-on", a]);
    expect((await json<{ blocks: string[] }>(["show", a])).blocks).toEqual([b]);
    const cycle = await td(["update", a, "--add-depends-on", b]);
    expect(cycle.code).toBe(2);
    expect(cycle.stderr).toContain(`would create a dependency cycle: ${a} → ${b} → ${a}`);
    const cancel = await td(["transition", a, "cancelled"]);
    expect(cancel.code).toBe(0);
    expect(cancel.stderr).toContain(`warning: ${b} (B) depends on ${a}, which is now cancelled`);
    await ok(["update", b, "--remove-depends-on", a]);
    expect((await json<{ blocks: string[] }>(["show", a])).blocks).toEqual([]);
  });

  it("shows a tree with progress rolled up", async () => {
    const epic = await ok(["create", "Importer", "--template", "epic"]);
    const issue = await ok(["create", "CSV", "--type", "issue", "--parent", epic]);
    await ok(["create", "Parse", "--parent", issue, "--status", "completed"]);
    await ok(["create", "Map", "--parent", issue, "--estimate", "2h"]);
    const text = await ok(["tree", epic]);
    const lines = text.split("\n");
    expect(lines.slice(0, 2)).toEqual([
      expect.stringMatching(new RegExp(`^${epic}  Importer  \\[pending\\]  1/2 done \\(50%\\)  est 2h$`)),
      expect.stringMatching(new RegExp(`^└── ${issue}  CSV  \\[pending\\]  1/2 done \\(50%\\)  est 2h$`)),
    ]);
    // Siblings come in ID order, and IDs are random: compare them without the branch glyph.
    const children = lines.slice(2).map((line) => line.replace(/^ {4}[├└]── /, ""));
    expect(lines.slice(2).map((line) => line.slice(0, 8))).toEqual(["    ├── ", "    └── "]);
    const byTitle = (a: string, b: string) =>
      a.slice(a.indexOf("  ")).localeCompare(b.slice(b.indexOf("  ")));
    expect(children.sort(byTitle)).toEqual([
      expect.stringMatching(/^TSK-\w+ {2}Map {2}\[pending\] {2}est 2h$/),
      expect.stringMatching(/^TSK-\w+ {2}Parse {2}\[completed\]$/),
    ]);
    const [tree] = await json<{ progress: { percent: number }; children: unknown[] }[]>(["tree", epic]);
    expect(tree?.progress.percent).toBe(50);
  });

  it("creates from a template, listed and shown by the templates command", async () => {
    const names = (await ok(["templates", "list"])).split("\n").map((l) => l.split("\t")[0]);
    expect(names).toEqual(["bug", "epic", "feature", "task"]);
    const shown = await json<{ defaults: { type: string } }>(["templates", "show", "bug"]);
    expect(shown.defaults.type).toBe("bug");
    const bug = await json<{ id: string; priority: string; tags: string[]; path: string }>([
      "create",
      "Crash on save",
      "--template",
      "bug",
      "--priority",
      "critical",
      "--body",
      "Saving a large file crashes.",
    ]);
    expect(bug.id).toMatch(/^BUG-/);
    expect(bug.priority).toBe("critical");
    expect(bug.tags).toEqual(["bug"]);
    const text = readFileSync(join(root, bug.path), "utf8");
    expect(text).toContain("Saving a large file crashes.\n\n## Steps to reproduce");
    const missing = await td(["create", "X", "--template", "nope"]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('No template "nope"; available: bug, epic, feature, task');
  });

  it("logs time and reports it against estimates", async () => {
    const id = await ok(["create", "Parser", "--estimate", "2h"]);
    await ok(["time", "log", id, "1h30m", "--note", "first pass"]);
    await ok(["time", "start", id]);
    const again = await td(["time", "start", id]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain("already has your timer running");
    const stopped = await json<{ time_spent: string; timer?: unknown }>(["time", "stop", id]);
    expect(stopped.timer).toBeUndefined();
    const report = await json<{ tickets: { id: string; spentMinutes: number; estimateMinutes: number }[] }>([
      "time",
      "report",
    ]);
    expect(report.tickets[0]).toMatchObject({ id, estimateMinutes: 120 });
    expect(report.tickets[0]?.spentMinutes).toBeGreaterThanOrEqual(90);
    const bad = await td(["time", "log", id, "soon"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"soon" is not a duration');
  });

  it("defines sprints, finds sprint:current, and closes with carry-over", async () => {
    // Wide dates so that "today" falls in S1 whenever the test runs.
    await ok([
      "sprint",
      "create",
      "S1",
      "--start",
      "2000-01-01",
      "--end",
      "2099-12-31",
      "--goal",
      "Everything",
    ]);
    await ok(["sprint", "create", "S2", "--start", "2100-01-01", "--end", "2100-01-14"]);
    expect(readFileSync(join(root, ".trackdown", "sprints.yaml"), "utf8")).toContain("name: S1");
    const open = await ok(["create", "Open work", "--sprint", "S1"]);
    await ok(["create", "Finished", "--sprint", "S1", "--status", "completed"]);
    expect(await ok(["list", "sprint:current", "is:open"])).toContain(open);
    const sprints = await json<{ name: string; current: boolean; state: string }[]>(["sprint", "list"]);
    expect(sprints.map((s) => [s.name, s.current, s.state])).toEqual([
      ["S1", true, "active"],
      ["S2", false, "planned"],
    ]);
    const closed = await json<{ carried: string[] }>(["sprint", "close", "S1", "--carry-over-to", "S2"]);
    expect(closed.carried).toEqual([open]);
    expect((await json<{ sprint: string }>(["show", open])).sprint).toBe("S2");
    const shown = await json<{ state: string; carried_over: { to: string } }>(["sprint", "show", "S1"]);
    expect(shown).toMatchObject({ state: "closed", carried_over: { to: "S2" } });
    const missing = await td(["sprint", "show", "S9"]);
    expect(missing.stderr).toContain('No sprint named "S9"; known: S1, S2');
  });
});
