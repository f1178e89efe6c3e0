import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../core/config.js";
import { asList, hoursToDuration, mapPriority, mapType, toIsoUtc } from "./values.js";

const quiet = () => undefined;

describe("toIsoUtc", () => {
  it("normalises the date spellings trackers write to ISO-8601 UTC without fractions", () => {
    expect(toIsoUtc("2025-07-21T09:30:59.127218")).toBe("2025-07-21T09:30:59Z");
    expect(toIsoUtc("2025-06-01 09:15")).toBe("2025-06-01T09:15:00Z");
    expect(toIsoUtc("2025-06-04")).toBe("2025-06-04T00:00:00Z");
    expect(toIsoUtc("2025-07-22T12:00:00+02:00")).toBe("2025-07-22T10:00:00Z");
    expect(toIsoUtc("2025-07-22T12:00:00-0530")).toBe("2025-07-22T17:30:00Z");
    expect(toIsoUtc("2025-06-13T23:52:56.848Z")).toBe("2025-06-13T23:52:56Z");
    expect(toIsoUtc(1753005600)).toBe("2025-07-20T10:00:00Z");
    expect(toIsoUtc(1753005600000)).toBe("2025-07-20T10:00:00Z");
    expect(toIsoUtc("Mon, 21 Jul 2025 09:30:00 GMT")).toBe("2025-07-21T09:30:00Z");
  });

  it("gives undefined for what is not a date", () => {
    for (const value of ["", "soon", "2025-13-45", null, undefined, {}, -5])
      expect(toIsoUtc(value)).toBeUndefined();
  });
});

describe("mapType and mapPriority", () => {
  it("maps names, prefixes and synonyms; other types become the default type with a tag", () => {
    const reports: string[] = [];
    const report = (_k: string, _s: string, message: string) => reports.push(message);
    expect(mapType(DEFAULT_CONFIG, "BUG", report)).toEqual({ type: "bug" });
    expect(mapType(DEFAULT_CONFIG, "EP", report)).toEqual({ type: "epic" });
    expect(mapType(DEFAULT_CONFIG, "pull_request", report)).toEqual({ type: "pr" });
    expect(mapType(DEFAULT_CONFIG, "Enhancement", report)).toEqual({ type: "feature" });
    expect(mapType(DEFAULT_CONFIG, undefined, report)).toEqual({ type: "task" });
    expect(reports).toEqual([]);
    expect(mapType(DEFAULT_CONFIG, "Spaceship", report)).toEqual({ type: "task", tag: "spaceship" });
    expect(reports).toEqual(['type "Spaceship" is not a type of this project']);
  });

  it("maps priority words and reports the rest as medium", () => {
    expect(["urgent", "P1", "normal", "minor", undefined].map((p) => mapPriority(p, quiet))).toEqual([
      "critical",
      "high",
      "medium",
      "low",
      undefined,
    ]);
    const reports: string[] = [];
    expect(mapPriority("whenever", (_k, _s, m) => reports.push(m))).toBe("medium");
    expect(reports).toEqual(['priority "whenever" is not one of critical, high, medium, low']);
  });
});

describe("lists and hours", () => {
  it("reads lists from arrays, single values and comma-separated text", () => {
    expect(asList(["a", 2, null, " b "])).toEqual(["a", "2", "b"]);
    expect(asList("testing, loader")).toEqual(["testing", "loader"]);
    expect(asList(7)).toEqual(["7"]);
    expect(asList(null)).toEqual([]);
  });

  it("turns hours into durations", () => {
    expect([1.5, 2, 0.25, "3", 0, -1, "x"].map(hoursToDuration)).toEqual([
      "1h30m",
      "2h",
      "15m",
      "3h",
      undefined,
      undefined,
      undefined,
    ]);
  });
});
