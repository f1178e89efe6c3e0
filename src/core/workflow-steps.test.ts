import { describe, expect, it } from "vitest";
import type { TrackdownError } from "./errors.js";
import type { WorkflowStep } from "./schema.js";
import {
  applyStep,
  buildWorkflow,
  currentStepIndex,
  hasStarted,
  interruptStep,
  type StepChange,
} from "./workflow-steps.js";

const AT = "2026-05-01T12:00:00Z";
const change = (
  agent: string,
  action: StepChange["action"],
  extra: Partial<StepChange> = {},
): StepChange => ({
  agent,
  action,
  ticket: "TSK-1",
  at: AT,
  ...extra,
});

function failure(work: () => unknown): TrackdownError {
  try {
    work();
  } catch (error) {
    return error as TrackdownError;
  }
  throw new Error("expected an error");
}

const three = () => buildWorkflow(["Research Agent", " Engineer Agent ", "QA Agent"]);

describe("buildWorkflow", () => {
  it("makes one pending step per agent, in order, names trimmed", () => {
    expect(three()).toEqual([
      { agent: "Research Agent", status: "pending", progress: 0 },
      { agent: "Engineer Agent", status: "pending", progress: 0 },
      { agent: "QA Agent", status: "pending", progress: 0 },
    ]);
  });

  it("refuses an empty list and names with commas or line breaks", () => {
    expect(failure(() => buildWorkflow([" ", ""])).code).toBe("INVALID_INPUT");
    const bad = failure(() => buildWorkflow(["a\nb"]));
    expect(bad.code).toBe("INVALID_INPUT");
    expect(bad.message).toContain('"a\nb"');
  });
});

describe("applyStep", () => {
  it("walks three agents through start, progress and done; the last done completes the ticket", () => {
    let steps = three();
    const started = applyStep(steps, change("research agent", "start"));
    expect(started.follow).toBe("start");
    expect(started.step).toMatchObject({ status: "in_progress", started: AT });
    expect(started.activity).toBe("workflow step 1/3 (Research Agent) started");
    steps = started.steps;
    const progressed = applyStep(
      steps,
      change("Research Agent", "progress", { percent: 40, note: "half way" }),
    );
    expect(progressed.step).toMatchObject({ progress: 40, note: "half way" });
    expect(progressed.activity).toBe("workflow step 1/3 (Research Agent) at 40%: half way");
    expect(progressed.follow).toBe("none");
    const done = applyStep(progressed.steps, change("Research Agent", "done"));
    expect(done.step).toMatchObject({ status: "completed", progress: 100, finished: AT, note: "half way" });
    expect(done.activity).toBe("workflow step 1/3 (Research Agent) done");
    expect(Object.keys(done.step)).toEqual(["agent", "status", "progress", "started", "finished", "note"]);
    expect(done.follow).toBe("none");
    steps = applyStep(done.steps, change("Engineer Agent", "start")).steps;
    steps = applyStep(steps, change("Engineer Agent", "done")).steps;
    steps = applyStep(steps, change("QA Agent", "start")).steps;
    const last = applyStep(steps, change("QA Agent", "done", { note: "all green" }));
    expect(last.follow).toBe("complete");
    expect(currentStepIndex(last.steps)).toBeUndefined();
  });

  it("names the agent whose turn it is when another agent goes out of order", () => {
    const error = failure(() => applyStep(three(), change("QA Agent", "start")));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe(
      "It is Research Agent's turn on TSK-1: step 1/3 (Research Agent) is pending, so QA Agent cannot start a step yet",
    );
    expect(error.details).toMatchObject({ expected: "Research Agent", step: 1 });
  });

  it("names the workflow's agents when the agent has no step", () => {
    const error = failure(() => applyStep(three(), change("Designer", "start")));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain("Designer has no step in TSK-1's workflow");
    expect(error.message).toContain("Research Agent, Engineer Agent, QA Agent");
  });

  it("refuses progress or done before start, a second start, and a percent out of range", () => {
    const steps = three();
    expect(failure(() => applyStep(steps, change("Research Agent", "done"))).message).toBe(
      "Cannot finish step 1/3 (Research Agent) of TSK-1: it is pending; start it first",
    );
    expect(failure(() => applyStep(steps, change("Research Agent", "progress", { percent: 5 }))).code).toBe(
      "CONFLICT",
    );
    const running = applyStep(steps, change("Research Agent", "start")).steps;
    expect(failure(() => applyStep(running, change("Research Agent", "start"))).code).toBe("CONFLICT");
    const bad = failure(() => applyStep(running, change("Research Agent", "progress", { percent: 101 })));
    expect(bad.code).toBe("INVALID_INPUT");
    expect(bad.message).toContain("got 101");
  });

  it("fails with a reason (blocking the ticket) and allows a restart of the failed step", () => {
    const running = applyStep(three(), change("Research Agent", "start")).steps;
    expect(failure(() => applyStep(running, change("Research Agent", "fail"))).code).toBe("INVALID_INPUT");
    const failed = applyStep(running, change("Research Agent", "fail", { note: "no access\nto data" }));
    expect(failed.follow).toBe("block");
    expect(failed.step).toMatchObject({ status: "failed", note: "no access to data", finished: AT });
    expect(failed.activity).toBe("workflow step 1/3 (Research Agent) failed: no access to data");
    const again = applyStep(failed.steps, change("Research Agent", "start"));
    expect(again.step).toMatchObject({ status: "in_progress", finished: undefined });
    expect(again.follow).toBe("start");
  });

  it("skips the due step; skipping the last one completes the ticket", () => {
    let steps = applyStep(three(), change("Research Agent", "skip", { note: "not needed" })).steps;
    expect(steps[0]).toMatchObject({ status: "skipped", note: "not needed" });
    expect(currentStepIndex(steps)).toBe(1);
    steps = applyStep(steps, change("Engineer Agent", "skip")).steps;
    expect(applyStep(steps, change("QA Agent", "skip")).follow).toBe("complete");
  });

  it("refuses any action on a finished workflow", () => {
    const steps: WorkflowStep[] = [{ agent: "A", status: "completed", progress: 100 }];
    expect(failure(() => applyStep(steps, change("A", "start"))).message).toContain("workflow is finished");
  });

  it("lets an agent with two steps act on the one that is due", () => {
    const steps = buildWorkflow(["Engineer", "QA", "Engineer"]);
    const first = applyStep(steps, change("Engineer", "start"));
    expect(first.index).toBe(0);
    let rest = applyStep(first.steps, change("Engineer", "done")).steps;
    rest = applyStep(applyStep(rest, change("QA", "start")).steps, change("QA", "done")).steps;
    expect(applyStep(rest, change("Engineer", "start")).index).toBe(2);
  });
});

describe("hasStarted and interruptStep", () => {
  it("tells a fresh workflow from one with recorded work", () => {
    expect(hasStarted(undefined)).toBe(false);
    expect(hasStarted(three())).toBe(false);
    expect(hasStarted(applyStep(three(), change("Research Agent", "start")).steps)).toBe(true);
  });

  it("puts a running step back to pending, keeping its progress", () => {
    const running = applyStep(three(), change("Research Agent", "start")).steps;
    const progressed = applyStep(running, change("Research Agent", "progress", { percent: 30 })).steps;
    const back = interruptStep(progressed, 0, "run interrupted");
    expect(back[0]).toMatchObject({ status: "pending", progress: 30, note: "run interrupted" });
  });
});
