import type { TicketSummary } from "../api/types.js";

/**
 * A sprint's burndown from its tickets alone: for each day from start to end (YYYY-MM-DD, UTC),
 * how many tickets were still open at the end of that day. A ticket counts as closed from its
 * `completed` time (cancelled tickets are left out altogether); days after `today` have no value.
 */

export interface BurndownDay {
  readonly day: string;
  readonly remaining: number | undefined;
}

export function burndown(
  tickets: readonly Pick<TicketSummary, "completed" | "status">[],
  start: string,
  end: string,
  today: string,
  isCancelled: (status: string) => boolean,
): { total: number; days: BurndownDay[] } {
  const counted = tickets.filter((t) => !isCancelled(t.status));
  const days: BurndownDay[] = [];
  for (let day = start; day <= end && days.length < 366; day = nextDay(day)) {
    const endOfDay = `${day}T23:59:59Z`;
    const remaining = counted.filter((t) => !t.completed || t.completed > endOfDay).length;
    days.push({ day, remaining: day <= today ? remaining : undefined });
  }
  return { total: counted.length, days };
}

export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Cycle time (started → completed) of done tickets, counted into readable buckets. */
export const CYCLE_BUCKETS: readonly [label: string, maxHours: number][] = [
  ["<4h", 4],
  ["4–24h", 24],
  ["1–3d", 72],
  ["3–7d", 168],
  ["1–2w", 336],
  ["2w+", Number.POSITIVE_INFINITY],
];

export function cycleHistogram(tickets: readonly Pick<TicketSummary, "started" | "completed">[]): number[] {
  const counts = CYCLE_BUCKETS.map(() => 0);
  for (const t of tickets) {
    if (!t.started || !t.completed) continue;
    const hours = (Date.parse(t.completed) - Date.parse(t.started)) / 3_600_000;
    if (!(hours >= 0)) continue;
    const bucket = CYCLE_BUCKETS.findIndex(([, max]) => hours < max);
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return counts;
}
