import { mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../core/config.js";
import { type ProjectPaths, projectPaths } from "./project.js";
import { TicketIndex } from "./ticket-index.js";

let paths: ProjectPaths;
let index: TicketIndex;

const ticket = (id: string, title: string, status = "pending") =>
  `---\nid: ${id}\ntype: task\ntitle: ${title}\nstatus: ${status}\ncreated: '2026-01-01T00:00:00Z'\nupdated: '2026-01-01T00:00:00Z'\n---\n\nBody of ${title}.\n`;

function put(rel: string, text: string): void {
  mkdirSync(join(paths.root, rel, ".."), { recursive: true });
  writeFileSync(join(paths.root, rel), text);
}

beforeEach(() => {
  paths = projectPaths(mkdtempSync(join(tmpdir(), "td-index-")));
  mkdirSync(paths.dotDir, { recursive: true });
  put("tickets/pending/TSK-aaaa-one.md", ticket("TSK-aaaa", "One"));
  put("tickets/pending/TSK-bbbb-two.md", ticket("TSK-bbbb", "Two"));
  index = TicketIndex.open(paths, DEFAULT_CONFIG);
});

afterEach(() => {
  index.close();
  rmSync(paths.root, { recursive: true, force: true });
});

const titles = () => index.allSummaries().map((t) => t.title);

describe("TicketIndex", () => {
  it("reads only what changed since the last refresh", () => {
    expect(index.refresh()).toMatchObject({ scanned: 2, added: 2, changed: 0, removed: 0 });
    expect(index.refresh()).toMatchObject({ scanned: 2, added: 0, changed: 0, removed: 0 });
    put("tickets/pending/TSK-aaaa-one.md", ticket("TSK-aaaa", "One, edited by hand"));
    utimesSync(join(paths.root, "tickets/pending/TSK-aaaa-one.md"), new Date(), new Date(Date.now() + 5000));
    expect(index.refresh()).toMatchObject({ added: 0, changed: 1, removed: 0 });
    expect(titles()).toEqual(["One, edited by hand", "Two"]);
  });

  it("skips the comparison only while the scan's fingerprint is unchanged", () => {
    index.refresh();
    index.refresh(); // the rows matched the files: the fingerprint is stored now
    const file = join(paths.root, "tickets/pending/TSK-bbbb-two.md");
    // Same size, later mtime: only the fingerprint can notice.
    put("tickets/pending/TSK-bbbb-two.md", ticket("TSK-bbbb", "Owt"));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(index.refresh()).toMatchObject({ changed: 1 });
    expect(titles()).toEqual(["One", "Owt"]);
    put("tickets/pending/TSK-dddd-new.md", ticket("TSK-dddd", "New"));
    expect(index.refresh()).toMatchObject({ added: 1, changed: 0, removed: 0 });
    expect(index.refresh()).toMatchObject({ added: 0, changed: 0, removed: 0 });
  });

  it("rebuilds every row even when the files have not changed", () => {
    index.refresh();
    index.refresh();
    expect(index.rebuild()).toMatchObject({ scanned: 2, added: 2 });
    expect(titles()).toEqual(["One", "Two"]);
  });

  it("reads through a memory map only when asked (short-lived processes)", () => {
    expect(index.db.pragma("mmap_size", { simple: true })).toBe(0);
    const mapped = TicketIndex.open(paths, DEFAULT_CONFIG, { memoryMap: true });
    try {
      expect(mapped.db.pragma("mmap_size", { simple: true })).toBeGreaterThan(0);
      mapped.refresh();
      expect(mapped.allSummaries().map((t) => t.title)).toEqual(["One", "Two"]);
    } finally {
      mapped.close();
    }
  });

  it("rebuilds from any schema, even one its stamp does not describe", () => {
    index.refresh();
    // Tables of another build that wrote the same stamp: one missing, one left over.
    index.db.exec("DROP TABLE ticket_data; CREATE TABLE old_notes (x TEXT)");
    expect(() => titles()).toThrow(/ticket_data/);
    expect(index.rebuild()).toMatchObject({ scanned: 2, added: 2 });
    expect(titles()).toEqual(["One", "Two"]);
    const tables = index.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain("old_notes");
  });

  it("follows deletions and renames done behind its back", () => {
    index.refresh();
    rmSync(join(paths.root, "tickets/pending/TSK-aaaa-one.md"));
    mkdirSync(join(paths.root, "tickets/completed"));
    renameSync(
      join(paths.root, "tickets/pending/TSK-bbbb-two.md"),
      join(paths.root, "tickets/completed/TSK-bbbb-two.md"),
    );
    expect(index.refresh()).toMatchObject({ added: 1, removed: 2 });
    expect(index.lookup("tsk-bbbb")).toEqual([{ id: "TSK-bbbb", path: "tickets/completed/TSK-bbbb-two.md" }]);
    expect(index.lookup("TSK-aaaa")).toEqual([]);
  });

  it("reports malformed files and keeps indexing the rest", () => {
    put("tickets/pending/TSK-cccc-bad.md", "---\nid: TSK-cccc\ntitle: [unclosed\n---\n");
    put("tickets/pending/notes.md", "no frontmatter here\n");
    index.refresh();
    expect(titles()).toEqual(["One", "Two"]);
    expect(index.malformed().map((m) => m.path)).toEqual([
      "tickets/pending/TSK-cccc-bad.md",
      "tickets/pending/notes.md",
    ]);
  });

  it("detects duplicate IDs and finds tickets by prefix", () => {
    put("tickets/pending/TSK-AAAA-copy.md", ticket("TSK-AAAA", "Copy"));
    index.refresh();
    expect(index.duplicates()).toEqual([
      { id: "TSK-AAAA", paths: ["tickets/pending/TSK-AAAA-copy.md", "tickets/pending/TSK-aaaa-one.md"] },
    ]);
    expect(index.lookup("tsk-b").map((t) => t.id)).toEqual(["TSK-bbbb"]);
  });

  it("rebuilds itself from the files when the database is corrupt", () => {
    index.refresh();
    index.close();
    writeFileSync(paths.indexFile, "this is not a database");
    rmSync(`${paths.indexFile}-wal`, { force: true });
    index = TicketIndex.open(paths, DEFAULT_CONFIG);
    index.refresh();
    expect(titles()).toEqual(["One", "Two"]);
  });

  it("starts over when the configuration changes what rows mean", () => {
    index.refresh();
    index.close();
    const config = {
      ...DEFAULT_CONFIG,
      statuses: { ...DEFAULT_CONFIG.statuses, pending: { category: "active" as const, folder: "pending" } },
    };
    index = TicketIndex.open(paths, config);
    expect(index.ticketCount()).toBe(0);
    index.refresh();
    expect(index.count("SELECT count(*) AS n FROM tickets WHERE category = 'active'", [])).toBe(2);
  });
});
