import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, type ExpectStatic, it } from "vitest";
import {
  describeRun,
  type ErrorJson,
  type OnFinished,
  type RunResult,
  runCli,
  snapshot,
  TestProject,
  type TicketJson,
  tempDir,
  ticketFiles,
} from "./helpers.js";

/**
 * Bad input gets one clear message on stderr, the documented exit code (ERROR_TABLE), nothing on
 * stdout, and leaves every file byte for byte as it was.
 */

const STATUSES = ["pending", "in_progress", "review", "blocked", "completed", "cancelled"];
const PRIORITIES = ["critical", "high", "medium", "low"];

interface Failure {
  readonly args: string[];
  readonly exit: number;
  /** Every one of these must appear in the message. */
  readonly mentions: readonly string[];
  readonly input?: string | Buffer;
  /** Query errors add a caret pointer under the message. */
  readonly pointer?: boolean;
}

/** Asserts the failure's exit code and its one-line message on stderr. */
function expectFailure(expect: ExpectStatic, result: RunResult, failure: Failure): void {
  const label = describeRun(failure.args, result);
  expect(result.code, label).toBe(failure.exit);
  expect(result.stdout, label).toBe("");
  const lines = result.stderr.replace(/\n$/, "").split("\n");
  if (!failure.pointer) expect(lines, `${label}\n(one line on stderr)`).toHaveLength(1);
  expect(lines[0], label).toMatch(/^trackdown: \S/);
  for (const text of failure.mentions) expect(lines[0], label).toContain(text);
}

/** Runs every failure in parallel and checks that none of them changed a file. */
async function expectFailuresChangeNothing(
  expect: ExpectStatic,
  project: TestProject,
  failures: readonly Failure[],
): Promise<void> {
  const before = await snapshot(project.root);
  const results = await Promise.all(
    failures.map((f) => project.run(f.args, f.input === undefined ? {} : { input: f.input })),
  );
  for (const [i, result] of results.entries()) expectFailure(expect, result, failures[i] as Failure);
  expect(await snapshot(project.root)).toEqual(before);
}

async function withTickets(onFinished: OnFinished, ...titles: string[]) {
  const project = await TestProject.create(onFinished);
  const tickets = await Promise.all(titles.map((title) => project.createTicket(title)));
  return { project, tickets };
}

describe.concurrent("bad input", { timeout: 300_000 }, () => {
  it("unknown ID: exit 3, the ID named", async ({ expect, onTestFinished }) => {
    const { project } = await withTickets(onTestFinished, "Only ticket");
    const missing = "TSK-zzzzz";
    await expectFailuresChangeNothing(
      expect,
      project,
      [
        ["show", missing],
        ["update", missing, "--priority", "high"],
        ["comment", missing, "hello"],
        ["start", missing],
        ["delete", missing, "--yes"],
      ].map((args) => ({ args, exit: 3, mentions: [missing] })),
    );
  });

  it("ambiguous prefix: exit 2, the candidates listed", async ({ expect, onTestFinished }) => {
    const { project, tickets } = await withTickets(onTestFinished, "First task", "Second task");
    const ids = tickets.map((t) => t.id);
    const before = await snapshot(project.root);
    const cases = [
      ["show", "tsk"],
      ["update", "TSK-", "--priority", "high"],
      ["delete", "Tsk", "--yes"],
    ];
    const results = await Promise.all(cases.map((args) => project.run(args)));
    for (const [i, result] of results.entries()) {
      const args = cases[i] ?? [];
      expectFailure(expect, result, { args, exit: 2, mentions: ["matches 2 tickets"] });
      for (const id of ids)
        expect(result.stderr.toUpperCase(), describeRun(args, result)).toContain(id.toUpperCase());
    }
    expect(await snapshot(project.root)).toEqual(before);
  });

  it("ambiguous prefix: the candidates are spelled as their IDs are", async ({ expect, onTestFinished }) => {
    const { project, tickets } = await withTickets(onTestFinished, "First task", "Second task");
    const ids = tickets.map((t) => t.id);
    await expectFailuresChangeNothing(expect, project, [{ args: ["show", "tsk"], exit: 2, mentions: ids }]);
  });

  it("invalid status: exit 2, the accepted statuses listed", async ({ expect, onTestFinished }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Status target");
    const id = tickets[0]?.id ?? "";
    await expectFailuresChangeNothing(expect, project, [
      { args: ["transition", id, "bogus"], exit: 2, mentions: ["bogus", ...STATUSES] },
      { args: ["update", id, "--status", "finished"], exit: 2, mentions: ["finished", ...STATUSES] },
      { args: ["create", "Never made", "--status", "bogus"], exit: 2, mentions: ["bogus", ...STATUSES] },
    ]);
  });

  it("a transition the workflow does not allow is refused; --force --reason overrides it", async ({
    expect,
    onTestFinished,
  }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Cancelled work");
    const id = tickets[0]?.id ?? "";
    await project.ok(["transition", id, "cancelled"]);
    const before = await snapshot(project.root);
    for (const args of [
      ["start", id],
      ["transition", id, "review"],
    ]) {
      const result = await project.run(args);
      // INVALID_INPUT or GATE ("the workflow refused a transition"): both are documented readings.
      expect([2, 6], describeRun(args, result)).toContain(result.code);
      expectFailure(expect, result, { args, exit: result.code ?? -1, mentions: ["cancelled", "pending"] });
    }
    expect(await snapshot(project.root)).toEqual(before);

    const forced = await project.json<TicketJson>(["start", id, "--force", "--reason", "revived", "--json"]);
    expect(forced.status).toBe("in_progress");
    expect(forced.path).toMatch(/^tickets\/in-progress\//);
    expect(await project.readText(forced.path)).toMatch(/cancelled → in_progress \(forced: revived/);
  });

  it("a gate refuses with exit 6 naming what is missing; --force --reason works and records the reason", async ({
    expect,
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    const ticket = await project.createTicket("Gated work", [
      "--criteria",
      "Parser handles tabs",
      "--criteria",
      "Tests cover CRLF",
    ]);
    const dependency = await project.createTicket("Prerequisite");
    const waiting = await project.createTicket("Waits for it", ["--depends-on", dependency.id]);
    await expectFailuresChangeNothing(expect, project, [
      {
        args: ["complete", ticket.id],
        exit: 6,
        mentions: ["Parser handles tabs", "Tests cover CRLF", "--force"],
      },
      { args: ["transition", ticket.id, "done"], exit: 6, mentions: ["Parser handles tabs"] },
      { args: ["update", ticket.id, "--status", "completed"], exit: 6, mentions: ["Tests cover CRLF"] },
      { args: ["complete", waiting.id], exit: 6, mentions: [dependency.id] },
      { args: ["complete", ticket.id, "--force"], exit: 2, mentions: ["--reason"] },
    ]);

    const done = await project.json<TicketJson>([
      "complete",
      ticket.id,
      "--force",
      "--reason",
      "verified by hand",
      "--json",
    ]);
    expect(done.status).toBe("completed");
    expect(done.completed).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(done.path).toBe(ticket.path.replace("tickets/pending/", "tickets/completed/"));
    expect(await ticketFiles(project.root)).not.toContain(ticket.path);
    const shown = await project.show(ticket.id);
    const forcedEntry = shown.activity?.find((a) => a.text.includes("verified by hand"));
    expect(forcedEntry?.text).toMatch(/pending → completed/);
    expect(forcedEntry?.author).toBe("e2e-agent");
    // The criteria themselves stay as they were: forcing is not checking them.
    expect(shown.criteria).toEqual([
      { text: "Parser handles tabs", done: false },
      { text: "Tests cover CRLF", done: false },
    ]);
  });

  it("a ticket file with malformed YAML: show and update say which file is broken and why", async ({
    expect,
    onTestFinished,
  }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Will break", "Stays fine");
    const [broken, fine] = tickets as [TicketJson, TicketJson];
    const text = await project.readText(broken.path);
    await writeFile(project.path(broken.path), text.replace("title: Will break", "title: [Will break"));
    await expectFailuresChangeNothing(expect, project, [
      { args: ["show", broken.id], exit: 2, mentions: [broken.path, "line"] },
      { args: ["update", broken.id, "--priority", "high"], exit: 2, mentions: [broken.path] },
    ]);
    // The others are unaffected, and the broken file is reported.
    const list = await project.list();
    expect(list.tickets.map((t) => t.id)).toEqual([fine.id]);
    expect(list.problems.map((p) => p.path)).toEqual([broken.path]);
  });

  it("invalid priority: exit 2, the accepted priorities listed", async ({ expect, onTestFinished }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Prioritised");
    const id = tickets[0]?.id ?? "";
    await expectFailuresChangeNothing(expect, project, [
      {
        args: ["create", "Never made", "--priority", "urgent"],
        exit: 2,
        mentions: ["urgent", ...PRIORITIES],
      },
      { args: ["update", id, "--priority", "urgent"], exit: 2, mentions: ["urgent", ...PRIORITIES] },
      { args: ["list", "priority:urgent"], exit: 2, mentions: ["urgent"], pointer: true },
    ]);
  });

  it("a stale --if-revision: exit 4, nothing overwritten", async ({ expect, onTestFinished }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Revisioned");
    const id = tickets[0]?.id ?? "";
    const first = (await project.show(id)).revision;
    const second = (await project.json<TicketJson>(["update", id, "--priority", "low", "--json"])).revision;
    expect(second).not.toBe(first);
    await expectFailuresChangeNothing(expect, project, [
      { args: ["update", id, "--priority", "high", "--if-revision", first], exit: 4, mentions: [id, first] },
      { args: ["transition", id, "review", "--if-revision", first], exit: 4, mentions: [id] },
      { args: ["delete", id, "--yes", "--if-revision", first], exit: 4, mentions: [id] },
    ]);
    const fresh = await project.json<TicketJson>([
      "update",
      id,
      "--priority",
      "high",
      "--if-revision",
      second,
      "--json",
    ]);
    expect(fresh.priority).toBe("high");
  });

  it("IDs that look like paths: exit 2, no file touched", async ({ expect, onTestFinished }) => {
    const { project } = await withTickets(onTestFinished, "Innocent");
    const failures: Failure[] = [];
    for (const bad of ["../../etc/passwd", "TSK-1/../x", "/etc/passwd", "TSK-1\\..\\x", ".."]) {
      failures.push({ args: ["show", bad], exit: 2, mentions: [bad] });
    }
    for (const bad of ["../../etc/passwd", "TSK-1/../x"]) {
      failures.push({ args: ["update", bad, "--priority", "high"], exit: 2, mentions: [bad] });
      failures.push({ args: ["delete", bad, "--yes"], exit: 2, mentions: [bad] });
      failures.push({ args: ["comment", bad, "hi"], exit: 2, mentions: [bad] });
      failures.push({ args: ["create", "Child", "--parent", bad], exit: 2, mentions: [bad] });
    }
    await expectFailuresChangeNothing(expect, project, failures);
  });

  it("a binary or non-UTF-8 body: exit 2", async ({ expect, onTestFinished }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Has a body");
    const id = tickets[0]?.id ?? "";
    const outside = await tempDir(onTestFinished);
    const png = join(outside, "image.png");
    const pngBytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
    await writeFile(png, pngBytes);
    const latin1 = join(outside, "latin1.txt");
    await writeFile(latin1, Buffer.from("Caf\xe9 cr\xe8me, na\xefve\n", "latin1"));
    const binary = "binary";
    await expectFailuresChangeNothing(expect, project, [
      { args: ["create", "Picture", "--body-file", png], exit: 2, mentions: [binary] },
      { args: ["create", "Latin-1", "--body-file", latin1], exit: 2, mentions: ["UTF-8"] },
      { args: ["update", id, "--body-file", png], exit: 2, mentions: [binary] },
      { args: ["create", "From stdin", "--body-file", "-"], exit: 2, mentions: ["UTF-8"], input: pngBytes },
    ]);
  });

  it("a comment read from a binary file is refused as binary", async ({ expect, onTestFinished }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Commented");
    const id = tickets[0]?.id ?? "";
    const outside = await tempDir(onTestFinished);
    const png = join(outside, "image.png");
    await writeFile(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
    await expectFailuresChangeNothing(expect, project, [
      { args: ["comment", id, "-f", png], exit: 2, mentions: ["binary"] },
      {
        args: ["comment", id, "-f", "-"],
        exit: 2,
        mentions: ["binary"],
        input: Buffer.from([0xff, 0, 0xfe]),
      },
    ]);
  });

  it("a comment read from a file that is not UTF-8 is refused, not mangled", async ({
    expect,
    onTestFinished,
  }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Commented");
    const id = tickets[0]?.id ?? "";
    const outside = await tempDir(onTestFinished);
    const latin1 = join(outside, "latin1.log");
    await writeFile(latin1, Buffer.from("Caf\xe9 cr\xe8me, na\xefve\n", "latin1"));
    await expectFailuresChangeNothing(expect, project, [
      { args: ["comment", id, "-f", latin1], exit: 2, mentions: ["UTF-8"] },
    ]);
  });

  it("a body over 1 MB: exit 2, the limit named", async ({ expect, onTestFinished }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Sized");
    const id = tickets[0]?.id ?? "";
    const outside = await tempDir(onTestFinished);
    const huge = `${"All work and no play makes a huge ticket.\n".repeat(26_000)}`;
    expect(Buffer.byteLength(huge)).toBeGreaterThan(1_000_000);
    const hugeFile = join(outside, "huge.md");
    await writeFile(hugeFile, huge);
    const hugeComment = join(outside, "comment.txt");
    await writeFile(hugeComment, "x".repeat(200_000));
    await expectFailuresChangeNothing(expect, project, [
      { args: ["create", "Huge", "--body-file", hugeFile], exit: 2, mentions: ["1000000"] },
      { args: ["create", "Huge stdin", "--body-file", "-"], exit: 2, mentions: ["1000000"], input: huge },
      { args: ["update", id, "--body-file", hugeFile], exit: 2, mentions: ["1000000"] },
      { args: ["comment", id, "-f", hugeComment], exit: 2, mentions: ["100000"] },
    ]);
  });

  it("a query with a syntax error: exit 2, the bad token named", async ({ expect, onTestFinished }) => {
    const { project } = await withTickets(onTestFinished, "Queried");
    const cases: [string[], string][] = [
      [["list", "stauts:open"], "stauts"],
      [["list", "priority:>=hgh"], "hgh"],
      [["list", "updated:>7x"], "7x"],
      [["search", '"unterminated phrase'], '"unterminated'],
      [["list", "status:"], "status:"],
    ];
    await expectFailuresChangeNothing(
      expect,
      project,
      cases.map(([args, token]) => ({ args, exit: 2, mentions: [token], pointer: true })),
    );
    const json = await project.run(["list", "stauts:open", "--json"]);
    expect(json.code).toBe(2);
    const parsed = JSON.parse(json.stderr) as ErrorJson;
    expect(parsed.error.code).toBe("INVALID_INPUT");
    expect(parsed.error.details.token).toBe("stauts");
  });

  it("outside any project: exit 3, and the message says to run trackdown init", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const cases = [
      ["list"],
      ["show", "TSK-1234"],
      ["create", "Nowhere"],
      ["--root", dir, "list"],
      ["validate"],
    ];
    const results = await Promise.all(cases.map((args) => runCli(args, { cwd: dir })));
    for (const [i, result] of results.entries()) {
      expectFailure(expect, result, { args: cases[i] ?? [], exit: 3, mentions: ["trackdown init"] });
    }
    expect(await snapshot(dir)).toEqual({});
    const json = await runCli(["list", "--json"], { cwd: dir });
    expect(json.code).toBe(3);
    expect((JSON.parse(json.stderr) as ErrorJson).error.code).toBe("NOT_FOUND");
  });

  it("--json errors are one JSON object on stderr: {error: {code, message, details}}", async ({
    expect,
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    const gated = await project.createTicket("Gated", ["--criteria", "Done right"]);
    const other = await project.createTicket("Other");
    const stale = (await project.show(other.id)).revision;
    await project.ok(["update", other.id, "--priority", "low"]);
    const cases: [string[], string, number][] = [
      [["show", "TSK-zzzzz", "--json"], "NOT_FOUND", 3],
      [["show", "tsk", "--json"], "INVALID_INPUT", 2],
      [["update", other.id, "--priority", "high", "--if-revision", stale, "--json"], "CONFLICT", 4],
      [["complete", gated.id, "--json"], "GATE", 6],
      [["create", "x", "--priority", "urgent", "--json"], "INVALID_INPUT", 2],
    ];
    const before = await snapshot(project.root);
    const results = await Promise.all(cases.map(([args]) => project.run(args)));
    expect(await snapshot(project.root)).toEqual(before);
    const errors: ErrorJson[] = [];
    for (const [i, result] of results.entries()) {
      const [args, code, exit] = cases[i] as [string[], string, number];
      const label = describeRun(args, result);
      expect(result.code, label).toBe(exit);
      expect(result.stdout, label).toBe("");
      expect(result.stderr.trimEnd().split("\n"), label).toHaveLength(1);
      const parsed = JSON.parse(result.stderr) as ErrorJson;
      expect(Object.keys(parsed)).toEqual(["error"]);
      expect(parsed.error.code, label).toBe(code);
      expect(parsed.error.message, label).toMatch(/\S/);
      expect(typeof parsed.error.details, label).toBe("object");
      errors.push(parsed);
    }
    expect(errors[1]?.error.details.candidates).toEqual(expect.arrayContaining([gated.id, other.id]));
    expect(errors[2]?.error.details).toMatchObject({ expected: stale });
    expect(errors[3]?.error.details).toMatchObject({ id: gated.id, to: "completed" });
  });

  it("usage errors of a command (unknown option, missing argument) exit 2, like other bad input", async ({
    expect,
    onTestFinished,
  }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Used wrongly");
    const id = tickets[0]?.id ?? "";
    const cases = [["show", id, "--colour"], ["show"], ["update", id, "--priority"], ["no-such-command"]];
    const before = await snapshot(project.root);
    const results = await Promise.all(cases.map((args) => project.run(args)));
    for (const [i, result] of results.entries()) {
      const label = describeRun(cases[i] ?? [], result);
      expect(result.code, label).toBe(2);
      expect(result.stdout, label).toBe("");
      expect(result.stderr, label).toMatch(/\S/);
    }
    expect(await snapshot(project.root)).toEqual(before);
  });

  it("usage errors with --json are a JSON error on stderr too", async ({ expect, onTestFinished }) => {
    const { project, tickets } = await withTickets(onTestFinished, "Used wrongly");
    const id = tickets[0]?.id ?? "";
    const cases = [
      ["show", id, "--json", "--colour"],
      ["show", "--json"],
    ];
    const results = await Promise.all(cases.map((args) => project.run(args)));
    for (const [i, result] of results.entries()) {
      const label = describeRun(cases[i] ?? [], result);
      expect(result.stdout, label).toBe("");
      const parsed = (() => {
        try {
          return JSON.parse(result.stderr) as ErrorJson;
        } catch {
          return undefined;
        }
      })();
      expect(parsed?.error.code, label).toBe("INVALID_INPUT");
      expect(parsed?.error.message, label).toMatch(/\S/);
    }
  });

  it("update --priority changes exactly two lines of a hand-written file: priority and updated", async ({
    expect,
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    const path = "tickets/pending/TSK-r0nd-round-trip.md";
    const original = [
      "---",
      "# Hand-written: comments, key order, quoting and unknown keys must survive.",
      "id: TSK-r0nd",
      "title: 'Round trip: keep every byte'",
      "type: task",
      "status: pending",
      "priority: medium   # bumped later",
      "tags: [parser, 'needs review']",
      "component: parser",
      "estimate: 1h30m",
      "links:",
      "  - https://example.com/issue/1",
      "created: '2025-01-01T09:00:00Z'",
      "updated: '2025-01-01T09:00:00Z'",
      "---",
      "",
      "Description with *markdown*,   trailing spaces   ",
      "",
      "## Acceptance criteria",
      "",
      "- [x] Parse",
      "- [ ] Serialize",
      "",
    ].join("\n");
    await writeFile(project.path(path), original);
    const updated = await project.json<TicketJson>(["update", "TSK-r0nd", "--priority", "high", "--json"]);
    expect(updated.priority).toBe("high");
    expect(updated.path).toBe(path);
    const after = await project.readText(path);
    const before = original.split("\n");
    const lines = after.split("\n");
    expect(lines).toHaveLength(before.length);
    const changed = lines.flatMap((line, i) => (line === before[i] ? [] : [[before[i], line]]));
    expect(changed).toHaveLength(2);
    expect(changed[0]?.[1]).toMatch(/^priority: high\b/);
    expect(changed[1]?.[0]).toBe("updated: '2025-01-01T09:00:00Z'");
    expect(changed[1]?.[1]).toMatch(/^updated: '?\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z'?$/);
  });
});
