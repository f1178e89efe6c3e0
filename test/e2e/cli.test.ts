import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, type ExpectStatic, it } from "vitest";
import {
  ANSI_ESCAPE,
  type DoctorJson,
  describeRun,
  hasScriptCommand,
  type ListJson,
  runCli,
  runCliOnTty,
  snapshot,
  TestProject,
  type TicketJson,
  tempDir,
  ticketFiles,
} from "./helpers.js";

/** The CLI as a person or an agent uses it: every command, its help, and its output rules. */

const REQUIRED_COMMANDS = [
  "init",
  "create",
  "show",
  "list",
  "search",
  "update",
  "transition",
  "start",
  "complete",
  "block",
  "reopen",
  "comment",
  "delete",
  "validate",
  "reindex",
  "doctor",
];

/** Asserts that each pattern matches an entry of `actual`, each after the previous one's. */
function expectInOrder(expect: ExpectStatic, actual: readonly string[], patterns: readonly RegExp[]): void {
  let from = 0;
  for (const pattern of patterns) {
    const found = actual.findIndex((entry, i) => i >= from && pattern.test(entry));
    expect(found, `${pattern} (after entry ${from}) in:\n${actual.join("\n")}`).toBeGreaterThanOrEqual(0);
    from = found + 1;
  }
}

/** Command names of a `--help` text's "Commands:" section (aliases and `help` left out). */
function commandsOf(help: string): string[] {
  const section = help.split(/^Commands:$/m)[1]?.split(/^\S/m)[0] ?? "";
  return section
    .split("\n")
    .flatMap((line) => /^ {2}([a-z][\w-]*)(?:\|[\w-]+)?(?: |$)/.exec(line)?.[1] ?? [])
    .filter((name) => name !== "help");
}

describe.concurrent("the trackdown CLI", { timeout: 300_000 }, () => {
  it("every command's --help shows examples; the main help lists the exit codes", async ({
    expect,
    onTestFinished,
  }) => {
    const cwd = await tempDir(onTestFinished);
    const main = await runCli(["--help"], { cwd });
    expect(main.code).toBe(0);
    expect(main.stdout).toContain("Exit codes:");
    for (const code of ["INVALID_INPUT", "NOT_FOUND", "CONFLICT", "LOCKED", "GATE", "INTERNAL"]) {
      expect(main.stdout).toContain(code);
    }
    const listed = commandsOf(main.stdout);
    expect(listed).toEqual(expect.arrayContaining(REQUIRED_COMMANDS));

    // Command groups (with subcommands of their own) are checked one level down.
    const leaves: string[][] = [];
    await Promise.all(
      listed.map(async (name) => {
        const help = await runCli([name, "--help"], { cwd });
        expect(help.code, describeRun([name, "--help"], help)).toBe(0);
        const subcommands = commandsOf(help.stdout);
        if (subcommands.length === 0) leaves.push([name]);
        else for (const sub of subcommands) leaves.push([name, sub]);
      }),
    );
    const helps = await Promise.all(leaves.map((path) => runCli([...path, "--help"], { cwd })));
    for (const [i, help] of helps.entries()) {
      const args = [...(leaves[i] ?? []), "--help"];
      expect(help.code, describeRun(args, help)).toBe(0);
      expect(help.stdout, `trackdown ${args.join(" ")}`).toContain("Examples:");
      expect(help.stdout, `trackdown ${args.join(" ")}`).toMatch(/^ {2}\$ trackdown /m);
    }
    const version = await runCli(["--version"], { cwd });
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it("a happy path through every command", async ({ expect, onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const init = await runCli(["init", "--json"], { cwd: dir });
    expect(init.code, describeRun(["init"], init)).toBe(0);
    for (const folder of ["pending", "in-progress", "review", "blocked", "completed", "cancelled"]) {
      expect(existsSync(join(dir, "tickets", folder)), folder).toBe(true);
    }
    const config = await readFile(join(dir, ".trackdown", "config.yaml"), "utf8");
    expect(await readFile(join(dir, ".gitignore"), "utf8")).toContain(".trackdown/cache/");
    const again = await runCli(["init"], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Already initialised/);
    expect(await readFile(join(dir, ".trackdown", "config.yaml"), "utf8")).toBe(config);

    const td = new CliSession(dir, expect);
    const bug = await td.json<TicketJson>([
      "create",
      "Import fails on an empty config",
      "--type",
      "bug",
      "--priority",
      "critical",
      "--tag",
      "backend,api",
      "--assignee",
      "alice",
      "--criteria",
      "Reproduce it",
      "--body",
      "The importer crashes when config.yaml is empty.",
      "--json",
    ]);
    expect(bug).toMatchObject({
      type: "bug",
      status: "pending",
      priority: "critical",
      assignee: "alice",
      tags: ["backend", "api"],
    });
    expect(bug.id).toMatch(/^BUG-[0-9a-z]{4}$/);
    expect(bug.path).toBe(`tickets/pending/${bug.id}-import-fails-on-an-empty-config.md`);
    const epicId = (await td.ok(["create", "Config overhaul", "--type", "epic"])).stdout.trim();
    expect(epicId).toMatch(/^EP-[0-9a-z]{4}$/);
    const taskId = (
      await td.ok(["create", "Document empty configs", "--parent", epicId, "--depends-on", bug.id])
    ).stdout.trim();
    expect(taskId).toMatch(/^TSK-[0-9a-z]{4}$/);

    const shown = await td.ok(["show", bug.id.toLowerCase().slice(0, 6)]);
    expect(shown.stdout.split("\n")[0]).toBe(`${bug.id}  Import fails on an empty config`);
    expect(shown.stdout).toContain("The importer crashes when config.yaml is empty.");
    expect(shown.stdout).toContain("[ ] Reproduce it");
    const task = await td.json<TicketJson>(["show", taskId, "--json"]);
    expect(task).toMatchObject({ parent: epicId, depends_on: [bug.id] });

    const [all, bugs, ls, found] = await Promise.all([
      td.json<ListJson>(["list", "--json"]),
      td.json<ListJson>(["list", "type:bug", "priority:>=high", "--json"]),
      td.ok(["ls"]),
      td.json<ListJson>(["search", "importer", "crashes", "--json"]),
    ]);
    expect(all.total).toBe(3);
    expect(bugs.tickets.map((t) => t.id)).toEqual([bug.id]);
    expect(ls.stdout.trim().split("\n")).toHaveLength(3);
    expect(found.tickets.map((t) => t.id)).toEqual([bug.id]);

    const updated = await td.json<TicketJson>([
      "update",
      bug.id,
      "--priority",
      "high",
      "--add-tag",
      "urgent",
      "--remove-tag",
      "api",
      "--assignee",
      "bob",
      "--set",
      "component=parser",
      "--json",
    ]);
    expect(updated).toMatchObject({ priority: "high", assignee: "bob", component: "parser" });
    expect(updated.tags).toEqual(["backend", "urgent"]);

    expect((await td.ok(["start", bug.id])).stdout.trim()).toBe(bug.id);
    expect((await td.ok(["comment", bug.id, "Found", "the", "cause"], "reviewer")).stdout.trim()).toBe(
      bug.id,
    );
    await td.ok(["block", bug.id, "--reason", "waiting for the parser fix"]);
    await td.ok(["move", bug.id, "in_progress"]);
    // Checking the criterion by hand, as a person would in an editor.
    const started = await td.json<TicketJson>(["show", bug.id, "--json"]);
    expect(started.path).toBe(bug.path.replace("/pending/", "/in-progress/"));
    const text = await readFile(join(dir, started.path), "utf8");
    await writeFile(join(dir, started.path), text.replace("- [ ] Reproduce it", "- [x] Reproduce it"));
    const done = await td.json<TicketJson>(["complete", bug.id, "--json"]);
    expect(done.status).toBe("completed");
    expect(done.path).toBe(bug.path.replace("/pending/", "/completed/"));
    expect(done.completed).toBeDefined();
    const reopened = await td.json<TicketJson>(["reopen", bug.id, "--json"]);
    expect(reopened.status).toBe("pending");
    expect(reopened.completed).toBeUndefined();
    expect(reopened.path).toBe(bug.path);
    await td.ok(["transition", taskId, "review"]);

    const history = await td.json<TicketJson>(["show", bug.id, "--json"]);
    const activity = (history.activity ?? []).map((a) => `${a.author}|${a.kind}|${a.text}`);
    // In this order; other entries (e.g. relation bookkeeping) may sit in between.
    expectInOrder(expect, activity, [
      /^cli-agent\|event\|created$/,
      /^cli-agent\|event\|status pending → in_progress$/,
      /^reviewer\|comment\|Found the cause$/,
      /^cli-agent\|event\|status in_progress → blocked.*waiting for the parser fix/,
      /^cli-agent\|event\|status blocked → in_progress$/,
      /^cli-agent\|event\|status in_progress → completed$/,
      /^cli-agent\|event\|status completed → pending$/,
    ]);
    expect(history.started).toBeDefined();

    const [validate, reindex, doctor] = await Promise.all([
      td.ok(["validate"]),
      td.ok(["reindex"]),
      td.json<DoctorJson>(["doctor", "--json"]),
    ]);
    expect(validate.stdout).toMatch(/3 tickets, no problems/);
    expect(reindex.stdout).toMatch(/^Indexed 3 files in \d+ ms$/m);
    expect(doctor).toEqual({ problems: [], tempFiles: [], fixed: [] });
    expect((await td.ok(["doctor"])).stdout).toMatch(/No problems found/);

    const deleted = await td.json<{ id: string; referencedBy: string[] }>([
      "delete",
      epicId,
      "--yes",
      "--json",
    ]);
    expect(deleted.id).toBe(epicId);
    expect(deleted.referencedBy).toEqual([taskId]);
    expect((await td.ok(["rm", taskId, "--yes"])).stdout.trim()).toBe(taskId);
    expect(await ticketFiles(dir)).toEqual([bug.path]);
    expect((await td.json<ListJson>(["list", "--json"])).total).toBe(1);
  });

  it("list output into a pipe is tab-separated, without header or ANSI escapes", async ({
    expect,
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    const [a, b] = await Promise.all([
      project.createTicket("First one", ["--priority", "high", "--assignee", "ann"]),
      project.createTicket("Second one", ["--type", "bug"]),
    ]);
    if (!a || !b) throw new Error("create failed");
    for (const env of [{}, { FORCE_COLOR: "1", TERM: "xterm-256color" }]) {
      const result = await project.run(["list", "--sort", "title"], { env });
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(ANSI_ESCAPE);
      expect(result.stderr).toBe("");
      const lines = result.stdout.trimEnd().split("\n");
      expect(lines.map((line) => line.split("\t"))).toEqual([
        [a.id, "pending", "high", "ann", "First one"],
        [b.id, "pending", "medium", "-", "Second one"],
      ]);
    }
    // `cut -f1` gives the IDs.
    const ids = (await project.run(["list"])).stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.split("\t")[0]);
    expect(ids.sort()).toEqual([a.id, b.id].sort());
  });

  it("a tab inside a title does not add a column to piped list output", async ({
    expect,
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    const created = await project.run(["create", "Tabbed\ttitle"]);
    const list = await project.run(["list"]);
    expect(list.code).toBe(0);
    // Either the title is refused (one line, as the newline rule does) or it is listed in 5 columns.
    if (created.code === 0) {
      for (const line of list.stdout.trimEnd().split("\n")) expect(line.split("\t"), line).toHaveLength(5);
    } else {
      expect(created.code).toBe(2);
      expect(list.stdout).toBe("");
    }
  });

  it.skipIf(!hasScriptCommand())(
    "colour on a terminal, none with NO_COLOR",
    async ({ expect, onTestFinished }) => {
      const project = await TestProject.create(onTestFinished);
      const ticket = await project.createTicket("Colourful", ["--priority", "critical"]);
      const env = { TERM: "xterm-256color" };
      const [coloured, plainList, plainShow] = await Promise.all([
        runCliOnTty(["list"], { cwd: project.root, env }),
        runCliOnTty(["list"], { cwd: project.root, env: { ...env, NO_COLOR: "1" } }),
        runCliOnTty(["show", ticket.id], { cwd: project.root, env: { ...env, NO_COLOR: "1" } }),
      ]);
      // The check is meaningful: on a terminal the CLI does colour.
      expect(coloured.code).toBe(0);
      expect(coloured.stdout).toMatch(ANSI_ESCAPE);
      for (const result of [plainList, plainShow]) {
        expect(result.code).toBe(0);
        expect(result.stdout).toContain(ticket.id);
        expect(result.stdout).not.toMatch(ANSI_ESCAPE);
      }
      // On a terminal, list is a table with a header and a count.
      expect(plainList.stdout).toMatch(/^ID\s+STATUS\s+PRIORITY\s+ASSIGNEE\s+TITLE/);
      expect(plainList.stdout).toMatch(/1 tickets?/);
    },
  );

  it("delete without --yes and without a terminal refuses with exit 2 and deletes nothing", async ({
    expect,
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    const ticket = await project.createTicket("Keep me");
    const before = await snapshot(project.root);
    const results = await Promise.all([
      project.run(["delete", ticket.id]),
      project.run(["rm", ticket.id, "--json"]),
      project.run(["delete", ticket.id], { input: "y\n" }),
    ]);
    for (const result of results) {
      expect(result.code, describeRun(["delete", ticket.id], result)).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("--yes");
    }
    expect(await snapshot(project.root)).toEqual(before);
    expect(await ticketFiles(project.root)).toEqual([ticket.path]);
  });

  it("finds the project from a subfolder, from --root and from TRACKDOWN_ROOT; --agent names the actor", async ({
    expect,
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    const ticket = await project.createTicket("Found from afar");
    const elsewhere = await tempDir(onTestFinished);
    const sub = project.path("src", "deep", "down");
    await mkdir(sub, { recursive: true });
    const [fromSub, fromRoot, fromEnv] = await Promise.all([
      runCli(["show", ticket.id, "--json"], { cwd: sub }),
      runCli(["--root", project.root, "show", ticket.id, "--json"], { cwd: elsewhere }),
      runCli(["show", ticket.id, "--json"], { cwd: elsewhere, env: { TRACKDOWN_ROOT: project.root } }),
    ]);
    for (const result of [fromSub, fromRoot, fromEnv]) {
      expect(result.code, result.stderr).toBe(0);
      expect((JSON.parse(result.stdout) as TicketJson).id).toBe(ticket.id);
    }
    await project.ok(["--agent", "flag-agent", "comment", ticket.id, "by flag"], { agent: "env-agent" });
    await project.ok(["comment", ticket.id, "by env"], { agent: "env-agent" });
    const comments = (await project.show(ticket.id)).activity?.filter((a) => a.kind === "comment");
    expect(comments?.map((c) => [c.author, c.text])).toEqual([
      ["flag-agent", "by flag"],
      ["env-agent", "by env"],
    ]);
  });

  it("warnings go to stderr; stdout stays parseable", async ({ expect, onTestFinished }) => {
    const project = await TestProject.create(onTestFinished);
    const ticket = await project.createTicket("Good one");
    await writeFile(project.path("tickets", "pending", "TSK-bad1-broken.md"), "---\nid: [\n---\n");
    const [text, json] = await Promise.all([project.run(["list"]), project.run(["list", "--json"])]);
    expect(text.code).toBe(0);
    expect(text.stdout.trimEnd().split("\n")).toEqual([expect.stringMatching(new RegExp(`^${ticket.id}\t`))]);
    expect(text.stderr).toContain("tickets/pending/TSK-bad1-broken.md");
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as ListJson;
    expect(parsed.tickets.map((t) => t.id)).toEqual([ticket.id]);
    expect(parsed.problems.map((p) => p.path)).toEqual(["tickets/pending/TSK-bad1-broken.md"]);
  });
});

/** Runs CLI commands in one project as `cli-agent`, failing the test on any error. */
class CliSession {
  constructor(
    private readonly root: string,
    private readonly expect: ExpectStatic,
  ) {}

  async ok(args: string[], agent = "cli-agent") {
    const result = await runCli(args, { cwd: this.root, agent });
    this.expect(result.code, describeRun(args, result)).toBe(0);
    return result;
  }

  async json<T>(args: string[]): Promise<T> {
    return JSON.parse((await this.ok(args)).stdout) as T;
  }
}
