import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALL,
  compile,
  compileError,
  createSeededIndex,
  except,
  run,
} from "../../test/fixtures/query-index.js";
import type { QueryOptions } from "./index-query.js";

let db: Database.Database;
beforeAll(() => {
  db = createSeededIndex();
});
afterAll(() => db.close());

const sorted = (source: string, sort: string): string[] => run(db, source, { sort });

function count(source: string, options?: QueryOptions): number {
  const compiled = compile(source, options);
  const row = db.prepare(compiled.countSql).get(...compiled.countParams) as { n: number };
  return row.n;
}

/** priority (most urgent first), then created (oldest first). */
const DEFAULT_ORDER = [
  ...["TSK-7f3k", "FEAT-0001"],
  ...["EP-a1", "TSK-0003", "TSK-0004", "BUG-0001"],
  ...["EP-b2", "TSK-0001", "TSK-0002", "TSK-0005", "TSK-0006", "TSK-0008", "TSK-0009"],
  ...["TSK-7f9a", "TSK-0007", "BUG-0002"],
];

describe("compileQuery: full text", () => {
  it("ranks a title hit above a body hit (bm25, title weighs 10)", () => {
    expect(run(db, "import")).toEqual(["TSK-7f3k", "TSK-7f9a"]);
    expect(run(db, '"import error"')).toEqual(["TSK-7f3k", "TSK-7f9a"]);
    expect(run(db, "import", { sort: "-relevance" })).toEqual(["TSK-7f9a", "TSK-7f3k"]);
    const compiled = compile("import");
    const scores = db.prepare(compiled.sql).all(...compiled.params) as { score: number }[];
    expect(scores[0]?.score).toBeLessThan(scores[1]?.score ?? 0);
  });

  it("matches phrases in order only, and words in any order", () => {
    expect(run(db, '"error import"')).toEqual([]);
    expect(run(db, "error import")).toEqual(["TSK-7f3k", "TSK-7f9a"]);
    expect(run(db, "import trace")).toEqual(["TSK-7f3k"]);
  });

  it("searches by prefix with a trailing *", () => {
    expect(run(db, "impor*").sort()).toEqual(["EP-a1", "TSK-7f3k", "TSK-7f9a"]);
    expect(run(db, '"impor*"')).toEqual([]);
  });

  it("excludes words and phrases, alone or with wanted words", () => {
    expect(run(db, "import -docs")).toEqual(["TSK-7f3k"]);
    expect(run(db, "-import").sort()).toEqual(except("TSK-7f3k", "TSK-7f9a"));
    expect(run(db, '-"import error" -crash').sort()).toEqual(
      except("TSK-7f3k", "TSK-7f9a", "BUG-0001", "BUG-0002"),
    );
    expect(run(db, 'crash -"café mode"')).toEqual(["BUG-0001"]);
  });

  it("combines text with qualifiers and folds diacritics", () => {
    expect(run(db, "import status:pending")).toEqual(["TSK-7f9a"]);
    expect(run(db, "cafe")).toEqual(["BUG-0002"]);
    expect(run(db, "CRASH is:open")).toEqual(["BUG-0001"]);
  });

  it("leaves the score NULL without free text", () => {
    const compiled = compile("is:open");
    const row = db.prepare(compiled.sql).get(...compiled.params) as { score: unknown; path: string };
    expect(row).toMatchObject({ score: null, path: "tickets/TSK-7f3k.md" });
  });
});

describe("compileQuery: sorting", () => {
  it("sorts by priority then created by default, relevance with text", () => {
    expect(run(db, "")).toEqual(DEFAULT_ORDER);
    expect(sorted("", "relevance")).toEqual(DEFAULT_ORDER);
    expect(sorted("", " PRIORITY , Created ")).toEqual(DEFAULT_ORDER);
    expect(sorted("crash", "-priority")).toEqual(["BUG-0002", "BUG-0001"]);
  });

  it("reads a page of the default order through an index instead of sorting every row", () => {
    const compiled = compile("", { limit: 50 });
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${compiled.sql}`).all(...compiled.params) as { detail: string }[]
    )
      .map((row) => row.detail)
      .join("\n");
    expect(plan).toContain("tickets_default_order");
    expect(plan).not.toContain("TEMP B-TREE");
  });

  it("sorts by id, dates and their reverse", () => {
    expect(sorted("", "id")).toEqual([...ALL].sort((a, b) => (a.toUpperCase() < b.toUpperCase() ? -1 : 1)));
    expect(sorted("", "-id")[0]).toBe("TSK-7f9a");
    expect(sorted("", "-created").slice(0, 3)).toEqual(["TSK-0009", "TSK-0008", "FEAT-0001"]);
    expect(sorted("", "-updated").slice(0, 3)).toEqual(["TSK-0009", "TSK-7f3k", "BUG-0001"]);
    expect(sorted("priority:low", "-priority,-created")).toEqual(["BUG-0002", "TSK-0007", "TSK-7f9a"]);
  });

  it("sorts statuses and types in configuration order, titles A to Z", () => {
    expect(sorted("type:bug,epic", "status")).toEqual(["EP-a1", "BUG-0001", "EP-b2", "BUG-0002"]);
    expect(sorted("id:EP-a1,TSK-0001,BUG-0001,FEAT-0001", "type")).toEqual([
      "EP-a1",
      "TSK-0001",
      "BUG-0001",
      "FEAT-0001",
    ]);
    expect(sorted("id:EP-a1,TSK-0001,BUG-0001,FEAT-0001", "-type")).toEqual([
      "FEAT-0001",
      "BUG-0001",
      "TSK-0001",
      "EP-a1",
    ]);
    expect(sorted("type:bug,feature", "title")).toEqual(["BUG-0002", "BUG-0001", "FEAT-0001"]);
  });

  it("sorts assignees case-insensitively, unassigned last either way, ties by id", () => {
    expect(sorted("id:TSK-0005,TSK-0001,TSK-7f3k,BUG-0001", "assignee")).toEqual([
      "TSK-0005",
      "BUG-0001",
      "TSK-7f3k",
      "TSK-0001",
    ]);
    expect(sorted("id:TSK-0005,TSK-0001,TSK-7f3k,BUG-0001", "-assignee")).toEqual([
      "BUG-0001",
      "TSK-7f3k",
      "TSK-0005",
      "TSK-0001",
    ]);
  });

  it("rejects an unknown sort key, listing the accepted ones", () => {
    const error = compileError("", { sort: "priority,prio" });
    expect(error.message).toBe(
      'Unknown sort key "prio"; accepted sort keys: id, priority, created, updated, status, title, type, assignee, relevance',
    );
    expect(error.details).toMatchObject({ token: "prio" });
  });
});

describe("compileQuery: paging and counting", () => {
  it("pages with bound limit and offset", () => {
    const compiled = compile("", { limit: 3, offset: 3 });
    expect(compiled.sql).toMatch(/LIMIT \? OFFSET \?$/);
    expect(compiled.params.slice(-2)).toEqual([3, 3]);
    expect(run(db, "", { limit: 3 })).toEqual(DEFAULT_ORDER.slice(0, 3));
    expect(run(db, "", { limit: 3, offset: 3 })).toEqual(DEFAULT_ORDER.slice(3, 6));
    expect(run(db, "", { offset: 14 })).toEqual(DEFAULT_ORDER.slice(14));
    expect(run(db, "", { limit: 0 })).toEqual([]);
  });

  it("rejects a negative or fractional limit or offset", () => {
    expect(compileError("", { limit: -1 }).message).toMatch(
      /^Invalid limit -1; limit must be a whole number/,
    );
    expect(compileError("", { offset: 1.5 }).code).toBe("INVALID_INPUT");
  });

  it("counts the whole filter, whatever the page", () => {
    expect(count("")).toBe(ALL.length);
    expect(count("is:open", { limit: 2, offset: 5 })).toBe(14);
    expect(count("import")).toBe(2);
    expect(count("-import tag:backend")).toBe(2);
    expect(compile("import -docs").countSql).toMatch(/^SELECT count\(\*\) AS n FROM tickets t JOIN fts/);
  });
});
