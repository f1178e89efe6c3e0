import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TrackdownError } from "../core/errors.js";
import type { TicketEvent } from "./events.js";
import { initProject } from "./init.js";
import { TicketService } from "./ticket-service.js";
import {
  orchestrateWorkflow,
  stepDone,
  stepFail,
  stepProgress,
  stepSkip,
  stepStart,
  workflowOf,
} from "./workflows.js";

let root: string;
let clock: Date;
const services: TicketService[] = [];

function as(agent: string): TicketService {
  const service = TicketService.open({ root, actor: agent, now: () => clock });
  services.push(service);
  return service;
}

async function failure(promise: Promise<unknown>): Promise<TrackdownError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: TrackdownError) => error,
  );
}

const AGENTS = ["Research Agent", "Engineer Agent", "QA Agent"];

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-workflows-"));
  await initProject(root);
  clock = new Date("2026-05-01T12:00:00Z");
});

afterEach(async () => {
  for (const service of services.splice(0)) {
    await service.flush();
    service.close();
  }
  rmSync(root, { recursive: true, force: true });
});

describe("workflows", () => {
  it("walks three agents to completion; the ticket follows; each change is one event", async () => {
    const pm = as("pm");
    const ticket = await pm.create({ title: "Ship the importer" });
    await orchestrateWorkflow(pm, ticket.id, AGENTS);
    const events: TicketEvent[] = [];
    const walk = async (agent: string, percent: number) => {
      const service = as(agent);
      service.on((e) => events.push(e));
      const started = await stepStart(service, ticket.id);
      expect(started.ticket.status).toBe("in_progress");
      expect(started.ticket.assignee).toBe(agent);
      clock = new Date(clock.getTime() + 60_000);
      await stepProgress(service, ticket.id, percent, "going");
      return stepDone(service, ticket.id, "ok");
    };
    expect((await walk("Research Agent", 50)).ticket.status).toBe("in_progress");
    expect((await walk("Engineer Agent", 70)).ticket.status).toBe("in_progress");
    const last = await walk("QA Agent", 90);
    expect(last.ticket.status).toBe("completed");
    expect(last.ticket.path).toContain("tickets/completed/");

    expect(events.map((e) => (e.type === "workflow-step" ? `${e.step}:${e.action}` : e.type))).toEqual([
      "1:start",
      "1:progress",
      "1:done",
      "2:start",
      "2:progress",
      "2:done",
      "3:start",
      "3:progress",
      "3:done",
    ]);
    const first = events[0];
    expect(first?.type === "workflow-step" && first.transition).toEqual({
      from: "pending",
      to: "in_progress",
    });
    const final = events.at(-1);
    expect(final?.type === "workflow-step" && final.transition).toEqual({
      from: "in_progress",
      to: "completed",
    });

    const view = workflowOf(pm, ticket.id);
    expect(view.finished).toBe(true);
    expect(view.current).toBeNull();
    expect(view.steps.map((s) => [s.agent, s.status, s.progress])).toEqual([
      ["Research Agent", "completed", 100],
      ["Engineer Agent", "completed", 100],
      ["QA Agent", "completed", 100],
    ]);
    const log = pm.get(ticket.id).activity.map((a) => `${a.author}: ${a.text}`);
    expect(log).toContain("Research Agent: workflow step 1/3 (Research Agent) started");
    expect(log).toContain("Engineer Agent: workflow step 2/3 (Engineer Agent) at 70%: going");
    expect(log).toContain("QA Agent: status in_progress → completed");
  });

  it("blocks the ticket when a step fails, with the reason logged; a restart unblocks it", async () => {
    const pm = as("pm");
    const ticket = await pm.create({ title: "Flaky" });
    await orchestrateWorkflow(pm, ticket.id, AGENTS);
    const research = as("Research Agent");
    await stepStart(research, ticket.id);
    const failed = await stepFail(research, ticket.id, "the data source is down");
    expect(failed.ticket.status).toBe("blocked");
    expect(failed.state).toMatchObject({ status: "failed", note: "the data source is down" });
    const log = pm.get(ticket.id).activity.map((a) => a.text);
    expect(log).toContain("workflow step 1/3 (Research Agent) failed: the data source is down");
    expect(log).toContain("status in_progress → blocked");
    expect((await stepStart(research, ticket.id)).ticket.status).toBe("in_progress");
  });

  it("records the last step done even when a gate refuses completion, and says what is missing", async () => {
    const pm = as("pm");
    const ticket = await pm.create({ title: "Gated", criteria: ["Docs updated"] });
    await orchestrateWorkflow(pm, ticket.id, ["Engineer Agent"]);
    const engineer = as("Engineer Agent");
    await stepStart(engineer, ticket.id);
    const refused = await failure(stepDone(engineer, ticket.id));
    expect(refused.code).toBe("GATE");
    expect(refused.message).toContain("workflow step 1/1 (Engineer Agent) done is recorded");
    expect(refused.message).toContain('1 acceptance criteria unchecked: "Docs updated"');
    const after = pm.get(ticket.id);
    expect(after.status).toBe("in_progress");
    expect(after.workflow?.[0]?.status).toBe("completed");
  });

  it("refuses steps out of order and agents without a step, naming who is expected", async () => {
    const pm = as("pm");
    const ticket = await pm.create({ title: "Ordered" });
    await orchestrateWorkflow(pm, ticket.id, AGENTS);
    const early = await failure(stepStart(as("QA Agent"), ticket.id));
    expect(early.code).toBe("CONFLICT");
    expect(early.message).toContain("It is Research Agent's turn");
    const stranger = await failure(stepStart(as("Designer"), ticket.id));
    expect(stranger.code).toBe("INVALID_INPUT");
    expect(stranger.message).toContain("its agents are: Research Agent, Engineer Agent, QA Agent");
    const none = await pm.create({ title: "No workflow" });
    const missing = await failure(stepStart(pm, none.id));
    expect(missing.message).toContain(`${none.id} has no workflow`);
  });

  it("skips steps; skipping the last completes the ticket", async () => {
    const pm = as("pm");
    const ticket = await pm.create({ title: "Skippable" });
    await orchestrateWorkflow(pm, ticket.id, ["Research Agent", "QA Agent"]);
    await stepSkip(as("Research Agent"), ticket.id, "known area");
    const done = await stepSkip(as("QA Agent"), ticket.id);
    expect(done.ticket.status).toBe("completed");
  });

  it("will not replace a started workflow without force", async () => {
    const pm = as("pm");
    const ticket = await pm.create({ title: "Replace" });
    await orchestrateWorkflow(pm, ticket.id, AGENTS);
    await orchestrateWorkflow(pm, ticket.id, ["Solo"]);
    await stepStart(as("Solo"), ticket.id);
    const refused = await failure(orchestrateWorkflow(pm, ticket.id, AGENTS));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain("Solo in_progress");
    const replaced = await orchestrateWorkflow(pm, ticket.id, AGENTS, { force: true });
    expect(replaced.workflow?.map((s) => s.agent)).toEqual(AGENTS);
  });
});
