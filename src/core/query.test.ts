import { describe, expect, it } from "vitest";
import { TrackdownError } from "./errors.js";
import { parseQuery, pointAt, type QueryTerm } from "./query.js";
import { ageToMs, isDateValue, toUtcPrefix } from "./query-values.js";

const terms = (source: string): readonly QueryTerm[] => parseQuery(source).terms;

function parseError(source: string): TrackdownError {
  try {
    parseQuery(source);
  } catch (error) {
    if (error instanceof TrackdownError) return error;
    throw error;
  }
  throw new Error(`expected "${source}" to fail`);
}

describe("parseQuery: terms", () => {
  it("reads an empty or blank query as no terms", () => {
    expect(terms("")).toEqual([]);
    expect(terms("  \t ")).toEqual([]);
  });

  it("reads field:value with its span", () => {
    expect(terms("status:in_progress")).toEqual([
      {
        kind: "field",
        field: "status",
        op: "=",
        values: ["in_progress"],
        negated: false,
        span: { start: 0, end: 18 },
      },
    ]);
  });

  it("reads a list of values, negation, and a quoted value", () => {
    const [list, negated, quoted] = terms('tag:api,backend -tag:wontfix assignee:"qa agent"');
    expect(list).toMatchObject({ field: "tag", values: ["api", "backend"], negated: false });
    expect(negated).toMatchObject({
      field: "tag",
      values: ["wontfix"],
      negated: true,
      span: { start: 16, end: 28 },
    });
    expect(quoted).toMatchObject({ field: "assignee", values: ["qa agent"] });
  });

  it("mixes quoted and plain values in a list and unescapes quotes", () => {
    expect(terms('tag:"a b",c,"say \\"hi\\""')[0]).toMatchObject({ values: ["a b", "c", 'say "hi"'] });
  });

  it("reads comparisons on priority and dates", () => {
    const [p, u, c, s] = terms("priority:>=HIGH updated:>7d created:<=2026-01-31 started:<12h");
    expect(p).toMatchObject({ field: "priority", op: ">=", values: ["high"] });
    expect(u).toMatchObject({ field: "updated", op: ">", values: ["7d"] });
    expect(c).toMatchObject({ field: "created", op: "<=", values: ["2026-01-31"] });
    expect(s).toMatchObject({ field: "started", op: "<", values: ["12h"] });
    expect(terms("priority:=low")[0]).toMatchObject({ op: "=", values: ["low"] });
  });

  it("accepts field aliases, any case, and - for _", () => {
    const fields = terms(
      "tags:a LABEL:b labels:c State:open deps:TSK-1 Depends-On:TSK-2 DUPLICATE_OF:X-1",
    ).map((t) => (t.kind === "field" ? t.field : t.kind));
    expect(fields).toEqual(["tag", "tag", "tag", "status", "depends_on", "depends_on", "duplicate_of"]);
  });

  it("reads is: states, in any case, negated or not", () => {
    expect(terms("is:ready -IS:Closed")).toEqual([
      { kind: "is", value: "ready", negated: false, span: { start: 0, end: 8 } },
      { kind: "is", value: "closed", negated: true, span: { start: 9, end: 19 } },
    ]);
  });

  it("reads words, phrases, excluded words and excluded phrases", () => {
    expect(terms('import "parse error" -flaky -"known issue" 12:30')).toEqual([
      { kind: "text", text: "import", phrase: false, negated: false, span: { start: 0, end: 6 } },
      { kind: "text", text: "parse error", phrase: true, negated: false, span: { start: 7, end: 20 } },
      { kind: "text", text: "flaky", phrase: false, negated: true, span: { start: 21, end: 27 } },
      { kind: "text", text: "known issue", phrase: true, negated: true, span: { start: 28, end: 42 } },
      { kind: "text", text: "12:30", phrase: false, negated: false, span: { start: 43, end: 48 } },
    ]);
  });

  it("keeps a colon inside a quoted phrase as text", () => {
    expect(terms('"http://example.com"')[0]).toMatchObject({
      kind: "text",
      text: "http://example.com",
      phrase: true,
    });
  });

  it("ANDs all terms in source order, whatever the whitespace", () => {
    const source = 'status:pending\tpriority:>=high\n tag:backend  is:ready  "import error"';
    expect(terms(source).map((t) => t.kind)).toEqual(["field", "field", "field", "is", "text"]);
  });
});

describe("parseQuery: errors name the token and what is accepted", () => {
  it("rejects an unknown field", () => {
    const error = parseError("stauts:open");
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(
      /^Unknown field "stauts" in query at column 1; accepted fields: id, status, /,
    );
    expect(error.details).toMatchObject({ token: "stauts", position: 1, pointer: "stauts:open\n^^^^^^" });
    expect(error.details.accepted).toContain("depends_on");
  });

  it("does not take inherited object keys for field names", () => {
    expect(parseError("constructor:x").message).toMatch(/^Unknown field "constructor"/);
    expect(parseError("toString:x").message).toMatch(/^Unknown field "toString"/);
  });

  it("points at an unknown field after other terms and a dash", () => {
    const error = parseError("is:ready -prio:high");
    expect(error.message).toContain('Unknown field "prio" in query at column 11');
    expect(error.details.pointer).toBe("is:ready -prio:high\n          ^^^^");
  });

  it("rejects an unterminated quote", () => {
    const error = parseError('tag:x "import error');
    expect(error.message).toMatch(/^Unterminated quote "import error in query at column 7/);
    expect(error.details).toMatchObject({ token: '"import error', position: 7 });
    expect(parseError('tag:"abc').details).toMatchObject({ position: 5 });
  });

  it("rejects empty values", () => {
    expect(parseError("tag:").message).toMatch(/^Empty value for "tag:" in query at column 5/);
    expect(parseError("tag: backend").details).toMatchObject({ position: 5 });
    expect(parseError('tag:""').message).toMatch(/^Empty value for "tag:"/);
    expect(parseError("tag:a,,b").details).toMatchObject({ position: 7 });
    expect(parseError("tag:a,").details).toMatchObject({ position: 7 });
    expect(parseError('"  "').message).toMatch(/^Empty phrase/);
    expect(parseError("is:").message).toMatch(/^Empty value for "is:"/);
  });

  it("rejects a comparison on a field that takes none", () => {
    const error = parseError("tag:>=x");
    expect(error.message).toBe(
      'Comparison ">=" is not allowed on "tag" in query at column 5; ' +
        "comparisons work on: priority, created, updated, started, completed",
    );
    expect(error.details).toMatchObject({ token: ">=" });
  });

  it("rejects a comparison with a list of values", () => {
    expect(parseError("priority:>=high,low").details).toMatchObject({ token: "low", position: 17 });
  });

  it("rejects unknown priorities and malformed dates", () => {
    expect(parseError("priority:urgent").message).toMatch(
      /^Unknown priority "urgent" in query at column 10; accepted priorities: critical, high, medium, low$/,
    );
    for (const bad of ["created:2026-1-5", "updated:>7x", "updated:7", "created:2026-13-01", "started:d7"]) {
      expect(parseError(bad).message, bad).toMatch(/^Invalid date ".*" for "(created|updated|started)"/);
    }
  });

  it("rejects unknown is: values and lists of them", () => {
    const error = parseError("is:redy");
    expect(error.message).toMatch(
      /^Unknown state "is:redy" in query at column 4; accepted is: values: open, closed/,
    );
    expect(error.details).toMatchObject({ token: "redy" });
    expect(parseError("is:todo,active").details).toMatchObject({ token: "active", position: 9 });
  });

  it("rejects a lone dash", () => {
    const error = parseError("tag:x - foo");
    expect(error.message).toMatch(/^Lone "-" in query at column 7/);
    expect(parseError("foo -").details).toMatchObject({ token: "-", position: 5 });
  });

  it("rejects text glued to a closing quote in a value", () => {
    expect(parseError('tag:"a"b').details).toMatchObject({ token: "b", position: 8 });
  });
});

describe("pointAt", () => {
  it("draws carets under the span, at least one", () => {
    expect(pointAt("tag:>=x", { start: 4, end: 6 })).toBe("tag:>=x\n    ^^");
    expect(pointAt("tag:", { start: 4, end: 4 })).toBe("tag:\n    ^");
  });

  it("keeps columns aligned when the query holds tabs or newlines", () => {
    expect(pointAt("a\tb:c", { start: 2, end: 3 })).toBe("a b:c\n  ^");
  });
});

describe("date values", () => {
  it("accepts absolute dates and timestamps and relative ages", () => {
    for (const good of [
      "2026-01-31",
      "2026-01-31T09:30",
      "2026-01-31T09:30:00Z",
      "2026-01-31 09:30:00.5+02:00",
    ]) {
      expect(isDateValue(good), good).toBe(true);
    }
    expect(ageToMs("30m")).toBe(30 * 60_000);
    expect(ageToMs("12H")).toBe(12 * 3_600_000);
    expect(ageToMs("1d12h")).toBe(36 * 3_600_000);
    expect(ageToMs("2w")).toBe(14 * 86_400_000);
    expect(ageToMs("2026-01-31")).toBeUndefined();
  });

  it("turns absolute values into UTC prefixes of ISO strings", () => {
    expect(toUtcPrefix("2026-01-31")).toBe("2026-01-31");
    expect(toUtcPrefix("2026-01-31 09:30")).toBe("2026-01-31T09:30");
    expect(toUtcPrefix("2026-01-31t09:30:00z")).toBe("2026-01-31T09:30:00");
    expect(toUtcPrefix("2026-01-31T01:30+02:00")).toBe("2026-01-30T23:30");
    expect(toUtcPrefix("2026-01-31T01:30:00-0130")).toBe("2026-01-31T03:00:00");
  });
});
