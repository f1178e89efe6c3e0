import { conflict, invalidInput } from "./errors.js";
import type { WorkflowStep } from "./schema.js";

/**
 * The rules of a ticket's agent workflow: an ordered list of steps, each owned by one agent and
 * done in order. Pure: the service reads the ticket, asks these rules for the new steps and
 * what the ticket's status should do, and writes both in one locked write.
 */

export const STEP_ACTIONS = ["start", "progress", "done", "fail", "skip"] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

/** What the ticket's status should do after a step change. */
export type TicketFollow = "start" | "complete" | "block" | "none";

export interface StepChange {
  readonly action: StepAction;
  readonly agent: string;
  /** The ticket's ID, for messages. */
  readonly ticket: string;
  /** ISO-8601 timestamp of the change. */
  readonly at: string;
  readonly percent?: number | undefined;
  readonly note?: string | undefined;
}

export interface StepOutcome {
  readonly steps: WorkflowStep[];
  /** Index (0-based) of the step that changed. */
  readonly index: number;
  readonly step: WorkflowStep;
  readonly follow: TicketFollow;
  /** One line for the ticket's activity log. */
  readonly activity: string;
}

export const MAX_AGENT_NAME = 100;

/** A new workflow: one pending step per agent, in order (an agent may appear more than once). */
export function buildWorkflow(agents: readonly string[]): WorkflowStep[] {
  const names = agents.map((a) => a.trim()).filter((a) => a !== "");
  if (names.length === 0) {
    throw invalidInput('A workflow needs at least one agent, e.g. --agents "Research Agent,Engineer Agent"', {
      field: "agents",
    });
  }
  const bad = names.find((n) => n.length > MAX_AGENT_NAME || /[\r\n\t,]/.test(n));
  if (bad !== undefined) {
    throw invalidInput(
      `Agent name "${bad.slice(0, 40)}" is not accepted: names are one line, without commas, up to ${MAX_AGENT_NAME} characters`,
      { field: "agents", value: bad },
    );
  }
  return names.map((agent) => ({ agent, status: "pending", progress: 0 }));
}

export const sameAgent = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

const isFinished = (step: WorkflowStep): boolean => step.status === "completed" || step.status === "skipped";

/** The step now due: the first one neither completed nor skipped; undefined when all are. */
export function currentStepIndex(steps: readonly WorkflowStep[]): number | undefined {
  const index = steps.findIndex((step) => !isFinished(step));
  return index < 0 ? undefined : index;
}

/** True once any step has left `pending`: replacing the workflow would lose recorded work. */
export function hasStarted(steps: readonly WorkflowStep[] | undefined): boolean {
  return (steps ?? []).some((step) => step.status !== "pending" || step.progress > 0);
}

export function describeStep(steps: readonly WorkflowStep[], index: number): string {
  return `step ${index + 1}/${steps.length} (${steps[index]?.agent ?? "?"})`;
}

/** Applies one agent's step action, or throws naming the step and agent that were expected. */
export function applyStep(steps: readonly WorkflowStep[], change: StepChange): StepOutcome {
  const index = dueStepOf(steps, change);
  const step = steps[index] as WorkflowStep;
  const next = canonical(nextStep(step, steps, index, change));
  const updated = steps.map((s, i) => (i === index ? next : s));
  const follow = followOf(change.action, updated);
  const given = cleanNote(change.note);
  const note = given === undefined ? "" : `: ${given}`;
  const verb = change.action === "progress" ? `at ${next.progress}%` : PAST[change.action];
  return {
    steps: updated,
    index,
    step: next,
    follow,
    activity: `workflow ${describeStep(steps, index)} ${verb}${note}`,
  };
}

const VERB: Record<StepAction, string> = {
  start: "start",
  progress: "report progress on",
  done: "finish",
  fail: "fail",
  skip: "skip",
};

const PAST: Record<StepAction, string> = {
  start: "started",
  progress: "progressed",
  done: "done",
  fail: "failed",
  skip: "skipped",
};

/** The due step, checked to belong to the agent. */
function dueStepOf(steps: readonly WorkflowStep[], change: StepChange): number {
  const agents = [...new Set(steps.map((s) => s.agent))];
  if (!steps.some((s) => sameAgent(s.agent, change.agent))) {
    throw invalidInput(
      `${change.agent} has no step in ${change.ticket}'s workflow; its agents are: ${agents.join(", ")} (act as one with --agent NAME)`,
      { agent: change.agent, accepted: agents },
    );
  }
  const index = currentStepIndex(steps);
  if (index === undefined) {
    throw conflict(`${change.ticket}'s workflow is finished: every step is completed or skipped`, {
      agent: change.agent,
    });
  }
  const due = steps[index] as WorkflowStep;
  if (!sameAgent(due.agent, change.agent)) {
    throw conflict(
      `It is ${due.agent}'s turn on ${change.ticket}: ${describeStep(steps, index)} is ${due.status}, so ${change.agent} cannot ${VERB[change.action]} a step yet`,
      { agent: change.agent, expected: due.agent, step: index + 1 },
    );
  }
  return index;
}

function nextStep(step: WorkflowStep, steps: readonly WorkflowStep[], index: number, change: StepChange) {
  const refuse = (hint: string) => {
    throw conflict(
      `Cannot ${VERB[change.action]} ${describeStep(steps, index)} of ${change.ticket}: it is ${step.status}${hint}`,
      {
        step: index + 1,
        status: step.status,
        action: change.action,
      },
    );
  };
  const note = cleanNote(change.note);
  const withNote = note === undefined ? {} : { note };
  const finish = { finished: change.at, ...withNote };
  switch (change.action) {
    case "start":
      if (step.status === "in_progress") refuse(` since ${step.started ?? "earlier"}`);
      return { ...step, status: "in_progress" as const, started: change.at, finished: undefined, note };
    case "progress":
      if (step.status !== "in_progress") refuse("; start it first");
      return { ...step, progress: checkPercent(change.percent), ...withNote };
    case "done":
      if (step.status !== "in_progress") refuse("; start it first");
      return { ...step, status: "completed" as const, progress: 100, ...finish };
    case "fail":
      if (step.status === "failed") refuse("");
      if (note === undefined)
        throw invalidInput("Failing a step needs a reason (--reason TEXT)", { field: "reason" });
      return { ...step, status: "failed" as const, ...finish };
    case "skip":
      return { ...step, status: "skipped" as const, ...finish };
  }
}

/** Known keys first, in the schema's order, so a rewritten step reads the same every time. */
function canonical(step: WorkflowStep): WorkflowStep {
  const { agent, status, progress, started, finished, note, ...rest } = step;
  return { agent, status, progress, started, finished, note, ...rest };
}

function followOf(action: StepAction, updated: readonly WorkflowStep[]): TicketFollow {
  if (action === "start") return "start";
  if (action === "fail") return "block";
  if (action === "progress") return "none";
  return currentStepIndex(updated) === undefined ? "complete" : "none";
}

export function checkPercent(percent: number | undefined): number {
  if (percent === undefined || !Number.isInteger(percent) || percent < 0 || percent > 100) {
    throw invalidInput(`Progress must be a whole number from 0 to 100; got ${String(percent)}`, {
      field: "percent",
      value: percent,
    });
  }
  return percent;
}

function cleanNote(note: string | undefined): string | undefined {
  const text = note?.replace(/\s+/g, " ").trim();
  return text === "" ? undefined : text;
}

/** A step left running by an interrupted run goes back to pending, its progress kept. */
export function interruptStep(steps: readonly WorkflowStep[], index: number, note: string): WorkflowStep[] {
  return steps.map((s, i) =>
    i === index && s.status === "in_progress" ? { ...s, status: "pending" as const, note } : s,
  );
}
