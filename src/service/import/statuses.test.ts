import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseConfig } from "../../core/config.js";
import { createStatusMapper, parseStatusMap } from "./statuses.js";
import type { ProblemKind } from "./types.js";

function mapAll(states: string[], overrides: string[] = [], config = DEFAULT_CONFIG) {
  const reports: { kind: ProblemKind; message: string; action: string }[] = [];
  const map = createStatusMapper(config, parseStatusMap(config, overrides));
  const mapped = states.map((s) =>
    map(s, (kind, _severity, message, action) => reports.push({ kind, message, action })),
  );
  return { mapped, reports };
}

describe("status mapping", () => {
  it("maps statuses and aliases of the project in any spelling, silently", () => {
    const { mapped, reports } = mapAll([
      "In Progress",
      "in-progress",
      "IN_PROGRESS",
      "To Do",
      "todo",
      "Done",
      "closed",
    ]);
    expect(mapped).toEqual([
      "in_progress",
      "in_progress",
      "in_progress",
      "pending",
      "pending",
      "completed",
      "completed",
    ]);
    expect(reports).toEqual([]);
  });

  it("maps other states to the nearest category and reports each", () => {
    const { mapped, reports } = mapAll([
      "Won't Do",
      "deferred",
      "ready_for_qa",
      "merged",
      "backlog",
      "on hold",
      "WIP-ish",
    ]);
    expect(mapped).toEqual([
      "cancelled",
      "blocked",
      "review",
      "completed",
      "pending",
      "blocked",
      "in_progress",
    ]);
    expect(reports).toHaveLength(7);
    expect(reports[0]).toEqual({
      kind: "unknown-status",
      message: `status "Won't Do" is not a status of this project`,
      action: `mapped to "cancelled" (category cancelled); choose another with --map-status "Won't Do=<status>"`,
    });
  });

  it("takes the state named first when a state names several", () => {
    expect(mapAll(["blocked - waiting on review", "review blocked"]).mapped).toEqual(["blocked", "review"]);
  });

  it("falls back to the initial status when nothing fits, and for a missing state", () => {
    const { mapped, reports } = mapAll(["zorgled", ""]);
    expect(mapped).toEqual(["pending", "pending"]);
    expect(reports.map((r) => r.action)).toEqual([
      'mapped to "pending" (no category fits; the initial status); choose another with --map-status "zorgled=<status>"',
      'set to "pending"',
    ]);
  });

  it("lets --map-status override both, and names bad pairs and unknown targets", () => {
    expect(mapAll(["Won't Do", "Done"], ["won't do=completed", "DONE=review"]).mapped).toEqual([
      "completed",
      "review",
    ]);
    expect(() => parseStatusMap(DEFAULT_CONFIG, ["nothing"])).toThrow(
      /--map-status takes old=new.*got "nothing"/,
    );
    expect(() => parseStatusMap(DEFAULT_CONFIG, ["a=shipped"])).toThrow(
      /Unknown status "shipped"; accepted: pending/,
    );
  });

  it("uses the project's own statuses and a fallback category when one is missing", () => {
    const parsed = parseConfig({
      statuses: {
        todo: { category: "todo", folder: "todo" },
        doing: { category: "active", folder: "doing" },
        done: { category: "done", folder: "done" },
      },
      initial_status: "todo",
      transitions: {},
      aliases: {},
      gates: {},
    });
    if (!("config" in parsed)) throw new Error(parsed.issues.join("; "));
    expect(mapAll(["review", "cancelled", "in progress"], [], parsed.config).mapped).toEqual([
      "doing",
      "done",
      "doing",
    ]);
  });
});
