import { describe, expect, it } from "vitest";
import { burndown, cycleHistogram } from "./burndown.js";

const cancelled = (status: string) => status === "cancelled";

describe("burndown", () => {
  it("counts what is open at the end of each day, and nothing for days to come", () => {
    const tickets = [
      { status: "completed", completed: "2026-03-02T10:00:00Z" },
      { status: "completed", completed: "2026-03-03T23:00:00Z" },
      { status: "pending", completed: undefined },
      { status: "cancelled", completed: undefined },
    ];
    const result = burndown(tickets, "2026-03-01", "2026-03-05", "2026-03-03", cancelled);
    expect(result.total).toBe(3);
    expect(result.days).toEqual([
      { day: "2026-03-01", remaining: 3 },
      { day: "2026-03-02", remaining: 2 },
      { day: "2026-03-03", remaining: 1 },
      { day: "2026-03-04", remaining: undefined },
      { day: "2026-03-05", remaining: undefined },
    ]);
  });

  it("crosses month ends", () => {
    const days = burndown([], "2026-02-27", "2026-03-01", "2026-03-01", cancelled).days.map((d) => d.day);
    expect(days).toEqual(["2026-02-27", "2026-02-28", "2026-03-01"]);
  });
});

describe("cycleHistogram", () => {
  it("buckets started → completed times and skips tickets without both", () => {
    const at = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000).toISOString();
    const tickets = [
      { started: at(0), completed: at(2) },
      { started: at(0), completed: at(30) },
      { started: at(0), completed: at(400) },
      { started: undefined, completed: at(1) },
    ];
    expect(cycleHistogram(tickets)).toEqual([1, 0, 1, 0, 0, 1]);
  });
});
