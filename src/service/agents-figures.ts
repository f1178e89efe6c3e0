import type { Claim, Run, WorkflowStep } from "../core/schema.js";

/**
 * Per-agent figures from what the tickets record: claims, assignees, workflow steps and runs.
 * Pure: the caller reads the tickets (one index query) and passes the clock and the lease.
 */

export type AgentState = "active" | "idle" | "stale";

/** The parts of a ticket the figures look at. */
export interface AgentTicket {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  /** Done or cancelled: claims and steps on it are not current work. */
  readonly closed: boolean;
  readonly assignee?: string | undefined;
  readonly claim?: Claim | undefined;
  readonly workflow?: readonly WorkflowStep[] | undefined;
  readonly runs?: readonly Run[] | undefined;
}

export interface CurrentWork {
  readonly id: string;
  readonly title: string;
  readonly via: "claim" | "step";
  /** The step's number (1-based) when `via` is step. */
  readonly step: number | null;
}

export interface AgentSummary {
  readonly name: string;
  readonly state: AgentState;
  readonly current: CurrentWork | null;
  /** Tickets with the agent's live claim or running step. */
  readonly working_on: string[];
  /** When the agent last renewed a claim it still holds (lease end minus the lease). */
  readonly last_heartbeat: string | null;
  /** The latest of heartbeats, claims, step starts and ends, and run ends. */
  readonly last_activity: string | null;
  readonly assigned: number;
  readonly runs: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly interrupted: number;
  /** Succeeded runs over all runs, 0 to 1; null without runs. */
  readonly success_rate: number | null;
  readonly mean_duration_ms: number | null;
}

interface Gathered {
  name: string;
  assigned: number;
  liveClaims: { ticket: AgentTicket; at: number }[];
  expiredClaims: { ticket: AgentTicket; at: number }[];
  runningSteps: { ticket: AgentTicket; step: number; at: number }[];
  runs: Run[];
  heartbeat: number;
  activity: number;
}

export const agentKey = (name: string): string => name.trim().toLowerCase();

const time = (iso: string | undefined): number => {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
};

const iso = (ms: number): string | null =>
  Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.000Z$/, "Z") : null;

/** Every agent the tickets mention, with its state and figures; working agents first. */
export function computeAgents(
  tickets: readonly AgentTicket[],
  nowIso: string,
  leaseMs: number,
): AgentSummary[] {
  const now = time(nowIso);
  const agents = new Map<string, Gathered>();
  const agent = (name: string): Gathered => {
    const key = agentKey(name);
    let found = agents.get(key);
    if (!found) {
      found = {
        name: name.trim(),
        assigned: 0,
        liveClaims: [],
        expiredClaims: [],
        runningSteps: [],
        runs: [],
        heartbeat: Number.NEGATIVE_INFINITY,
        activity: Number.NEGATIVE_INFINITY,
      };
      agents.set(key, found);
    }
    return found;
  };
  const touch = (a: Gathered, at: number) => {
    a.activity = Math.max(a.activity, at);
  };
  for (const ticket of tickets) gather(ticket, agent, touch, now, leaseMs);
  const order: Record<AgentState, number> = { active: 0, stale: 1, idle: 2 };
  return [...agents.values()]
    .map((a) => summarize(a, now, leaseMs))
    .sort(
      (x, y) =>
        order[x.state] - order[y.state] ||
        time(y.last_activity ?? undefined) - time(x.last_activity ?? undefined) ||
        x.name.localeCompare(y.name),
    );
}

function gather(
  ticket: AgentTicket,
  agent: (name: string) => Gathered,
  touch: (a: Gathered, at: number) => void,
  now: number,
  leaseMs: number,
): void {
  if (ticket.assignee) agent(ticket.assignee).assigned += 1;
  const claim = ticket.claim;
  if (claim) {
    const holder = agent(claim.agent);
    const renewed = time(claim.expires) - leaseMs;
    const at = Math.max(time(claim.since), renewed);
    touch(holder, at);
    if (!ticket.closed) {
      if (time(claim.expires) > now) {
        holder.liveClaims.push({ ticket, at });
        holder.heartbeat = Math.max(holder.heartbeat, at);
      } else holder.expiredClaims.push({ ticket, at });
    }
  }
  for (const [index, step] of (ticket.workflow ?? []).entries()) {
    const owner = agent(step.agent);
    touch(owner, Math.max(time(step.started), time(step.finished)));
    if (step.status === "in_progress" && !ticket.closed) {
      owner.runningSteps.push({ ticket, step: index + 1, at: time(step.started) });
    }
  }
  for (const run of ticket.runs ?? []) {
    const runner = agent(run.agent);
    runner.runs.push(run);
    touch(runner, time(run.finished));
  }
}

function summarize(a: Gathered, now: number, leaseMs: number): AgentSummary {
  const recent = now - a.activity <= leaseMs;
  const working = a.liveClaims.length > 0 || (a.runningSteps.length > 0 && recent);
  const state: AgentState = working
    ? "active"
    : a.expiredClaims.length > 0 || a.runningSteps.length > 0
      ? "stale"
      : "idle";
  const latest = <T extends { at: number }>(items: T[]): T | undefined =>
    items.reduce<T | undefined>(
      (best, item) => (best === undefined || item.at > best.at ? item : best),
      undefined,
    );
  const claim =
    latest(a.liveClaims) ??
    (state === "stale" && a.runningSteps.length === 0 ? latest(a.expiredClaims) : undefined);
  const step = claim ? undefined : latest(a.runningSteps);
  const current: CurrentWork | null = claim
    ? { id: claim.ticket.id, title: claim.ticket.title, via: "claim", step: null }
    : step
      ? { id: step.ticket.id, title: step.ticket.title, via: "step", step: step.step }
      : null;
  const succeeded = a.runs.filter((r) => r.outcome === "succeeded").length;
  const total = a.runs.reduce((sum, r) => sum + r.duration_ms, 0);
  return {
    name: a.name,
    state,
    current,
    working_on: [...new Set([...a.liveClaims, ...a.runningSteps].map((w) => w.ticket.id))],
    last_heartbeat: iso(a.heartbeat),
    last_activity: iso(a.activity),
    assigned: a.assigned,
    runs: a.runs.length,
    succeeded,
    failed: a.runs.filter((r) => r.outcome === "failed").length,
    interrupted: a.runs.filter((r) => r.outcome === "interrupted").length,
    success_rate: a.runs.length === 0 ? null : succeeded / a.runs.length,
    mean_duration_ms: a.runs.length === 0 ? null : Math.round(total / a.runs.length),
  };
}
