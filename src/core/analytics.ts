import { type AgentTally, categoryTotals, type StatsTally, tallyTickets } from "./analytics-tally.js";
import { DAY_MS, isoWeek, timeOf, WEEK_MS } from "./analytics-time.js";
import type { Config, StatusCategory } from "./config.js";
import { PRIORITIES, type TicketFacts } from "./schema.js";

export { WIP_CATEGORIES } from "./analytics-tally.js";
export { DAY_MS, HOUR_MS, isoWeek, timeOf } from "./analytics-time.js";

/**
 * Project figures computed from ticket summaries alone (no bodies, no I/O): counts, completion
 * rate, weekly throughput, cycle and lead time, aging work in progress and per-agent figures.
 * `now` is passed in, so the same tickets and clock always give the same numbers.
 */

export const THROUGHPUT_WEEKS = 12;
export const OLDEST_SHOWN = 10;

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
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lower = Math.floor(h);
  const below = sorted[lower] ?? 0;
  const above = sorted[Math.min(lower + 1, sorted.length - 1)] ?? below;
  return below + (h - lower) * (above - below);
}

export function distribution(values: readonly number[]): Distribution {
  // A typed array sorts numbers natively, without a comparator call per pair.
  const sorted = Float64Array.from(values).sort();
  const median = percentile(sorted, 0.5);
  const p90 = percentile(sorted, 0.9);
  return { count: sorted.length, median: round(median), p90: round(p90) };
}

function round(value: number | null, places = 2): number | null {
  if (value === null) return null;
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** Done tickets over all tickets but the cancelled ones; `rate` is null when none count. */
export function completionOf(
  done: number,
  counted: number,
): { done: number; counted: number; rate: number | null } {
  return { done, counted, rate: counted > 0 ? round(done / counted, 4) : null };
}

export function computeStats(tickets: readonly TicketFacts[], config: Config, now: Date): Stats {
  return statsOf(tallyTickets(tickets, config), config, now);
}

/** The project figures of a tally. */
export function statsOf(tally: StatsTally, config: Config, now: Date): Stats {
  const categories = categoryTotals(tally.byStatus, config);
  const assigned = [...tally.byAssignee.values()].reduce((sum, n) => sum + n, 0);
  return {
    total: tally.total,
    byStatus: ordered(tally.byStatus, Object.keys(config.statuses)),
    byCategory: categories,
    byType: ordered(tally.byType, Object.keys(config.types)),
    byPriority: ordered(tally.byPriority, PRIORITIES),
    byAssignee: byCount(ordered(tally.byAssignee, [])),
    unassigned: tally.total - assigned,
    completionRate: completionOf(categories.done, tally.total - categories.cancelled).rate,
    throughput: throughput(tally.completedAt, now),
    cycleTimeHours: distribution(tally.cycleHours),
    leadTimeHours: distribution(tally.leadHours),
    aging: aging(tally.wip, now),
    agents: agentStatsOf(tally.agents),
  };
}

/** Counts per key: the `known` keys first, in their order and even at zero, then others A to Z. */
function ordered<K extends string>(
  counts: ReadonlyMap<string, number>,
  known: readonly K[],
): Record<K, number> {
  const extra = [...counts.keys()].filter((k) => !(known as readonly string[]).includes(k)).sort();
  return Object.fromEntries([...known, ...extra].map((k) => [k, counts.get(k) ?? 0])) as Record<K, number>;
}

/** Most first, ties A to Z. */
function byCount(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)));
}

/** Completed tickets per ISO week over the last THROUGHPUT_WEEKS weeks, the current one included. */
function throughput(completedAt: readonly number[], now: Date): WeekThroughput[] {
  const current = isoWeek(now.getTime()).startMs;
  const first = current - (THROUGHPUT_WEEKS - 1) * WEEK_MS;
  const counts = new Array<number>(THROUGHPUT_WEEKS).fill(0);
  for (const at of completedAt) {
    if (at < first || at >= current + WEEK_MS) continue;
    // Weeks are whole UTC weeks from a Monday, so the offset in weeks is the week's slot.
    const slot = Math.floor((at - first) / WEEK_MS);
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return counts.map((completed, i) => {
    const start = first + i * WEEK_MS;
    return { week: isoWeek(start).week, start: new Date(start).toISOString().slice(0, 10), completed };
  });
}

function aging(wip: readonly TicketFacts[], now: Date): Stats["aging"] {
  const aged = wip.flatMap((t): AgingTicket[] => {
    const since = t.started ?? t.created;
    const at = timeOf(since);
    if (at === undefined) return [];
    const ageDays = Math.max(0, (now.getTime() - at) / DAY_MS);
    const { id, title, status, path } = t;
    return [{ id, title, status, assignee: t.assignee ?? null, since, ageDays: round(ageDays) ?? 0, path }];
  });
  const buckets = AGING_BUCKETS.map((bucket) => ({ ...bucket, count: 0 }));
  for (const t of aged) {
    const bucket = buckets.find(
      (b) => t.ageDays >= b.minDays && (b.maxDays === null || t.ageDays < b.maxDays),
    );
    if (bucket) bucket.count++;
  }
  const oldest = aged
    .sort((a, b) => b.ageDays - a.ageDays || a.id.localeCompare(b.id))
    .slice(0, OLDEST_SHOWN);
  return { total: aged.length, buckets, oldest };
}

/** Figures per agent of their tallies, A to Z. */
export function agentStatsOf(agents: ReadonlyMap<string, AgentTally>): AgentStats[] {
  return [...agents.keys()].sort().map((agent) => {
    const tally = agents.get(agent) ?? { assigned: 0, inProgress: 0, completed: 0, cycles: [] };
    return {
      agent,
      assigned: tally.assigned,
      inProgress: tally.inProgress,
      completed: tally.completed,
      medianCycleHours: distribution(tally.cycles).median,
    };
  });
}
