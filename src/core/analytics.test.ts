import { describe, expect, it } from "vitest";
import { computeStats, distribution, isoWeek, percentile, timeOf } from "./analytics.js";
import { DEFAULT_CONFIG } from "./config.js";
import type { TicketSummary } from "./schema.js";

const NOW = new Date("2026-03-12T12:00:00Z"); // a Thursday, ISO week 2026-W11

function ticket(id: string, fields: Partial<TicketSummary> = {}): TicketSummary {
  return {
    id,
    type: "task",
    title: `Ticket ${id}`,
    status: "pending",
    priority: "medium",
    tags: [],
    depends_on: [],
    blocks: [],
    related: [],
    created: "2026-03-01T00:00:00Z",
    updated: "2026-03-01T00:00:00Z",
    path: `tickets/pending/${id}.md`,
    revision: "0",
    ...fields,
  };
}

const done = (id: string, started: string, completed: string, extra: Partial<TicketSummary> = {}) =>
  ticket(id, { status: "completed", started, completed, ...extra });

describe("percentile (linear interpolation between closest ranks)", () => {
  it("gives the usual median: the middle value, or the mean of the two middle values", () => {
    expect(percentile([1, 2, 3], 0.5)).toBe(2);
    expect(percentile([1, 3], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it("interpolates p90 between ranks: h = (n-1)·p", () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 0.9)).toBeCloseTo(9.1); // h = 8.1 → 9 + 0.1·(10 − 9)
    expect(percentile([10, 20], 0.9)).toBeCloseTo(19); // h = 0.9
    expect(percentile([5], 0.9)).toBe(5);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([1, 2, 3], 1)).toBe(3);
  });

  it("is null for no values, and distribution sorts its input", () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(distribution([])).toEqual({ count: 0, median: null, p90: null });
    expect(distribution([10, 1, 4])).toEqual({ count: 3, median: 4, p90: 8.8 });
  });
});

describe("timeOf", () => {
  it.each([
    "2026-01-31T09:30:00Z",
    "2024-02-29T23:59:59Z",
    "2026-01-31",
    "2026-01-31T09:30:00+02:00",
    "2026-01-31T09:30:00.250Z",
  ])("reads %s as Date.parse does", (value) => {
    expect(timeOf(value)).toBe(Date.parse(value));
  });

  it("is undefined for what is not a date, and for impossible fields in the fast form", () => {
    expect(timeOf("2026-13-01T00:00:00Z")).toBeUndefined();
    expect(timeOf("2026-01-01T24:00:00Z")).toBe(Date.parse("2026-01-01T24:00:00Z")); // ISO allows 24:00
    expect(timeOf("soon")).toBeUndefined();
    expect(timeOf(undefined)).toBeUndefined();
    expect(timeOf("")).toBeUndefined();
  });
});

describe("isoWeek", () => {
  it.each([
    ["2026-01-01T00:00:00Z", "2026-W01", "2025-12-29"], // Thursday: week 1 of 2026
    ["2025-12-29T10:00:00Z", "2026-W01", "2025-12-29"], // Monday belonging to next year's week 1
    ["2021-01-03T23:59:59Z", "2020-W53", "2020-12-28"], // Sunday in the last week of a 53-week year
    ["2026-03-12T12:00:00Z", "2026-W11", "2026-03-09"],
    ["2024-12-30T00:00:00Z", "2025-W01", "2024-12-30"],
  ])("%s is in %s starting %s", (at, week, monday) => {
    const result = isoWeek(Date.parse(at));
    expect(result.week).toBe(week);
    expect(new Date(result.startMs).toISOString().slice(0, 10)).toBe(monday);
  });
});

describe("computeStats", () => {
  const tickets = [
    ticket("TSK-1"),
    ticket("TSK-2", { assignee: "ana", priority: "high", type: "bug" }),
    ticket("TSK-3", {
      status: "in_progress",
      assignee: "ana",
      started: "2026-03-11T12:00:00Z",
    }),
    ticket("TSK-4", { status: "blocked", assignee: "bo", started: "2026-02-01T12:00:00Z" }),
    ticket("TSK-5", { status: "review", created: "2026-03-05T12:00:00Z" }), // never active: age from created
    done("TSK-6", "2026-03-10T00:00:00Z", "2026-03-11T00:00:00Z", { assignee: "ana" }), // 24 h
    done("TSK-7", "2026-03-02T00:00:00Z", "2026-03-04T00:00:00Z", { assignee: "bo" }), // 48 h, week 10
    done("TSK-8", "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z", { assignee: "ana" }), // 96 h, week 2
    ticket("TSK-9", { status: "completed", completed: "2025-01-01T00:00:00Z" }), // no start, outside 12 weeks
    ticket("TSK-10", { status: "cancelled" }),
  ];
  const stats = computeStats(tickets, DEFAULT_CONFIG, NOW);

  it("counts by status (every configured status, in config order), type, priority and assignee", () => {
    expect(stats.total).toBe(10);
    expect(stats.byStatus).toEqual({
      pending: 2,
      in_progress: 1,
      review: 1,
      blocked: 1,
      completed: 4,
      cancelled: 1,
    });
    expect(stats.byType.task).toBe(9);
    expect(stats.byType.bug).toBe(1);
    expect(stats.byPriority).toEqual({ critical: 0, high: 1, medium: 9, low: 0 });
    expect(stats.byAssignee).toEqual({ ana: 4, bo: 2 });
    expect(Object.keys(stats.byAssignee)).toEqual(["ana", "bo"]);
    expect(stats.unassigned).toBe(4);
  });

  it("completion rate leaves cancelled tickets out: done ÷ (total − cancelled)", () => {
    expect(stats.completionRate).toBeCloseTo(4 / 9, 4);
    expect(computeStats([], DEFAULT_CONFIG, NOW).completionRate).toBeNull();
  });

  it("throughput: 12 ISO weeks, oldest first, ending with the current week", () => {
    expect(stats.throughput).toHaveLength(12);
    expect(stats.throughput.at(-1)).toEqual({ week: "2026-W11", start: "2026-03-09", completed: 1 });
    expect(stats.throughput.at(-2)).toEqual({ week: "2026-W10", start: "2026-03-02", completed: 1 });
    expect(stats.throughput[0]?.week).toBe("2025-W52");
    expect(stats.throughput.find((w) => w.week === "2026-W02")?.completed).toBe(1);
    expect(stats.throughput.reduce((n, w) => n + w.completed, 0)).toBe(3);
  });

  it("cycle time (started → completed) and lead time (created → completed) in hours", () => {
    expect(stats.cycleTimeHours).toEqual({ count: 3, median: 48, p90: 86.4 });
    // Lead: TSK-6 240 h, TSK-7 72 h, TSK-8 created after completion (skipped); TSK-9 likewise.
    expect(stats.leadTimeHours.count).toBe(2);
    expect(stats.leadTimeHours.median).toBe(156);
  });

  it("ages work in progress (active, review, blocked) into buckets and lists the oldest first", () => {
    expect(stats.aging.total).toBe(3);
    const counts = Object.fromEntries(stats.aging.buckets.map((b) => [b.label, b.count]));
    expect(counts).toEqual({ "<1d": 0, "1-3d": 1, "3-7d": 0, "7-14d": 1, "14-30d": 0, "30d+": 1 });
    expect(stats.aging.oldest.map((t) => t.id)).toEqual(["TSK-4", "TSK-5", "TSK-3"]);
    expect(stats.aging.oldest[0]).toMatchObject({
      ageDays: 39,
      since: "2026-02-01T12:00:00Z",
      assignee: "bo",
    });
    expect(stats.aging.oldest[1]).toMatchObject({ since: "2026-03-05T12:00:00Z", ageDays: 7 });
  });

  it("per agent: assigned, in progress, completed and median cycle time", () => {
    expect(stats.agents).toEqual([
      { agent: "ana", assigned: 4, inProgress: 1, completed: 2, medianCycleHours: 60 },
      { agent: "bo", assigned: 2, inProgress: 1, completed: 1, medianCycleHours: 48 },
    ]);
  });

  it("counts statuses the config does not know after the known ones", () => {
    const odd = computeStats([ticket("TSK-1", { status: "zombie" })], DEFAULT_CONFIG, NOW);
    expect(Object.keys(odd.byStatus).at(-1)).toBe("zombie");
    expect(odd.byStatus.zombie).toBe(1);
  });
});
