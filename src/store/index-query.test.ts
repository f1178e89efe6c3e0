import type Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ALL,
  compile,
  compileError,
  createSeededIndex,
  except,
  NOW,
  run,
  set,
} from "../../test/fixtures/query-index.js";
import { DEFAULT_CONFIG } from "../core/config.js";

let db: Database.Database;
beforeAll(() => {
  db = createSeededIndex();
});
afterAll(() => db.close());

/** IDs as a sorted set, for filters whose order does not matter. */
const ids = (source: string): string[] => run(db, source).sort();

describe("compileQuery: qualifiers", () => {
  it("returns every ticket for an empty query", () => {
    expect(ids("")).toEqual(set(...ALL));
  });

  it("filters by status, through aliases, and rejects unknown statuses", () => {
    expect(ids("status:in_progress")).toEqual(set("TSK-7f3k", "TSK-0005"));
    expect(ids("state:done")).toEqual(["TSK-0003"]);
    expect(ids("status:review,Cancelled")).toEqual(set("BUG-0001", "BUG-0002"));
    expect(ids("status:open")).toEqual(ids("status:pending"));
    const error = compileError("tag:x status:bogus");
    expect(error.message).toMatch(
      /^Unknown status "bogus" in query at column 14; accepted statuses and aliases: /,
    );
    expect(error.details).toMatchObject({
      token: "bogus",
      pointer: "tag:x status:bogus\n             ^^^^^",
    });
    expect(error.details.accepted).toEqual(expect.arrayContaining(["pending", "in_progress", "open", "wip"]));
  });

  it("filters by type name or ID prefix", () => {
    expect(ids("type:bug")).toEqual(set("BUG-0001", "BUG-0002"));
    expect(ids("type:BUG")).toEqual(ids("type:bug"));
    expect(ids("type:epic,FEAT")).toEqual(set("EP-a1", "EP-b2", "FEAT-0001"));
    expect(compileError("type:story").message).toMatch(
      /^Unknown type "story" .*accepted types and prefixes: epic,/,
    );
  });

  it("filters by priority, with comparisons by urgency", () => {
    expect(ids("priority:critical")).toEqual(set("TSK-7f3k", "FEAT-0001"));
    expect(ids("priority:>=high")).toEqual(
      set("TSK-7f3k", "FEAT-0001", "EP-a1", "TSK-0003", "TSK-0004", "BUG-0001"),
    );
    expect(ids("priority:>high")).toEqual(ids("priority:critical"));
    expect(ids("priority:<medium")).toEqual(set("TSK-7f9a", "TSK-0007", "BUG-0002"));
    expect(ids("priority:<=low")).toEqual(ids("priority:low"));
    expect(ids("priority:critical,low")).toEqual(
      set("TSK-7f3k", "FEAT-0001", "TSK-7f9a", "TSK-0007", "BUG-0002"),
    );
  });

  it("filters by assignee, case-insensitively, with none for unassigned", () => {
    expect(ids("assignee:QA-agent")).toEqual(set("TSK-7f3k", "BUG-0001"));
    expect(ids("assignee:bob")).toEqual(["TSK-0005"]);
    expect(ids("assignee:none")).toEqual(except("TSK-7f3k", "BUG-0001", "TSK-0005"));
    expect(ids("-assignee:qa-agent")).toEqual(except("TSK-7f3k", "BUG-0001"));
  });

  it("filters by tag, through aliases, negated, and with none", () => {
    expect(ids("tag:backend")).toEqual(set("TSK-7f3k", "BUG-0001", "TSK-0008"));
    expect(ids("tags:api label:backend")).toEqual(["TSK-7f3k"]);
    expect(ids("tag:docs,frontend")).toEqual(set("TSK-7f9a", "FEAT-0001"));
    expect(ids("-tag:backend,wontfix")).toEqual(except("TSK-7f3k", "BUG-0001", "TSK-0008", "BUG-0002"));
    expect(ids("tag:none")).toEqual(
      except("TSK-7f3k", "TSK-7f9a", "BUG-0001", "BUG-0002", "FEAT-0001", "TSK-0008"),
    );
  });

  it("matches IDs case-insensitively, exactly or by prefix", () => {
    expect(ids("id:tsk-7f3k")).toEqual(["TSK-7f3k"]);
    expect(ids("id:TSK-7f")).toEqual(set("TSK-7f3k", "TSK-7f9a"));
    expect(ids("id:TSK-7f3k,bug-0001")).toEqual(set("TSK-7f3k", "BUG-0001"));
    expect(ids("-id:TSK")).toEqual(set("EP-a1", "EP-b2", "BUG-0001", "BUG-0002", "FEAT-0001"));
    expect(ids("id:TSK-9")).toEqual([]);
  });

  it("matches parents and duplicates as written, by ID or unique prefix", () => {
    expect(ids("parent:EP-A1")).toEqual(set("TSK-7f3k", "TSK-0008"));
    expect(ids("parent:ep-a")).toEqual(set("TSK-7f3k", "TSK-0008"));
    expect(ids("parent:EP")).toEqual([]);
    expect(ids("parent:EP-a1,EP-b2")).toEqual(set("TSK-7f3k", "TSK-0008", "TSK-0001"));
    expect(ids("parent:none type:task")).toEqual(
      set(
        "TSK-7f9a",
        "TSK-0002",
        "TSK-0003",
        "TSK-0004",
        ...["TSK-0005"],
        ...["TSK-0006", "TSK-0007", "TSK-0009"],
      ),
    );
    expect(ids("duplicate_of:BUG-0002")).toEqual(["BUG-0001"]);
  });

  it("follows depends_on, blocks and related through the relations table", () => {
    expect(ids("depends_on:TSK-0003")).toEqual(set("TSK-0002", "FEAT-0001"));
    expect(ids("deps:tsk-0005")).toEqual(["TSK-0004"]);
    expect(ids("depends_on:TSK-9999")).toEqual(["TSK-0006"]);
    expect(ids("blocks:TSK-0004")).toEqual(["FEAT-0001"]);
    expect(ids("related:TSK-7f3")).toEqual(["BUG-0001"]);
    expect(ids("related:TSK-7f")).toEqual([]);
    expect(ids("depends_on:none -is:closed type:task")).toEqual(
      set("TSK-7f3k", "TSK-7f9a", "TSK-0001", "TSK-0005", ...["TSK-0007", "TSK-0008", "TSK-0009"]),
    );
  });

  it("filters by sprint, with current from the context", () => {
    expect(ids("sprint:s1")).toEqual(["TSK-7f3k"]);
    expect(ids("sprint:current")).toEqual(["FEAT-0001"]);
    expect(ids("sprint:none")).toEqual(except("TSK-7f3k", "FEAT-0001"));
    const error = compileError("sprint:current", {}, { config: DEFAULT_CONFIG, now: NOW });
    expect(error.message).toMatch(
      /^"sprint:current" needs a current sprint, and none is set in query at column 8/,
    );
  });
});

describe("compileQuery: dates", () => {
  const FEBRUARY = ALL.filter((id) => !["EP-a1", "EP-b2", "TSK-7f3k", "TSK-7f9a"].includes(id));

  it("compares absolute dates on the ISO prefix, a day at a time", () => {
    expect(ids("created:2026-01-31")).toEqual(["TSK-7f3k"]);
    expect(ids("created:>2026-01-31")).toEqual(set(...FEBRUARY));
    expect(ids("created:>=2026-01-31")).toEqual(set("TSK-7f3k", ...FEBRUARY));
    expect(ids("created:<2026-01-31")).toEqual(set("EP-a1", "EP-b2", "TSK-7f9a"));
    expect(ids("created:<=2026-01-31")).toEqual(set("EP-a1", "EP-b2", "TSK-7f9a", "TSK-7f3k"));
    expect(ids("created:2026-01-01,2026-01-02")).toEqual(set("EP-a1", "EP-b2"));
    expect(ids("created:2026-01")).toEqual(set("EP-a1", "EP-b2", "TSK-7f3k", "TSK-7f9a"));
  });

  it("moves timestamps with a zone to UTC before comparing", () => {
    expect(ids("created:>=2026-01-31T10:00+02:00 created:<2026-02")).toEqual(["TSK-7f3k"]);
    expect(ids("created:2026-01-31T09:00:00Z")).toEqual(["TSK-7f3k"]);
    expect(ids("created:>2026-01-31T09:00:00Z created:<2026-02")).toEqual([]);
  });

  it("reads relative values as ages: > is older, < and = are within", () => {
    const recent = ["TSK-7f3k", "BUG-0001", "TSK-0009"];
    expect(ids("updated:<7d")).toEqual(set(...recent));
    expect(ids("updated:7d")).toEqual(set(...recent));
    expect(ids("updated:>7d")).toEqual(except(...recent));
    expect(ids("-updated:>7d")).toEqual(set(...recent));
    expect(ids("updated:<12h")).toEqual(["TSK-0009"]);
    expect(ids("updated:>=1d updated:<=1w")).toEqual(set("TSK-7f3k", "BUG-0001"));
    expect(ids("updated:<360m")).toEqual([]);
    expect(ids("updated:<=360m")).toEqual(["TSK-0009"]);
  });

  it("leaves tickets without the date out, and keeps them when negated", () => {
    expect(ids("completed:>=2026-02-10")).toEqual(["TSK-0003"]);
    expect(ids("started:<5w")).toEqual(["TSK-7f3k"]);
    expect(ids("started:<4w")).toEqual([]);
    expect(ids("-started:<5w")).toEqual(except("TSK-7f3k"));
  });
});

describe("compileQuery: is: states", () => {
  const OPEN = except("TSK-0003", "BUG-0002");

  it("maps states to status categories", () => {
    expect(ids("is:open")).toEqual(OPEN);
    expect(ids("-is:closed")).toEqual(OPEN);
    expect(ids("is:closed")).toEqual(set("TSK-0003", "BUG-0002"));
    expect(ids("is:active")).toEqual(set("TSK-7f3k", "TSK-0005"));
    expect(ids("is:blocked")).toEqual(["EP-b2"]);
    expect(ids("is:review")).toEqual(["BUG-0001"]);
    expect(ids("is:done")).toEqual(["TSK-0003"]);
    expect(ids("is:cancelled")).toEqual(["BUG-0002"]);
    expect(ids("is:todo")).toHaveLength(10);
  });

  it("knows live claims from expired ones", () => {
    expect(ids("is:claimed")).toEqual(set("TSK-7f3k", "TSK-0009"));
    expect(ids("is:todo -is:claimed")).not.toContain("TSK-0009");
    expect(ids("is:todo -is:claimed")).toContain("TSK-0007");
  });

  it("finds unassigned tickets", () => {
    expect(ids("is:unassigned")).toEqual(ids("assignee:none"));
    expect(ids("-is:unassigned")).toEqual(set("TSK-7f3k", "BUG-0001", "TSK-0005"));
  });

  it("is:ready needs todo, no live claim, finished dependencies and an unblocked parent", () => {
    expect(ids("is:ready")).toEqual(
      set("EP-a1", "TSK-7f9a", "TSK-0002", "TSK-0007", "FEAT-0001", "TSK-0008"),
    );
    // Not ready: TSK-0001 (parent blocked), TSK-0004 (dependency active), TSK-0006 (dependency
    // missing), TSK-0009 (claimed), EP-b2 (blocked itself).
    expect(ids("is:todo -is:ready")).toEqual(set("TSK-0001", "TSK-0004", "TSK-0006", "TSK-0009"));
  });
});

describe("compileQuery: safety", () => {
  it("binds every user value: an injection attempt finds nothing and never reaches the SQL", () => {
    const attacks = [
      `tag:"x' OR 1=1 --"`,
      `assignee:"'; DROP TABLE tickets; --"`,
      `id:"TSK'%"`,
      `parent:"EP') OR ('1'='1"`,
      `sprint:"S1' OR 'a'='a"`,
      `"robert'); DROP TABLE tickets;--"`,
      `-"x' OR 1=1"`,
    ];
    for (const source of attacks) {
      const compiled = compile(source);
      expect(compiled.sql, source).not.toMatch(/1=1|DROP|'a'|'1'|TSK'|x'/i);
      expect(compiled.countSql, source).not.toMatch(/1=1|DROP|'a'|'1'|TSK'|x'/i);
      const found = run(db, source);
      expect(found, source).toEqual(source.startsWith("-") ? run(db, "") : []);
    }
    expect(run(db, "")).toHaveLength(ALL.length);
    expect(compile(`tag:"x' OR 1=1 --"`).params).toContain("x' OR 1=1 --");
  });

  it("reads FTS5 operators typed by a user as plain words", () => {
    for (const source of [
      "import OR docs",
      "NEAR(import",
      '"title:"',
      '"title: fix"',
      "^import",
      "import AND",
      "*",
    ]) {
      expect(() => run(db, source), source).not.toThrow();
    }
    expect(run(db, "import OR docs")).toEqual([]);
  });

  it("uses own config keys only", () => {
    expect(compileError("status:constructor").message).toMatch(/^Unknown status "constructor"/);
    expect(compileError("type:__proto__").message).toMatch(/^Unknown type "__proto__"/);
  });
});
