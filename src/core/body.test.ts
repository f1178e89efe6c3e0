import { describe, expect, it } from "vitest";
import {
  acceptanceCriteria,
  activity,
  appendActivity,
  composeBody,
  description,
  uncheckedCriteria,
} from "./body.js";

const body = `
Fix the import error.

## Acceptance criteria

- [x] reproduce
- [ ] fix the parser

## Activity

- 2026-01-01T00:00:00Z alice: created
`;

describe("body", () => {
  it("reads description and acceptance criteria", () => {
    expect(description(body)).toBe("Fix the import error.");
    expect(acceptanceCriteria(body)).toEqual([
      { done: true, text: "reproduce" },
      { done: false, text: "fix the parser" },
    ]);
    expect(uncheckedCriteria(body)).toEqual(["fix the parser"]);
  });

  it("appends activity at the end of the section, newest last, and reads it back", () => {
    const once = appendActivity(body, {
      at: "2026-01-02T00:00:00Z",
      author: "bob",
      kind: "comment",
      text: "line 1\nline 2",
    });
    const twice = appendActivity(once, {
      at: "2026-01-03T00:00:00Z",
      author: "qa agent",
      kind: "event",
      text: "status pending → in_progress",
    });
    expect(twice.startsWith(body.trimEnd())).toBe(true);
    expect(twice.endsWith("status pending → in_progress\n")).toBe(true);
    expect(activity(twice)).toEqual([
      { at: "2026-01-01T00:00:00Z", author: "alice", kind: "event", text: "created" },
      { at: "2026-01-02T00:00:00Z", author: "bob", kind: "comment", text: "line 1\nline 2" },
      { at: "2026-01-03T00:00:00Z", author: "qa agent", kind: "event", text: "status pending → in_progress" },
    ]);
  });

  it("keeps blank lines inside a multi-line comment", () => {
    const text = "first paragraph\n\nsecond paragraph";
    const out = appendActivity(body, { at: "t", author: "a", kind: "comment", text });
    expect(activity(out).at(-1)?.text).toBe(text);
  });

  it("creates the activity section when missing and keeps later sections after it", () => {
    const created = appendActivity("\nJust text.\n", {
      at: "t",
      author: "a",
      kind: "event",
      text: "created",
    });
    expect(created).toBe("\nJust text.\n\n## Activity\n\n- t a: created\n");
    const withNotes = "\nText\n\n## Activity\n\n- t a: created\n\n## Notes\n\nkeep me\n";
    const out = appendActivity(withNotes, { at: "u", author: "b", kind: "event", text: "x" });
    expect(out).toBe("\nText\n\n## Activity\n\n- t a: created\n- u b: x\n\n## Notes\n\nkeep me\n");
  });

  it("keeps CRLF line endings", () => {
    const out = appendActivity("\r\nText\r\n\r\n## Activity\r\n\r\n- t a: created\r\n", {
      at: "u",
      author: "b",
      kind: "event",
      text: "x",
    });
    expect(out).toBe("\r\nText\r\n\r\n## Activity\r\n\r\n- t a: created\r\n- u b: x\r\n");
  });

  it("composes a new body", () => {
    expect(composeBody({ description: "Hello", criteria: ["a", "b"] })).toBe(
      "\nHello\n\n## Acceptance criteria\n\n- [ ] a\n- [ ] b\n",
    );
    expect(composeBody({})).toBe("\n");
  });
});
