import { describe, expect, it } from "vitest";
import { formatMinutes, minutesBetween, parsePositiveDuration, toMinutes } from "./duration.js";

describe("durations", () => {
  it("reads units, combinations, fractions and plain hours", () => {
    expect(toMinutes("90m")).toBe(90);
    expect(toMinutes("1h30m")).toBe(90);
    expect(toMinutes("1.5h")).toBe(90);
    expect(toMinutes("2d")).toBe(16 * 60);
    expect(toMinutes("1w")).toBe(40 * 60);
    expect(toMinutes("1w2d3h4m")).toBe(40 * 60 + 16 * 60 + 3 * 60 + 4);
    expect(toMinutes(2)).toBe(120);
    expect(toMinutes("0.25")).toBe(15);
    expect(toMinutes(undefined)).toBeUndefined();
  });

  it("refuses what is not a duration, naming the accepted forms", () => {
    expect(() => toMinutes("soon")).toThrow(/"soon" is not a duration; accepted: 90m, 1h30m/);
    expect(() => parsePositiveDuration("0m")).toThrow(/more than zero/);
    expect(() => toMinutes(-1)).toThrow(/not a duration/);
  });

  it("writes totals in hours and minutes only", () => {
    expect(formatMinutes(0)).toBe("0m");
    expect(formatMinutes(45)).toBe("45m");
    expect(formatMinutes(120)).toBe("2h");
    expect(formatMinutes(90)).toBe("1h30m");
    expect(formatMinutes(26 * 60 + 5)).toBe("26h5m");
  });

  it("measures whole minutes between timestamps, never negative", () => {
    expect(minutesBetween("2026-01-05T09:00:00Z", "2026-01-05T10:29:40Z")).toBe(90);
    expect(minutesBetween("2026-01-05T10:00:00Z", "2026-01-05T09:00:00Z")).toBe(0);
  });
});
