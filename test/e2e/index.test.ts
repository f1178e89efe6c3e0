import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { describeRun, type ListJson, TestProject, type TicketJson, ticketFiles } from "./helpers.js";

/**
 * The files are the source of truth (DESIGN §6): whatever happens to them behind the index's
 * back — hand edits, deletions, moves, new files, broken files — the next read shows exactly
 * the files, and the index can be thrown away at any time.
 */

const HAND_WRITTEN = `---
id: BUG-h4nd
type: bug
title: Hand written ticket
status: in_progress
priority: high
tags: [manual]
# a comment, as people leave them
created: '2025-01-01T10:00:00Z'
updated: '2025-01-02T10:00:00Z'
---

Written without the CLI; the word xylophonist appears only here.
`;

const MALFORMED = `---
id: TSK-bad0
type: task
title: [unclosed
status: pending
created: '2025-01-01T10:00:00Z'
updated: '2025-01-01T10:00:00Z'
---

Broken YAML above.
`;

type Row = Pick<TicketJson, "id" | "title" | "status" | "path">;
const rows = (tickets: readonly TicketJson[]): Row[] =>
  tickets
    .map(({ id, title, status, path }) => ({ id, title, status, path }))
    .sort((a, b) => a.id.localeCompare(b.id));
const byId = (list: ListJson) => [...list.tickets].sort((a, b) => a.id.localeCompare(b.id));

async function editFile(path: string, from: string, to: string): Promise<void> {
  const text = await readFile(path, "utf8");
  if (!text.includes(from)) throw new Error(`${path} does not contain ${JSON.stringify(from)}`);
  await writeFile(path, text.replace(from, to));
}

describe("the index follows the files", { timeout: 300_000 }, () => {
  it("reflects hand edits, deletions, moves, renames, new and broken files; losing it loses nothing", async ({
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    const [alpha, bravo, charlie, delta, echo, foxtrot] = await Promise.all(
      [
        "Alpha original title",
        "Bravo ticket",
        "Charlie doomed",
        "Delta mover",
        "Echo renamed",
        "Foxtrot same size",
      ].map((title) => project.createTicket(title)),
    );
    if (!alpha || !bravo || !charlie || !delta || !echo || !foxtrot) throw new Error("create failed");
    // The index knows all six before anything happens behind its back.
    expect((await project.list()).total).toBe(6);

    await editFile(project.path(alpha.path), "title: Alpha original title", "title: Alpha edited by hand");
    await editFile(project.path(bravo.path), "status: pending", "status: review");
    await rm(project.path(charlie.path));
    const deltaPath = `tickets/completed/${delta.path.split("/").at(-1)}`;
    await editFile(project.path(delta.path), "status: pending", "status: completed");
    await rename(project.path(delta.path), project.path(deltaPath));
    const echoPath = `tickets/pending/${echo.id}-echo-has-a-new-name.md`;
    await rename(project.path(echo.path), project.path(echoPath));
    // Same size as before: only the modification time tells.
    await editFile(project.path(foxtrot.path), "title: Foxtrot same size", "title: Foxtrot SAME SIZE");
    const handPath = "tickets/in-progress/BUG-h4nd-hand-written-ticket.md";
    await mkdir(dirname(project.path(handPath)), { recursive: true });
    await writeFile(project.path(handPath), HAND_WRITTEN);
    const brokenPath = "tickets/pending/TSK-bad0-broken.md";
    await writeFile(project.path(brokenPath), MALFORMED);

    const expected: Row[] = [
      { id: alpha.id, title: "Alpha edited by hand", status: "pending", path: alpha.path },
      { id: bravo.id, title: "Bravo ticket", status: "review", path: bravo.path },
      { id: delta.id, title: "Delta mover", status: "completed", path: deltaPath },
      { id: echo.id, title: "Echo renamed", status: "pending", path: echoPath },
      { id: foxtrot.id, title: "Foxtrot SAME SIZE", status: "pending", path: foxtrot.path },
      { id: "BUG-h4nd", title: "Hand written ticket", status: "in_progress", path: handPath },
    ].sort((a, b) => a.id.localeCompare(b.id));
    expect(await ticketFiles(project.root)).toHaveLength(7);

    const list = await project.list();
    expect(rows(list.tickets)).toEqual(expected);
    expect(list.total).toBe(6);
    expect(list.problems).toHaveLength(1);
    expect(list.problems[0]?.path).toBe(brokenPath);
    expect(list.problems[0]?.error).toMatch(/line \d+/);

    // Qualifiers use the index's columns, so they must have followed too.
    const [review, completed, manual, high, shownAlpha, shownEcho, gone] = await Promise.all([
      project.list(["status:review"]),
      project.list(["status:completed"]),
      project.list(["tag:manual"]),
      project.list(["priority:high"]),
      project.show(alpha.id),
      project.show(echo.id),
      project.run(["show", charlie.id]),
    ]);
    expect(review.tickets.map((t) => t.id)).toEqual([bravo.id]);
    expect(completed.tickets.map((t) => t.id)).toEqual([delta.id]);
    expect(manual.tickets.map((t) => t.id)).toEqual(["BUG-h4nd"]);
    expect(high.tickets.map((t) => t.id)).toEqual(["BUG-h4nd"]);
    expect(shownAlpha.title).toBe("Alpha edited by hand");
    expect(shownEcho.path).toBe(echoPath);
    expect(gone.code, describeRun(["show", charlie.id], gone)).toBe(3);

    const search = (word: string) => project.json<ListJson>(["search", word, "--json"]);
    const [xylophonist, edited, original, doomed] = await Promise.all([
      search("xylophonist"),
      search("edited"),
      search("original"),
      search("doomed"),
    ]);
    expect(xylophonist.tickets.map((t) => t.id)).toEqual(["BUG-h4nd"]);
    expect(edited.tickets.map((t) => t.id)).toEqual([alpha.id]);
    expect(original.total).toBe(0);
    expect(doomed.total).toBe(0);

    // Throw the index away: nothing is lost.
    const indexFile = project.path(".trackdown", "cache", "index.db");
    expect(existsSync(indexFile)).toBe(true);
    await rm(indexFile);
    const rebuilt = await project.list();
    expect(byId(rebuilt)).toEqual(byId(list));
    expect(rebuilt.total).toBe(list.total);
    expect(rebuilt.problems).toEqual(list.problems);
    expect(existsSync(indexFile)).toBe(true);
    expect((await search("xylophonist")).tickets.map((t) => t.id)).toEqual(["BUG-h4nd"]);

    const reindex = await project.json<{ scanned: number }>(["reindex", "--json"]);
    expect(reindex.scanned).toBe(7);
    const reindexed = await project.list();
    expect(byId(reindexed)).toEqual(byId(list));
    expect(reindexed.problems).toEqual(list.problems);
    expect((await project.list(["status:review"])).tickets.map((t) => t.id)).toEqual([bravo.id]);
  }, 300_000);

  it("a write after a hand edit keeps the hand edit", async ({ onTestFinished }) => {
    const project = await TestProject.create(onTestFinished);
    const ticket = await project.createTicket("Edited then updated");
    await project.list();
    await editFile(project.path(ticket.path), "priority: medium", "priority: low\nowner_note: keep me");
    const updated = await project.json<TicketJson>(["update", ticket.id, "--add-tag", "later", "--json"]);
    expect(updated).toMatchObject({ priority: "low", owner_note: "keep me", tags: ["later"] });
    const text = await project.readText(ticket.path);
    expect(text).toContain("priority: low\nowner_note: keep me\n");
  });
});
