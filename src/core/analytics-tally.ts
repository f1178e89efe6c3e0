import { HOUR_MS, timeOf } from "./analytics-time.js";
import { type Config, STATUS_CATEGORIES, type StatusCategory } from "./config.js";
import type { TicketFacts } from "./schema.js";
import { categoryOf } from "./workflow.js";

/**
 * What the reports are computed from, gathered in one pass over ticket facts: counts per field
 * and the few facts of single tickets that durations, aging and agents need. This is the
 * reference the index's SQL aggregates (store/index-reports.ts) must agree with.
 */

/** Work that has started and not finished: these categories count as work in progress. */
export const WIP_CATEGORIES: readonly StatusCategory[] = ["active", "review", "blocked"];

/** categoryOf for many tickets at once: each status is looked up in the config once. */
export function categorizer(config: Config): (status: string) => StatusCategory {
  const known = new Map<string, StatusCategory>();
  return (status) => {
    let category = known.get(status);
    if (category === undefined) {
      category = categoryOf(config, status);
      known.set(status, category);
    }
    return category;
  };
}

/** Hours between two instants (ms), undefined when either is unknown or they are reversed. */
export function spanHours(start: number | undefined, end: number | undefined): number | undefined {
  if (start === undefined || end === undefined || end < start) return undefined;
  return (end - start) / HOUR_MS;
}

/** Tickets per status category, every category present, from tickets per status. */
export function categoryTotals(
  byStatus: ReadonlyMap<string, number>,
  config: Config,
): Record<StatusCategory, number> {
  const category = categorizer(config);
  const totals = Object.fromEntries(STATUS_CATEGORIES.map((c) => [c, 0])) as Record<StatusCategory, number>;
  for (const [status, n] of byStatus) totals[category(status)] += n;
  return totals;
}

/** What an agent's figures are made of: its counts and the cycle hours of its done tickets. */
export interface AgentTally {
  assigned: number;
  inProgress: number;
  completed: number;
  readonly cycles: number[];
}

/**
 * What the project figures are computed from: counts per field and the few facts of single
 * tickets the durations and aging need. `tallyTickets` gathers it from ticket facts; the index
 * gathers the same with SQL aggregates (store/index-reports.ts), reading far fewer values.
 */
export interface StatsTally {
  readonly total: number;
  readonly byStatus: ReadonlyMap<string, number>;
  readonly byType: ReadonlyMap<string, number>;
  readonly byPriority: ReadonlyMap<string, number>;
  /** Tickets per non-empty assignee. */
  readonly byAssignee: ReadonlyMap<string, number>;
  /** Of the done tickets: when each was completed (the readable ones), its cycle and lead hours. */
  readonly completedAt: readonly number[];
  readonly cycleHours: readonly number[];
  readonly leadHours: readonly number[];
  /** The work in progress itself (active, review and blocked tickets). */
  readonly wip: readonly TicketFacts[];
  readonly agents: ReadonlyMap<string, AgentTally>;
}

/** The tally of tickets in one pass: the reference the index's SQL tally must agree with. */
export function tallyTickets(tickets: readonly TicketFacts[], config: Config): StatsTally {
  const category = categorizer(config);
  const byStatus = new Map<string, number>();
  const byType = new Map<string, number>();
  const byPriority = new Map<string, number>();
  const byAssignee = new Map<string, number>();
  const completedAt: number[] = [];
  const cycles: number[] = [];
  const leads: number[] = [];
  const wip: TicketFacts[] = [];
  const agents = new Map<string, AgentTally>();
  for (const ticket of tickets) {
    const c = category(ticket.status);
    increment(byStatus, ticket.status);
    increment(byType, ticket.type);
    increment(byPriority, ticket.priority);
    const agent = ticket.assignee ? tallyOf(agents, ticket.assignee) : undefined;
    if (ticket.assignee) increment(byAssignee, ticket.assignee);
    if (agent) agent.assigned++;
    if (c === "done") {
      const end = timeOf(ticket.completed);
      if (end !== undefined) completedAt.push(end);
      const cycle = spanHours(timeOf(ticket.started), end);
      const lead = spanHours(timeOf(ticket.created), end);
      if (cycle !== undefined) cycles.push(cycle);
      if (lead !== undefined) leads.push(lead);
      if (agent) {
        agent.completed++;
        if (cycle !== undefined) agent.cycles.push(cycle);
      }
    } else if (WIP_CATEGORIES.includes(c)) {
      wip.push(ticket);
      if (agent) agent.inProgress++;
    }
  }
  return {
    total: tickets.length,
    byStatus,
    byType,
    byPriority,
    byAssignee,
    completedAt,
    cycleHours: cycles,
    leadHours: leads,
    wip,
    agents,
  };
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** The agent's tally in `agents`, added at zero when new. */
export function tallyOf(agents: Map<string, AgentTally>, agent: string): AgentTally {
  let tally = agents.get(agent);
  if (!tally) {
    tally = { assigned: 0, inProgress: 0, completed: 0, cycles: [] };
    agents.set(agent, tally);
  }
  return tally;
}
