import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES } from "../fixtures/import/project.js";

/** The import and export commands end to end: the bundled CLI in child processes. */

const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "td-import-e2e-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function td(root: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, "--root", root, ...args], {
    encoding: "utf8",
    env: { ...process.env, TRACKDOWN_AGENT: "e2e-importer", NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function project(name: string): string {
  const root = join(dir, name);
  const init = spawnSync(process.execPath, [CLI, "init", root], { encoding: "utf8" });
  if (init.status !== 0) throw new Error(init.stderr);
  return root;
}

/** Every file under tickets/, relative, sorted. */
function ticketFiles(root: string): string[] {
  return readdirSync(join(root, "tickets"), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .sort();
}

describe("trackdown import", () => {
  it("--dry-run reports the whole plan and writes nothing", () => {
    const root = project("p");
    const result = td(root, "import", join(FIXTURES, "backlog-md"), "--dry-run");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "fixed  backlog/tasks/back-1 - Add-importer.md: yaml: frontmatter line 5",
    );
    expect(result.stdout).toMatch(
      /Dry run: would import 6 tickets from backlog-md \(4 kept their IDs, 2 new\); \d+ problems fixed, 0 warnings, 0 errors, \d+ notes\. Nothing was written\.$/m,
    );
    expect(ticketFiles(root)).toEqual([]);
  });

  it("imports, then prints the report as JSON with --json", () => {
    const root = project("p");
    const result = td(root, "import", join(FIXTURES, "task-master"), "--json");
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { outcome: string; tickets: { id: string; path: string }[] };
    expect(report.outcome).toBe("imported");
    expect(report.tickets).toHaveLength(9);
    expect(ticketFiles(root)).toEqual(report.tickets.map((t) => t.path).sort());
    const listed = JSON.parse(td(root, "list", "--json").stdout) as { total: number };
    expect(listed.total).toBe(9);
  });

  it("a write failing half-way leaves nothing imported", () => {
    const root = project("p");
    // The cancelled ticket's folder cannot be created: a file is in the way.
    rmSync(join(root, "tickets", "cancelled"), { recursive: true });
    writeFileSync(join(root, "tickets", "cancelled"), "not a folder\n");
    const result = td(root, "import", join(FIXTURES, "backlog-md"));
    expect(result.code).toBe(1);
    const written = /the (\d+) files written were removed again; nothing was imported/.exec(result.stderr);
    expect(written, result.stderr).not.toBeNull();
    expect(Number(written?.[1])).toBeGreaterThan(0);
    expect(ticketFiles(root)).toEqual(["tickets/cancelled"]);
    expect(JSON.parse(td(root, "list", "--json").stdout).total).toBe(0);
  });

  it("refuses when records cannot be imported (exit 2), and --skip-invalid imports the rest", () => {
    const root = project("p");
    const source = join(dir, "tickets");
    rmSync(source, { recursive: true, force: true });
    spawnSync("mkdir", ["-p", source]);
    writeFileSync(join(source, "GOOD-1.json"), JSON.stringify({ id: "GOOD-1", title: "Good" }));
    writeFileSync(join(source, "BAD-2.json"), "{ nope");
    const dry = td(root, "import", source, "--from", "tickets-json", "--dry-run");
    expect(dry.stdout).toContain(
      "Dry run: the import would be refused (--skip-invalid would import the other 1 ticket",
    );
    const refused = td(root, "import", source, "--from", "tickets-json");
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(
      /^error {2}BAD-2\.json: invalid-record: not valid JSON: .* → skipped the file$/m,
    );
    expect(refused.stderr).toContain("1 records cannot be imported; nothing was written");
    expect(ticketFiles(root)).toEqual([]);
    const skipped = td(root, "import", source, "--from", "tickets-json", "--skip-invalid");
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(ticketFiles(root)).toEqual(["tickets/pending/GOOD-1-good.md"]);
  });

  it("names bad options with the accepted values", () => {
    const root = project("p");
    const from = td(root, "import", FIXTURES, "--from", "jira");
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('Unknown import format "jira"; accepted: auto, trackdown, ai-trackdown,');
    const status = td(root, "import", join(FIXTURES, "backlog-md"), "--map-status", "Won't Do=shipped");
    expect(status.stderr).toContain('Unknown status "shipped"; accepted: pending, in_progress');
    const missing = td(root, "import", join(dir, "nowhere"));
    expect(missing.code).toBe(3);
    expect(td(root, "import", "--help").stdout).toContain(
      "Examples:\n  $ trackdown import backlog/ --dry-run",
    );
  });
});

describe("trackdown export", () => {
  it("round trip: export json, import into an empty project, the same tickets", () => {
    const a = project("a");
    const epic = td(a, "create", "Round trip", "--type", "epic", "--tag", "io").stdout.trim();
    const dep = td(a, "create", "Dependency", "--body", "First this.").stdout.trim();
    const task = td(
      a,
      "create",
      "Main work",
      "--parent",
      epic,
      "--depends-on",
      dep,
      "--priority",
      "high",
      "--criteria",
      "works",
    ).stdout.trim();
    td(a, "comment", task, "Looks right");
    td(a, "transition", dep, "in_progress");
    const file = join(dir, "export.json");
    const exported = td(a, "export", "--output", file);
    expect(exported.stdout).toBe(`Exported 3 tickets to ${file}\n`);
    const b = project("b");
    const imported = td(b, "import", file);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(
      "Imported 3 tickets from trackdown (3 kept their IDs, 0 new); 0 problems fixed, 0 warnings, 0 errors, 0 notes.",
    );
    const show = (root: string, id: string) => {
      const { path: _p, revision: _r, ...rest } = JSON.parse(td(root, "show", id, "--json").stdout);
      return rest;
    };
    for (const id of [epic, dep, task]) expect(show(b, id)).toEqual(show(a, id));
    expect(ticketFiles(b)).toEqual(ticketFiles(a));
  });

  it("writes CSV and Markdown to stdout, and names an unknown format", () => {
    const root = project("p");
    td(root, "create", "Fix, with a comma", "--tag", "a", "--tag", "b");
    writeFileSync(join(root, "tickets", "pending", "BROKEN-1-oops.md"), "no frontmatter here\n");
    const csv = td(root, "export", "--format", "csv");
    expect(csv.stderr).toContain("warning: not exported, unreadable: tickets/pending/BROKEN-1-oops.md: ");
    expect(csv.stdout.split("\r\n")).toHaveLength(3);
    expect(csv.stdout.split("\r\n")[1]).toMatch(/^TSK-\w+,task,"Fix, with a comma",pending,medium,,a;b,/);
    const md = td(root, "export", "tag:a", "-F", "md");
    expect(md.stdout).toMatch(/^# Trackdown project: tickets\n\n1 ticket matching `tag:a`/);
    const bad = td(root, "export", "--format", "xml");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown export format "xml"; accepted: json, csv, md');
    expect(readFileSync(join(root, ".trackdown", "config.yaml"), "utf8")).toContain("project:");
  });
});
