import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../core/config.js";
import { normalizeRecord } from "./normalize.js";
import { createStatusMapper } from "./statuses.js";
import type { ImportRecord, ProblemKind } from "./types.js";

const NOW = "2026-02-01T12:00:00Z";

function normalize(fields: Partial<ImportRecord>) {
  const record: ImportRecord = {
    file: "x.md",
    status: "open",
    created: "2025-01-01T00:00:00Z",
    body: "",
    comments: [],
    fields: {},
    ...fields,
  };
  const reports: { kind: ProblemKind; message: string; action: string }[] = [];
  const ctx = { config: DEFAULT_CONFIG, mapStatus: createStatusMapper(DEFAULT_CONFIG, new Map()), now: NOW };
  const n = normalizeRecord(record, ctx, (kind, _severity, message, action) =>
    reports.push({ kind, message, action }),
  );
  return { n, reports };
}

describe("normalizeRecord", () => {
  it("cuts an over-long title and opens the body with the whole of it", () => {
    const long = "word ".repeat(80).trim();
    const { n, reports } = normalize({ title: long, body: "Text" });
    expect(String(n.fields.title)).toHaveLength(300);
    expect(String(n.fields.title).endsWith("...")).toBe(true);
    expect(n.body).toBe(`${long}\n\nText`);
    expect(reports.map((r) => r.kind)).toEqual(["title"]);
  });

  it("keeps the first line of a multi-line title, and finds a title for a record without one", () => {
    expect(normalize({ title: "First\nsecond", body: "Body" }).n.body).toBe("second\n\nBody");
    expect(normalize({ body: "## Heading line\nmore" }).n.fields.title).toBe("Heading line");
    expect(normalize({ sourceId: "X-1", body: "" }).n.fields.title).toBe("Imported X-1");
  });

  it("dates: bad ones left out and reported, missing ones derived", () => {
    const { n, reports } = normalize({
      title: "T",
      created: "someday",
      updated: "2025-01-02",
      status: "done",
    });
    expect(n.fields).toMatchObject({
      created: "2025-01-02T00:00:00Z",
      updated: "2025-01-02T00:00:00Z",
      completed: "2025-01-02T00:00:00Z",
    });
    expect(reports.map((r) => r.kind)).toEqual(["invalid-date", "missing-date"]);
    expect(normalize({ title: "T", created: undefined }).n.fields.created).toBe(NOW);
  });

  it("reads durations written in words, keeps ones it cannot read aside", () => {
    expect(normalize({ title: "T", estimate: "2 hours 30 minutes" }).n.fields.estimate).toBe("2h30m");
    expect(normalize({ title: "T", estimate: "3 days" }).n.fields.estimate).toBe("3d");
    expect(normalize({ title: "T", time_spent: "1.5" }).n.fields.time_spent).toBe(1.5);
    const { n, reports } = normalize({ title: "T", estimate: "a fortnight" });
    expect(n.fields.estimate).toBeUndefined();
    expect(n.fields.source_estimate).toBe("a fortnight");
    expect(reports[0]?.action).toBe('kept as "source_estimate"');
  });

  it("makes tags valid and adds an unknown type's name as a tag", () => {
    const { n, reports } = normalize({
      title: "T",
      type: "Spike Story",
      tags: ["needs review", "a,b", "ok", "ok"],
    });
    expect(n.fields.tags).toEqual(["needs-review", "a-b", "ok", "spike-story"]);
    expect(n.fields.type).toBe("task");
    expect(reports.map((r) => r.kind)).toEqual(["unknown-type", "invalid-value", "invalid-value"]);
  });

  it("appends comments to the activity log in date order, dating undated ones by the last update", () => {
    const { n } = normalize({
      title: "T",
      updated: "2025-03-01T00:00:00Z",
      body: "Description",
      comments: [
        { author: "b", at: "2025-02-02 10:00", text: "later" },
        { author: "a", at: "2025-02-01T10:00:00+01:00", text: "earlier" },
        { author: "c", at: "", text: "undated" },
      ],
    });
    expect(n.body).toBe(
      "Description\n\n## Activity\n\n- 2025-02-01T09:00:00Z a commented: earlier\n- 2025-02-02T10:00:00Z b commented: later\n- 2025-03-01T00:00:00Z c commented: undated\n",
    );
  });
});
