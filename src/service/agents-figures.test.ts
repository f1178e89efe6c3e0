import { describe, expect, it } from "vitest";
import type { Run } from "../core/schema.js";
import { type AgentTicket, computeAgents } from "./agents-figures.js";

const NOW = "2026-05-01T12:00:00Z";
const LEASE = 30 * 60_000;

const run = (agent: string, outcome: Run["outcome"], duration_ms: number, finished: string): Run => ({
  agent,
  command: "npm test",
  started: finished,
  finished,
  duration_ms,
  exit_code: outcome === "succeeded" ? 0 : 1,
  outcome,
});

/** Six tickets; the expected figures below are worked out by hand from them. */
const TICKETS: AgentTicket[] = [
  {
    id: "TSK-1",
    title: "Parser",
    status: "in_progress",
    closed: false,
    assignee: "eng",
    // Renewed at 11:50 (lease end 12:20 minus 30 minutes): live.
    claim: { agent: "eng", since: "2026-05-01T11:00:00Z", expires: "2026-05-01T12:20:00Z" },
    runs: [
      run("eng", "succeeded", 60_000, "2026-05-01T11:40:00Z"),
      run("eng", "failed", 30_000, "2026-05-01T11:45:00Z"),
    ],
  },
  {
    id: "TSK-2",
    title: "Docs",
    status: "completed",
    closed: true,
    assignee: "writer",
    runs: [
      run("writer", "succeeded", 10_000, "2026-05-01T09:00:00Z"),
      run("eng", "interrupted", 20_000, "2026-05-01T10:00:00Z"),
    ],
  },
  {
    id: "TSK-3",
    title: "Review",
    status: "in_progress",
    closed: false,
    workflow: [
      {
        agent: "research",
        status: "completed",
        progress: 100,
        started: "2026-05-01T08:00:00Z",
        finished: "2026-05-01T09:30:00Z",
      },
      { agent: "qa", status: "in_progress", progress: 20, started: "2026-05-01T11:45:00Z" },
    ],
  },
  {
    id: "TSK-4",
    title: "Old",
    status: "in_progress",
    closed: false,
    // Expired at 11:00; last renewed at 10:30.
    claim: { agent: "ghost", since: "2026-05-01T10:00:00Z", expires: "2026-05-01T11:00:00Z" },
  },
  {
    id: "TSK-5",
    title: "Stuck",
    status: "blocked",
    closed: false,
    workflow: [{ agent: "builder", status: "in_progress", progress: 0, started: "2026-05-01T09:00:00Z" }],
  },
  { id: "TSK-6", title: "Next", status: "pending", closed: false, assignee: "ENG" },
];

describe("computeAgents", () => {
  const agents = computeAgents(TICKETS, NOW, LEASE);
  const byName = new Map(agents.map((a) => [a.name, a]));

  it("orders working agents first: active, then stale, then idle, latest activity first", () => {
    expect(agents.map((a) => `${a.name}:${a.state}`)).toEqual([
      "eng:active",
      "qa:active",
      "ghost:stale",
      "builder:stale",
      "research:idle",
      "writer:idle",
    ]);
  });

  it("gives a claiming agent its ticket, heartbeat and run figures (names matched case-insensitively)", () => {
    expect(byName.get("eng")).toEqual({
      name: "eng",
      state: "active",
      current: { id: "TSK-1", title: "Parser", via: "claim", step: null },
      working_on: ["TSK-1"],
      last_heartbeat: "2026-05-01T11:50:00Z",
      last_activity: "2026-05-01T11:50:00Z",
      assigned: 2,
      runs: 3,
      succeeded: 1,
      failed: 1,
      interrupted: 1,
      success_rate: 1 / 3,
      mean_duration_ms: 36_667,
    });
  });

  it("counts a recently started step as active work, an old one as stale", () => {
    expect(byName.get("qa")).toMatchObject({
      state: "active",
      current: { id: "TSK-3", via: "step", step: 2 },
      last_activity: "2026-05-01T11:45:00Z",
      last_heartbeat: null,
      runs: 0,
      success_rate: null,
      mean_duration_ms: null,
    });
    expect(byName.get("builder")).toMatchObject({
      state: "stale",
      current: { id: "TSK-5", via: "step", step: 1 },
      last_activity: "2026-05-01T09:00:00Z",
    });
  });

  it("calls an agent with an expired claim stale and one with only finished work idle", () => {
    expect(byName.get("ghost")).toMatchObject({
      state: "stale",
      current: { id: "TSK-4", via: "claim" },
      working_on: [],
      last_heartbeat: null,
      last_activity: "2026-05-01T10:30:00Z",
    });
    expect(byName.get("research")).toMatchObject({
      state: "idle",
      current: null,
      last_activity: "2026-05-01T09:30:00Z",
    });
    expect(byName.get("writer")).toMatchObject({
      state: "idle",
      assigned: 1,
      runs: 1,
      success_rate: 1,
      mean_duration_ms: 10_000,
    });
  });

  it("ignores claims on closed tickets as current work", () => {
    const closed: AgentTicket = {
      id: "TSK-9",
      title: "Done",
      status: "completed",
      closed: true,
      claim: { agent: "late", since: "2026-05-01T11:55:00Z", expires: "2026-05-01T12:25:00Z" },
    };
    const [late] = computeAgents([closed], NOW, LEASE);
    expect(late).toMatchObject({
      name: "late",
      state: "idle",
      current: null,
      last_activity: "2026-05-01T11:55:00Z",
    });
  });
});
