import { DAY_MS, HOUR_MS, isoWeek, timeOf, WEEK_MS } from "./analytics-time.js";
import type { Config, StatusCategory } from "./config.js";
import { STATUS_CATEGORIES } from "./config.js";
import { PRIORITIES, type TicketSummary } from "./schema.js";
import { categoryOf } from "./workflow.js";

export { DAY_MS, HOUR_MS, isoWeek, timeOf } from "./analytics-time.js";

/**
 * Project figures computed from ticket summaries alone (no bodies, no I/O): counts, completion
 * rate, weekly throughput, cycle and lead time, aging work in progress and per-agent figures.
 * `now` is passed in, so the same tickets and clock always give the same numbers.
 */

export const THROUGHPUT_WEEKS = 12;
export const OLDEST_SHOWN = 10;

/** Work that has started and not finished: these categories count as work in progress. */
export const WIP_CATEGORIES: readonly StatusCategory[] = ["active", "review", "blocked"];

/** Age buckets of work in progress, in days: [min, max). */
export const AGING_BUCKETS: readonly { label: string; minDays: number; maxDays: number | null }[] = [
  { label: "<1d", minDays: 0, maxDays: 1 },
  { label: "1-3d", minDays: 1, maxDays: 3 },
  { label: "3-7d", minDays: 3, maxDays: 7 },
  { label: "7-14d", minDays: 7, maxDays: 14 },
  { label: "14-30d", minDays: 14, maxDays: 30 },
  { label: "30d+", minDays: 30, maxDays: null },
];

/** A sample of durations: how many, the median and the 90th percentile (null when empty). */
export interface Distribution {
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
}

export interface WeekThroughput {
  /** ISO week, e.g. `2026-W05`. */
  readonly week: string;
  /** The Monday the week starts on (UTC), e.g. `2026-01-26`. */
  readonly start: string;
  readonly completed: number;
}

export interface AgingTicket {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly assignee: string | null;
  /** When the work started (`started`, or `created` when the ticket never went active). */
  readonly since: string;
  readonly ageDays: number;
  readonly path: string;
}

export interface AgingBucket {
  readonly label: string;
  readonly minDays: number;
  readonly maxDays: number | null;
  readonly count: number;
}

export interface AgentStats {
  readonly agent: string;
  /** Tickets assigned to the agent now, in any status. */
  readonly assigned: number;
  /** Of those, work in progress (active, review or blocked). */
  readonly inProgress: number;
  /** Of those, done. */
  readonly completed: number;
  readonly medianCycleHours: number | null;
}

export interface Stats {
  readonly total: number;
  readonly byStatus: Record<string, number>;
  readonly byCategory: Record<StatusCategory, number>;
  readonly byType: Record<string, number>;
  readonly byPriority: Record<string, number>;
  readonly byAssignee: Record<string, number>;
  readonly unassigned: number;
  /** done ÷ (total − cancelled), 0 to 1; null when nothing counts. */
  readonly completionRate: number | null;
  /** Oldest week first; the last entry is the current (partial) week. */
  readonly throughput: WeekThroughput[];
  readonly cycleTimeHours: Distribution;
  readonly leadTimeHours: Distribution;
  readonly aging: { readonly total: number; readonly buckets: AgingBucket[]; readonly oldest: AgingTicket[] };
  readonly agents: AgentStats[];
}

/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending `sorted` values by linear interpolation between the
 * closest ranks (Hyndman & Fan type 7 — the default of numpy, R and Excel's PERCENTILE.INC):
 * h = (n − 1)·p, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]), with x 0-based. For p = 0.5 it
 * is the usual median (the mean of the two middle values when n is even). Null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lower = Math.floor(h);
  const below = sorted[lower] ?? 0;
  const above = sorted[Math.min(lower + 1, sorted.length - 1)] ?? below;
  return below + (h - lower) * (above - below);
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const median = percentile(sorted, 0.5);
  const p90 = percentile(sorted, 0.9);
  return { count: sorted.length, median: round(median), p90: round(p90) };
}

function round(value: number | null, places = 2): number | null {
  if (value === null) return null;
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

const isDone = (config: Config, t: TicketSummary) => categoryOf(config, t.status) === "done";
const isWip = (config: Config, t: TicketSummary) => WIP_CATEGORIES.includes(categoryOf(config, t.status));

/** Hours from `started` to `completed` of a done ticket; undefined when either is missing or reversed. */
export function cycleHours(ticket: TicketSummary): number | undefined {
  return spanHours(ticket.started, ticket.completed);
}

/** Hours from `created` to `completed` of a done ticket. */
export function leadHours(ticket: TicketSummary): number | undefined {
  return spanHours(ticket.created, ticket.completed);
}

function spanHours(from: string | undefined, to: string | undefined): number | undefined {
  const start = timeOf(from);
  const end = timeOf(to);
  if (start === undefined || end === undefined || end < start) return undefined;
  return (end - start) / HOUR_MS;
}

/** Done tickets over all tickets but the cancelled ones; `rate` is null when none count. */
export function completion(
  tickets: readonly TicketSummary[],
  config: Config,
): { done: number; counted: number; rate: number | null } {
  const done = tickets.filter((t) => isDone(config, t)).length;
  const counted = tickets.filter((t) => categoryOf(config, t.status) !== "cancelled").length;
  return { done, counted, rate: counted > 0 ? round(done / counted, 4) : null };
}

export function computeStats(tickets: readonly TicketSummary[], config: Config, now: Date): Stats {
  const done = tickets.filter((t) => isDone(config, t));
  const byCategory = countBy(tickets, (t) => categoryOf(config, t.status), STATUS_CATEGORIES);
  return {
    total: tickets.length,
    byStatus: countBy(tickets, (t) => t.status, Object.keys(config.statuses)),
    byCategory,
    byType: countBy(tickets, (t) => t.type, Object.keys(config.types)),
    byPriority: countBy(tickets, (t) => t.priority, PRIORITIES),
    byAssignee: byCount(
      countBy(
        tickets.filter((t) => t.assignee),
        (t) => t.assignee ?? "",
        [],
      ),
    ),
    unassigned: tickets.filter((t) => !t.assignee).length,
    completionRate: completion(tickets, config).rate,
    throughput: throughput(done, now),
    cycleTimeHours: distribution(defined(done.map(cycleHours))),
    leadTimeHours: distribution(defined(done.map(leadHours))),
    aging: aging(
      tickets.filter((t) => isWip(config, t)),
      now,
    ),
    agents: agentStats(tickets, config),
  };
}

/** Counts per key: the `known` keys first, in their order and even at zero, then others A to Z. */
function countBy<K extends string>(
  tickets: readonly TicketSummary[],
  keyOf: (t: TicketSummary) => K,
  known: readonly K[],
): Record<K, number> {
  const counts = new Map<K, number>(known.map((k) => [k, 0]));
  for (const ticket of tickets) {
    const key = keyOf(ticket);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const extra = [...counts.keys()].filter((k) => !known.includes(k)).sort();
  return Object.fromEntries([...known, ...extra].map((k) => [k, counts.get(k) ?? 0])) as Record<K, number>;
}

/** Most first, ties A to Z. */
function byCount(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

function defined(values: readonly (number | undefined)[]): number[] {
  return values.filter((v): v is number => v !== undefined);
}

/** Completed tickets per ISO week over the last THROUGHPUT_WEEKS weeks, the current one included. */
function throughput(done: readonly TicketSummary[], now: Date): WeekThroughput[] {
  const current = isoWeek(now.getTime()).startMs;
  const starts = Array.from(
    { length: THROUGHPUT_WEEKS },
    (_, i) => current - (THROUGHPUT_WEEKS - 1 - i) * WEEK_MS,
  );
  const counts = new Map(starts.map((s) => [s, 0]));
  for (const ticket of done) {
    const at = timeOf(ticket.completed);
    if (at === undefined) continue;
    const start = isoWeek(at).startMs;
    const count = counts.get(start);
    if (count !== undefined) counts.set(start, count + 1);
  }
  return starts.map((start) => ({
    week: isoWeek(start).week,
    start: new Date(start).toISOString().slice(0, 10),
    completed: counts.get(start) ?? 0,
  }));
}

function aging(wip: readonly TicketSummary[], now: Date): Stats["aging"] {
  const aged = wip.flatMap((t): AgingTicket[] => {
    const since = t.started ?? t.created;
    const at = timeOf(since);
    if (at === undefined) return [];
    const ageDays = Math.max(0, (now.getTime() - at) / DAY_MS);
    const { id, title, status, path } = t;
    return [{ id, title, status, assignee: t.assignee ?? null, since, ageDays: round(ageDays) ?? 0, path }];
  });
  const buckets = AGING_BUCKETS.map((bucket) => ({
    ...bucket,
    count: aged.filter(
      (t) => t.ageDays >= bucket.minDays && (bucket.maxDays === null || t.ageDays < bucket.maxDays),
    ).length,
  }));
  const oldest = [...aged]
    .sort((a, b) => b.ageDays - a.ageDays || a.id.localeCompare(b.id))
    .slice(0, OLDEST_SHOWN);
  return { total: aged.length, buckets, oldest };
}

/** Figures per assignee, A to Z. */
export function agentStats(tickets: readonly TicketSummary[], config: Config): AgentStats[] {
  const byAgent = new Map<string, TicketSummary[]>();
  for (const ticket of tickets) {
    if (!ticket.assignee) continue;
    const own = byAgent.get(ticket.assignee);
    if (own) own.push(ticket);
    else byAgent.set(ticket.assignee, [ticket]);
  }
  return [...byAgent.keys()].sort().map((agent) => {
    const own = byAgent.get(agent) ?? [];
    const done = own.filter((t) => isDone(config, t));
    return {
      agent,
      assigned: own.length,
      inProgress: own.filter((t) => isWip(config, t)).length,
      completed: done.length,
      medianCycleHours: distribution(defined(done.map(cycleHours))).median,
    };
  });
}
