import { type AgentTally, categorizer, tallyTickets } from "./analytics-tally.js";
import { timeOf } from "./analytics-time.js";
import type { Config, StatusCategory } from "./config.js";
import { PRIORITY_RANK, type TicketFacts } from "./schema.js";

/**
 * What the registry shows: counts, and the facts of only the tickets it lists by name.
 * `registryFigures` gathers them from ticket facts; the index gathers the same with SQL
 * (store/index-reports.ts), so a registry of 100k tickets does not read 100k of them.
 */
export interface RegistryFigures {
  readonly total: number;
  /** Tickets per status. */
  readonly byStatus: ReadonlyMap<string, number>;
  /** Tickets under tickets/archive/. */
  readonly archived: number;
  /** The newest readable `updated` (the greater text on a tie); undefined when none is readable. */
  readonly asOf: string | undefined;
  /** Tickets in an active or review status, in any order. */
  readonly inProgress: readonly TicketFacts[];
  /** Tickets in a blocked status, in any order. */
  readonly blocked: readonly TicketFacts[];
  /** How many tickets are to do, and the TO_DO_SHOWN most urgent of them (URGENCY order). */
  readonly toDo: number;
  readonly toDoShown: readonly TicketFacts[];
  /** The RECENTLY_COMPLETED done tickets completed last (RECENCY order). */
  readonly recentlyCompleted: readonly TicketFacts[];
  /** Tickets per status category in each sprint. */
  readonly sprints: ReadonlyMap<string, ReadonlyMap<StatusCategory, number>>;
  readonly agents: ReadonlyMap<string, AgentTally>;
}

export const RECENTLY_COMPLETED = 20;
/** The to-do list shows the most urgent tickets only, so the file stays small at 100k tickets. */
export const TO_DO_SHOWN = 50;
export const IN_PROGRESS: readonly StatusCategory[] = ["active", "review"];

/**
 * The to-do order: most urgent priority first, then the oldest (an unreadable `created` counts
 * as the epoch), then by ID. The index sorts by the same keys in SQL.
 */
export function byUrgency(a: TicketFacts, b: TicketFacts): number {
  return (
    (PRIORITY_RANK[b.priority] ?? 0) - (PRIORITY_RANK[a.priority] ?? 0) ||
    (timeOf(a.created) ?? 0) - (timeOf(b.created) ?? 0) ||
    byId(a, b)
  );
}

/** The recently-completed order: completed last first (unreadable: the epoch), then by ID. */
export function byRecency(a: TicketFacts, b: TicketFacts): number {
  return (timeOf(b.completed) ?? 0) - (timeOf(a.completed) ?? 0) || byId(a, b);
}

/** Registry figures of ticket facts: the reference the index's SQL figures must agree with. */
export function registryFigures(tickets: readonly TicketFacts[], config: Config): RegistryFigures {
  const category = categorizer(config);
  const byStatus = new Map<string, number>();
  const inProgress: TicketFacts[] = [];
  const blocked: TicketFacts[] = [];
  const toDo: TicketFacts[] = [];
  const completed: TicketFacts[] = [];
  const sprints = new Map<string, Map<StatusCategory, number>>();
  let archived = 0;
  for (const t of tickets) {
    const c = category(t.status);
    byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
    if (t.path.startsWith("tickets/archive/")) archived++;
    if (IN_PROGRESS.includes(c)) inProgress.push(t);
    else if (c === "blocked") blocked.push(t);
    else if (c === "todo") toDo.push(t);
    else if (c === "done" && t.completed) completed.push(t);
    if (t.sprint) {
      const counts = sprints.get(t.sprint) ?? new Map<StatusCategory, number>();
      counts.set(c, (counts.get(c) ?? 0) + 1);
      sprints.set(t.sprint, counts);
    }
  }
  return {
    total: tickets.length,
    byStatus,
    archived,
    asOf: newestUpdate(tickets),
    inProgress,
    blocked,
    toDo: toDo.length,
    toDoShown: toDo.sort(byUrgency).slice(0, TO_DO_SHOWN),
    recentlyCompleted: completed.sort(byRecency).slice(0, RECENTLY_COMPLETED),
    sprints,
    agents: tallyTickets(tickets, config).agents,
  };
}

function newestUpdate(tickets: readonly TicketFacts[]): string | undefined {
  let best: { at: number; text: string } | undefined;
  for (const t of tickets) {
    const at = timeOf(t.updated);
    if (at === undefined) continue;
    if (!best || at > best.at || (at === best.at && t.updated > best.text)) best = { at, text: t.updated };
  }
  return best?.text;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function byId(a: TicketFacts, b: TicketFacts): number {
  return compareText(a.id.toUpperCase(), b.id.toUpperCase()) || compareText(a.path, b.path);
}
