import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { isTrackdownError, type TrackdownError } from "../core/errors.js";
import { parseTicketText, renderTicketText, stringifyField, updateTicketText } from "./ticket-format.js";

const GOLDEN_DIR = fileURLToPath(new URL("../../test/golden/", import.meta.url));
const REAL_ROOT = process.env.TRACKDOWN_REAL_FIXTURES ?? "/work/shared/fixtures/real";

function golden(name: string): string {
  return readFileSync(join(GOLDEN_DIR, name), "utf8");
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return markdownFiles(path);
      return name.endsWith(".md") ? [path] : [];
    });
}

function thrown(run: () => unknown): TrackdownError {
  try {
    run();
  } catch (error) {
    if (isTrackdownError(error)) return error;
    throw error;
  }
  throw new Error("expected a TrackdownError, nothing was thrown");
}

/** The one block of lines that differs between two texts (common leading and trailing lines cut). */
function hunk(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a.at(-1 - tail) === b.at(-1 - tail)) tail++;
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail) };
}

/** Pairs of [old, new] for each line that differs, for texts with the same number of lines. */
function changedLines(before: string, after: string): [string, string][] {
  const a = before.split("\n");
  const b = after.split("\n");
  expect(b).toHaveLength(a.length);
  return a.flatMap((line, index): [string, string][] => (line === b[index] ? [] : [[line, b[index] ?? ""]]));
}

/**
 * Sets one field to a new scalar and checks the diff: one hunk that starts at the key's line, holds
 * only that field's continuation lines, and is replaced by one line that keeps the key as written
 * and its trailing comment.
 */
function expectOnlyFieldRewritten(text: string, key: string): void {
  const doc = parseTicketText(text);
  const updated = updateTicketText(doc, { set: { [key]: "changed value" } });
  const crlf = text.includes("\r\n");
  if (crlf)
    expect(
      updated
        .split("\n")
        .slice(0, -1)
        .every((line) => line.endsWith("\r")),
    ).toBe(true);
  const { removed, added } = hunk(text.replaceAll("\r\n", "\n"), updated.replaceAll("\r\n", "\n"));
  const first = removed[0] ?? "";
  const keyText = [key, `"${key}"`, `'${key}'`].find((candidate) => first.startsWith(`${candidate}:`));
  expect(keyText, `${key} is rewritten from its own line`).toBeDefined();
  for (const line of removed.slice(1)) expect(line).toMatch(/^(\s|-( |$)|$)/);
  const keepsTrailingBlankLines = String(doc.data[key]).endsWith("\n\n");
  if (removed.length > 1 && !keepsTrailingBlankLines) expect(removed.at(-1)).not.toBe("");
  const comment = /\s+#[^'"]*$/.exec(first)?.[0] ?? "";
  expect(added).toEqual([`${keyText}: changed value${comment}`]);
  const reread = parseTicketText(updated);
  expect(reread.data).toEqual({ ...doc.data, [key]: "changed value" });
  expect(reread.body).toBe(doc.body);
}

const goldenNames = readdirSync(GOLDEN_DIR)
  .filter((name) => name.endsWith(".md"))
  .sort();

/** Fields whose minimal rewrite is impossible on purpose: an alias elsewhere points at them. */
const REWRITTEN_WHOLE: Readonly<Record<string, readonly string[]>> = { "anchors.md": ["defaults"] };

describe("golden files", () => {
  test("cover the formats we promise to keep", () => {
    expect(goldenNames.length).toBeGreaterThanOrEqual(12);
  });

  describe.each(goldenNames)("%s", (name) => {
    const text = golden(name);

    test("round-trips byte for byte", () => {
      const doc = parseTicketText(text);
      expect(doc.text).toBe(text);
      expect(text.endsWith(doc.body)).toBe(true);
      expect(updateTicketText(doc, {})).toBe(text);
      expect(updateTicketText(doc, { set: structuredClone(doc.data) })).toBe(text);
      expect(updateTicketText(doc, { body: doc.body, unset: ["no-such-field"] })).toBe(text);
    });

    test("a one-field update changes exactly that field's lines", () => {
      const keys = Object.keys(parseTicketText(text).data);
      const editable = keys.filter((key) => !REWRITTEN_WHOLE[name]?.includes(key));
      for (const key of editable) expectOnlyFieldRewritten(text, key);
    });
  });
});

describe("parseTicketText", () => {
  test("reads fields in order, keeps dates as strings and unknown keys", () => {
    const doc = parseTicketText(golden("trackdown-task.md"));
    expect(Object.keys(doc.data).slice(0, 4)).toEqual(["id", "type", "title", "status"]);
    expect(doc.data.created).toBe("2026-01-02T08:55:12Z");
    expect(doc.data.sprint).toBe("2026-W03");
    expect(doc.data.claim).toEqual({
      agent: "backend-agent",
      since: "2026-01-02T09:30:00Z",
      expires: "2026-01-02T10:30:00Z",
    });
    expect(doc.body.startsWith("\n## Description\n")).toBe(true);
  });

  test("reads plain timestamps and dates as strings, and YAML 1.2 scalars by type", () => {
    const { data } = parseTicketText(golden("flow-and-nulls.md"));
    expect(data).toMatchObject({
      timestamp_plain: "2026-01-02T10:00:00Z",
      date_plain: "2026-01-02",
      hex: 31,
      tilde: null,
      bare: null,
      inline_map: { agent: "qa-agent", progress: 50 },
      matrix: [
        [1, 2],
        [3, 4],
      ],
    });
  });

  test("keeps a BOM out of the data and in the text", () => {
    const doc = parseTicketText(golden("bom.md"));
    expect(doc.data.id).toBe("TSK-00bm");
    expect(doc.text.startsWith("\ufeff---\n")).toBe(true);
  });

  test("reads CRLF files without carriage returns in the values", () => {
    const doc = parseTicketText(golden("crlf.md"));
    expect(doc.data.description).toBe("First line of a block scalar\nsecond line");
    expect(doc.data.tags).toEqual(["windows", "git"]);
    expect(doc.body).toBe("\r\nBody lines also end in CRLF.\r\n\r\n- [ ] Keep them that way\r\n");
  });

  test("reads long single-quoted strings that span lines, as PyYAML writes them", () => {
    const { data } = parseTicketText(golden("pytools-issue.md"));
    expect(data.description).toBe(
      "Modify 'aitrackdown create issue' to support --epic flag that automatically associates the new issue with an epic. Example: 'aitrackdown create issue --epic EP-001 \"New issue title\"'",
    );
  });

  test("takes the first `---` line as the end: later rules belong to the body", () => {
    const doc = parseTicketText(golden("body-with-rules.md"));
    expect(doc.data.status).toBe("pending");
    expect(doc.body).toBe(
      "\nFirst section.\n\n---\n\nSecond section after a rule; the delimiter above belongs to the body.\n---\n",
    );
  });

  test("reads an empty frontmatter, one with only comments, and a closing line at end of file", () => {
    expect(parseTicketText("---\n---\n").data).toEqual({});
    expect(parseTicketText("---\n# nothing yet\n---\nbody").data).toEqual({});
    expect(parseTicketText(golden("no-trailing-newline.md")).body).toBe("");
    expect(parseTicketText("---  \nid: TSK-1\n---   \nx").body).toBe("x");
  });

  test("accepts a flow mapping as the whole frontmatter", () => {
    expect(parseTicketText("---\n{id: TSK-1, status: open}\n---\n").data).toEqual({
      id: "TSK-1",
      status: "open",
    });
  });
});

describe("parse errors", () => {
  test("a file without frontmatter names what is expected", () => {
    const error = thrown(() => parseTicketText("# Just a title\n\nSome text\n"));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain('must start with a line "---"');
    expect(error.message).toContain('"# Just a title"');
  });

  test("an unclosed frontmatter is refused", () => {
    const error = thrown(() => parseTicketText("---\nid: TSK-1\n--- not a delimiter\n"));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain("never closed");
  });

  test.each([
    ["a duplicate key", "---\nid: TSK-1\ntitle: x\nid: TSK-2\n---\n", 4, "id: TSK-2"],
    ["bad indentation", "---\nid: TSK-1\ntags:\n  - a\n - b\n---\n", 5, " - b"],
    ["a tab as indentation", "---\nid: TSK-1\nmeta:\n\tkey: 1\n---\n", 4, "\tkey: 1"],
    ["an unclosed quote", "---\nid: TSK-1\ntitle: 'open\nstatus: x\n---\n", 5, ""],
    ["a nested mapping on one line", "---\ntitle: a: b\n---\n", 2, "title: a: b"],
    ["an unknown tag", "---\nid: TSK-1\nx: !custom value\n---\n", 3, "x: !custom value"],
    ["keys that collide once read", "---\n1: a\n'1': b\n---\n", 3, "'1': b"],
    ["a collection as a key", "---\n? [a, b]\n: c\n---\n", 2, "? [a, b]"],
    ["a list instead of fields", "---\n- a\n- b\n---\n", 2, "- a"],
    ["a lone value instead of fields", "---\njust text\n---\n", 2, "just text"],
  ])("%s is INVALID_INPUT with the file's line number", (_, text, line, excerpt) => {
    const error = thrown(() => parseTicketText(text));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details.line).toBe(line);
    expect(error.details.excerpt).toBe(excerpt);
    expect(error.message).toContain(`at line ${line}, column `);
  });

  test("line numbers count the file's lines in CRLF files with a BOM", () => {
    const error = thrown(() => parseTicketText("\ufeff---\r\nid: a\r\nid: b\r\n---\r\n"));
    expect(error.details).toMatchObject({ line: 3, column: 1, excerpt: "id: b" });
  });

  test("a long offending line is cut in the message", () => {
    const long = `title: ${"word ".repeat(40)}: oops`;
    const error = thrown(() => parseTicketText(`---\n${long}\n---\n`));
    expect(String(error.details.excerpt)).toHaveLength(60);
    expect(error.message).toContain("...");
  });
});

describe("updateTicketText", () => {
  test("status and updated in a file with comments change only those two lines", () => {
    const text = golden("comments.md");
    const updated = updateTicketText(parseTicketText(text), {
      set: { status: "in_progress", updated: "2026-01-11T09:00:00Z" },
    });
    expect(changedLines(text, updated)).toEqual([
      [
        "status: pending # one of pending, in_progress, review, completed",
        "status: in_progress # one of pending, in_progress, review, completed",
      ],
      [
        "updated: '2026-01-10T14:05:00Z' # bumped by the CLI",
        "updated: '2026-01-11T09:00:00Z' # bumped by the CLI",
      ],
    ]);
  });

  test("unset removes a field's lines and keeps the comments around it", () => {
    const text = golden("comments.md");
    const updated = updateTicketText(parseTicketText(text), {
      unset: ["tags"],
      set: { assignee: undefined },
    });
    const expected = text.replace("assignee: null\ntags: # free-form\n  - frontend\n  - safari\n", "");
    expect(updated).toBe(expected);
    expect(updated).toContain("priority: critical  # customer-facing\n\n# relations come next\n");
  });

  test("new fields are appended at the end of the frontmatter in the order given", () => {
    const text = golden("comments.md");
    const updated = updateTicketText(parseTicketText(text), {
      set: { sprint: "2026-W02", estimate: "2h", completed: null },
    });
    const expected = text.replace(
      "# trailing note at the end of the frontmatter\n---\n",
      "# trailing note at the end of the frontmatter\nsprint: 2026-W02\nestimate: 2h\ncompleted: null\n---\n",
    );
    expect(updated).toBe(expected);
  });

  test("fields can be added to an empty frontmatter", () => {
    const text = golden("empty-frontmatter.md");
    const updated = updateTicketText(parseTicketText(text), { set: { id: "TSK-0001", title: "First" } });
    expect(updated).toBe(`---\nid: TSK-0001\ntitle: First\n---\n${parseTicketText(text).body}`);
  });

  test("a workflow list of maps and a claim map are written in block style and read back the same", () => {
    const workflow = [
      {
        agent: "planner",
        status: "completed",
        progress: 100,
        started: "2026-01-02T09:00:00Z",
        finished: null,
      },
      { agent: "qa-agent", status: "pending", progress: 0, note: "run the e2e suite\nthen report" },
    ];
    const claim = { agent: "qa-agent", since: "2026-01-03T10:00:00Z", expires: "2026-01-03T11:00:00Z" };
    for (const name of ["trackdown-task.md", "pytools-issue.md", "comments.md"]) {
      const doc = parseTicketText(golden(name));
      const updated = updateTicketText(doc, { set: { workflow, claim } });
      expect(parseTicketText(updated).data).toEqual({ ...doc.data, workflow, claim });
    }
    const updated = updateTicketText(parseTicketText(golden("trackdown-task.md")), {
      set: { workflow, claim },
    });
    expect(updated).toContain(
      [
        "workflow:",
        "  - agent: planner",
        "    status: completed",
        "    progress: 100",
        "    started: '2026-01-02T09:00:00Z'",
        "    finished: null",
        "  - agent: qa-agent",
        "    status: pending",
        "    progress: 0",
        "    note: |-",
        "      run the e2e suite",
        "      then report",
        "claim:",
        "  agent: qa-agent",
        "  since: '2026-01-03T10:00:00Z'",
        "  expires: '2026-01-03T11:00:00Z'",
        "created: '2026-01-02T08:55:12Z'",
      ].join("\n"),
    );
  });

  test("values equal to the current ones leave the text untouched, whatever their style", () => {
    const doc = parseTicketText(golden("column-zero-sequences.md"));
    const same = { tags: ["issue", "bug"], metadata: { type: "issue", related: ["ISS-0001", "ISS-0002"] } };
    const result = updateTicketText(doc, { set: same, unset: ["not-there"] });
    expect(result).toBe(doc.text);
  });

  test("a trailing comment stays on the field's line, also when the value becomes a block", () => {
    const text = golden("comments.md");
    const updated = updateTicketText(parseTicketText(text), {
      set: { type: "task", tags: ["frontend"], title: "Line one\nline two" },
    });
    expect(updated).toContain("type: task   # bugs get triaged daily\n");
    expect(updated).toContain("tags: [frontend] # free-form\n# relations come next\n");
    expect(updated).toContain("title: |-\n  Line one\n  line two\n");
    const back = updateTicketText(parseTicketText(updated), { set: { tags: [{ name: "frontend" }] } });
    expect(back).toContain("tags: # free-form\n  - name: frontend\n# relations come next\n");
  });

  test("a key written in quotes keeps its quotes", () => {
    const text = golden("quoted-keys.md");
    const updated = updateTicketText(parseTicketText(text), {
      set: { status: "done", "x-team owner": "infra" },
    });
    expect(changedLines(text, updated)).toEqual([
      ["'status': pending", "'status': done"],
      ['"x-team owner": "platform team"', '"x-team owner": infra'],
    ]);
  });

  test("a multi-line single-quoted value becomes one line and nothing else moves", () => {
    const text = golden("pytools-issue.md");
    const { removed, added } = hunk(
      text,
      updateTicketText(parseTicketText(text), { set: { description: "Short" } }),
    );
    expect(removed).toHaveLength(3);
    expect(added).toEqual(["description: Short"]);
  });

  test("CRLF files get CRLF on every line written", () => {
    const doc = parseTicketText(golden("crlf.md"));
    const updated = updateTicketText(doc, {
      set: {
        status: "completed",
        tags: ["windows"],
        description: "one\ntwo",
        completed: "2026-02-02T00:00:00Z",
      },
      unset: ["updated"],
    });
    expect(updated.replaceAll("\r\n", "").includes("\n")).toBe(false);
    expect(updated).toContain("# a comment line\r\ncompleted: '2026-02-02T00:00:00Z'\r\n---\r\n");
    expect(parseTicketText(updated).data).toMatchObject({ description: "one\ntwo", tags: ["windows"] });
  });

  test("the BOM survives an update", () => {
    const doc = parseTicketText(golden("bom.md"));
    const updated = updateTicketText(doc, { set: { status: "completed" } });
    expect(updated).toBe(doc.text.replace("status: pending", "status: completed"));
  });

  test("body replaces the text after the closing line verbatim", () => {
    const doc = parseTicketText(golden("trackdown-task.md"));
    const updated = updateTicketText(doc, { body: "New body\n---\nno trailing newline" });
    expect(updated.endsWith("started: '2026-01-02T09:30:00Z'\n---\nNew body\n---\nno trailing newline")).toBe(
      true,
    );
    expect(parseTicketText(updated).body).toBe("New body\n---\nno trailing newline");
  });

  test("a body added to a file that ends at `---` gets a line break first", () => {
    const doc = parseTicketText(golden("no-trailing-newline.md"));
    const updated = updateTicketText(doc, { body: "\nNotes\n", set: { status: "pending" } });
    expect(updated).toBe(`${doc.text.replace("status: completed", "status: pending")}\n\nNotes\n`);
  });

  test("an indented frontmatter mapping keeps its indentation", () => {
    const doc = parseTicketText("---\n  id: TSK-1\n  status: open # c\n---\n");
    const updated = updateTicketText(doc, { set: { status: "closed", tags: ["a"], meta: { k: 1 } } });
    expect(updated).toBe("---\n  id: TSK-1\n  status: closed # c\n  tags: [a]\n  meta:\n    k: 1\n---\n");
  });

  test("an alias target that changes is written out in full so the data stays right", () => {
    const doc = parseTicketText(golden("anchors.md"));
    expect(doc.data.copy).toEqual({ priority: "high", labels: ["x"] });
    const updated = updateTicketText(doc, { set: { defaults: { priority: "low" } } });
    expect(parseTicketText(updated).data).toEqual({ ...doc.data, defaults: { priority: "low" } });
    const minimal = updateTicketText(doc, { set: { status: "done" } });
    expect(changedLines(doc.text, minimal)).toEqual([["status: pending", "status: done"]]);
  });

  test("a flow-mapping frontmatter is rewritten as block fields", () => {
    const doc = parseTicketText("---\n{id: TSK-1, status: open}\n---\nbody\n");
    const updated = updateTicketText(doc, { set: { status: "closed" } });
    expect(updated).toBe("---\nid: TSK-1\nstatus: closed\n---\nbody\n");
  });

  test("a field named __proto__ is stored as a field, not as a prototype", () => {
    const set: Record<string, unknown> = JSON.parse('{"__proto__": {"polluted": true}}');
    const updated = updateTicketText(parseTicketText("---\nid: TSK-1\n---\n"), { set });
    expect(updated).toBe("---\nid: TSK-1\n__proto__:\n  polluted: true\n---\n");
    const { data } = parseTicketText(updated);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.keys(data)).toEqual(["id", "__proto__"]);
  });

  test("refuses to set and unset the same field, and values YAML cannot keep", () => {
    const doc = parseTicketText(golden("trackdown-task.md"));
    expect(thrown(() => updateTicketText(doc, { set: { status: "x" }, unset: ["status"] })).code).toBe(
      "INVALID_INPUT",
    );
    const date = thrown(() => updateTicketText(doc, { set: { updated: new Date(0) } }));
    expect(date.message).toContain('"updated"');
    expect(date.message).toContain("ISO-8601");
    expect(thrown(() => updateTicketText(doc, { set: { tags: ["a", undefined] } })).details.field).toBe(
      "tags[1]",
    );
  });
});

describe("stringifyField", () => {
  test.each([
    ["2026-01-02T10:00:00Z", "'2026-01-02T10:00:00Z'"],
    ["2026-01-02", "'2026-01-02'"],
    ["yes", "'yes'"],
    ["null", "'null'"],
    ["123", "'123'"],
    ["TSK-0001", "TSK-0001"],
    ["plain words", "plain words"],
    ["a: b", "'a: b'"],
    ["it's", "it's"],
    ["", "''"],
    ["# not a comment", "'# not a comment'"],
  ])("writes the string %j as %s and reads it back as that string", (value, written) => {
    expect(stringifyField("k", value)).toBe(`k: ${written}\n`);
    expect(parseTicketText(renderTicketText({ k: value }, "")).data.k).toBe(value);
  });

  test("strings of every shape read back as the same string", () => {
    const strings = [
      "multi\nline",
      "ends with newline\n",
      "keeps\ntrailing blank\n\n",
      "  leading spaces\nsecond",
      "\nstarts with a newline",
      "trailing spaces  \nnext",
      "tab\tinside",
      "control \u0007 bell",
      "windows\r\nline",
      "--- looks like a delimiter",
      "x\n---\ny",
      "日本語 ✓ 🚀",
      "~",
      ".inf",
      "0o17",
      "1_000",
      "on",
      "- dash",
      "[brackets]",
      "{braces}",
      "*alias",
      "&anchor",
      "!tag",
      "@mention",
    ];
    const text = renderTicketText(
      { strings, each: Object.fromEntries(strings.map((s, i) => [`s${i}`, s])) },
      "",
    );
    expect(parseTicketText(text).data).toEqual({
      strings,
      each: Object.fromEntries(strings.map((s, i) => [`s${i}`, s])),
    });
  });

  test("lists of scalars are flow style, lists of maps and maps are block style", () => {
    expect(stringifyField("tags", ["a", "b c", "yes"])).toBe("tags: [a, b c, 'yes']\n");
    expect(stringifyField("tags", [])).toBe("tags: []\n");
    expect(stringifyField("meta", {})).toBe("meta: {}\n");
    expect(stringifyField("meta", { a: { b: [1, 2] }, c: null })).toBe(
      "meta:\n  a:\n    b: [1, 2]\n  c: null\n",
    );
    expect(stringifyField("steps", [{ agent: "a" }, { agent: "b", progress: 5 }])).toBe(
      "steps:\n  - agent: a\n  - agent: b\n    progress: 5\n",
    );
  });

  test("never folds long lines", () => {
    const long = "word ".repeat(60).trim();
    expect(stringifyField("title", long)).toBe(`title: ${long}\n`);
    const many = Array.from({ length: 50 }, (_, i) => `tag-${i}`);
    expect(stringifyField("tags", many)).toBe(`tags: [${many.join(", ")}]\n`);
  });

  test("multi-line strings are block literals", () => {
    expect(stringifyField("note", "one\ntwo")).toBe("note: |-\n  one\n  two\n");
    expect(stringifyField("note", "one\ntwo\n")).toBe("note: |\n  one\n  two\n");
  });

  test("keys are quoted only when YAML needs it, and undefined writes nothing", () => {
    expect(stringifyField("x-custom key", 1)).toBe("x-custom key: 1\n");
    expect(stringifyField("123", 1)).toBe("'123': 1\n");
    expect(stringifyField("a: b", true)).toBe("'a: b': true\n");
    expect(stringifyField("gone", undefined)).toBe("");
  });
});

describe("renderTicketText", () => {
  test("writes the fields in the given order between delimiters and the body verbatim", () => {
    const data = {
      id: "TSK-7f3k",
      title: "New ticket",
      status: "pending",
      tags: ["a"],
      assignee: undefined,
      created: "2026-01-02T10:00:00Z",
    };
    const text = renderTicketText(data, "\n## Description\n");
    expect(text).toBe(
      "---\nid: TSK-7f3k\ntitle: New ticket\nstatus: pending\ntags: [a]\ncreated: '2026-01-02T10:00:00Z'\n---\n\n## Description\n",
    );
    const doc = parseTicketText(text);
    expect(doc.data).toEqual({ ...data, assignee: undefined });
    expect(Object.keys(doc.data)).toEqual(["id", "title", "status", "tags", "created"]);
    expect(doc.body).toBe("\n## Description\n");
  });

  test("renders empty data as an empty frontmatter", () => {
    expect(renderTicketText({}, "body")).toBe("---\n---\nbody");
  });
});

describe("real tracker files", () => {
  const hasFrontmatter = (text: string): boolean => /^\ufeff?---[ ]*\r?\n/.test(text);
  const parses = (text: string): boolean => {
    try {
      parseTicketText(text);
      return true;
    } catch {
      return false;
    }
  };

  describe.each(["ai-trackdown-pytools", "backlog-md"])("%s", (folder) => {
    const files = markdownFiles(join(REAL_ROOT, folder))
      .map((path) => ({ path, text: readFileSync(path, "utf8") }))
      .filter(({ text }) => hasFrontmatter(text));

    test("every file with frontmatter round-trips, or is refused for invalid YAML", () => {
      expect(files.length).toBeGreaterThan(50);
      const failures: string[] = [];
      const refused: string[] = [];
      for (const { path, text } of files) {
        let doc: ReturnType<typeof parseTicketText>;
        try {
          doc = parseTicketText(text);
        } catch (error) {
          // Backlog.md wrote `assignee: @name` unquoted: `@` is reserved in YAML, every strict parser refuses it.
          if (isTrackdownError(error) && /reserved character @/.test(error.message)) refused.push(path);
          else failures.push(`${path}: ${String(error)}`);
          continue;
        }
        if (updateTicketText(doc, {}) !== text) failures.push(`${path}: no-op update changed the text`);
        if (updateTicketText(doc, { set: structuredClone(doc.data) }) !== text) {
          failures.push(`${path}: setting its own values changed the text`);
        }
      }
      expect(failures).toEqual([]);
      expect(refused.length).toBeLessThan(files.length / 10);
    });

    test("updating status rewrites only the status line", () => {
      const withStatus = files.filter(({ text }) => /^status:/m.test(text) && parses(text));
      expect(withStatus.length).toBeGreaterThan(10);
      for (const { text } of withStatus) expectOnlyFieldRewritten(text, "status");
    });
  });
});
