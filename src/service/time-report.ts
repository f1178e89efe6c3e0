import { toMinutes } from "../core/duration.js";
import { idKey } from "../core/ids.js";
import type { TicketSummary, Timer } from "../core/schema.js";
import type { Project } from "./project.js";

/**
 * Estimate against time spent, per ticket and summed per epic (the nearest epic up the parent
 * tree, the ticket itself if it is one) and per sprint, over the tickets a query selected.
 */

export interface TimeRow {
  readonly id: string;
  readonly title: string;
  readonly type: string;
  readonly status: string;
  readonly sprint?: string | undefined;
  readonly epic?: string | undefined;
  readonly estimateMinutes?: number | undefined;
  readonly spentMinutes: number;
  /** Estimate minus spent; negative when over. Absent without an estimate. */
  readonly remainingMinutes?: number | undefined;
  readonly timer?: Timer | undefined;
}

export interface TimeTotals {
  /** Epic ID, sprint name, or `(none)`. */
  readonly key: string;
  readonly title?: string | undefined;
  readonly tickets: number;
  /** Tickets counted without an estimate. */
  readonly unestimated: number;
  readonly estimateMinutes: number;
  readonly spentMinutes: number;
  /** Over the estimated tickets only: their estimates minus their time spent; absent when none is. */
  readonly remainingMinutes?: number | undefined;
}

export interface TimeReport {
  readonly tickets: TimeRow[];
  readonly epics: TimeTotals[];
  readonly sprints: TimeTotals[];
  readonly total: TimeTotals;
}

export const NONE = "(none)";

/** The report over `selected`, walking the parent tree through every ticket of the project. */
export function timeReport(project: Project, selected: readonly TicketSummary[]): TimeReport {
  return buildTimeReport(selected, project.index.allSummaries());
}

/** `selected` are the tickets reported on; `all` lets the parent tree be walked beyond them. */
export function buildTimeReport(
  selected: readonly TicketSummary[],
  all: readonly TicketSummary[],
): TimeReport {
  const byKey = new Map(all.map((t) => [idKey(t.id), t]));
  const rows = selected.map((t): TimeRow => {
    const estimate = toMinutes(t.estimate);
    const spent = toMinutes(t.time_spent) ?? 0;
    return {
      id: t.id,
      title: t.title,
      type: t.type,
      status: t.status,
      sprint: t.sprint,
      epic: epicOf(t, byKey),
      estimateMinutes: estimate,
      spentMinutes: spent,
      remainingMinutes: estimate === undefined ? undefined : estimate - spent,
      timer: t.timer,
    };
  });
  const epics = groupBy(rows, (r) => r.epic ?? NONE).map((g) => ({
    ...g,
    title: byKey.get(idKey(g.key))?.title,
  }));
  return {
    tickets: rows,
    epics,
    sprints: groupBy(rows, (r) => r.sprint ?? NONE),
    total: totals("total", rows),
  };
}

function epicOf(ticket: TicketSummary, byKey: ReadonlyMap<string, TicketSummary>): string | undefined {
  const seen = new Set<string>();
  for (let at: TicketSummary | undefined = ticket; at && !seen.has(idKey(at.id)); ) {
    if (at.type === "epic") return at.id;
    seen.add(idKey(at.id));
    at = at.parent ? byKey.get(idKey(at.parent)) : undefined;
  }
  return undefined;
}

function groupBy(rows: readonly TimeRow[], keyOf: (row: TimeRow) => string): TimeTotals[] {
  const groups = new Map<string, TimeRow[]>();
  for (const row of rows) groups.set(keyOf(row), [...(groups.get(keyOf(row)) ?? []), row]);
  return [...groups]
    .map(([key, members]) => totals(key, members))
    .sort((a, b) => (a.key === NONE ? 1 : b.key === NONE ? -1 : a.key.localeCompare(b.key)));
}

function totals(key: string, rows: readonly TimeRow[]): TimeTotals {
  const estimate = rows.reduce((n, r) => n + (r.estimateMinutes ?? 0), 0);
  const spent = rows.reduce((n, r) => n + r.spentMinutes, 0);
  const estimated = rows.filter((r) => r.remainingMinutes !== undefined);
  return {
    key,
    tickets: rows.length,
    unestimated: rows.filter((r) => r.estimateMinutes === undefined).length,
    estimateMinutes: estimate,
    spentMinutes: spent,
    remainingMinutes:
      estimated.length === 0 ? undefined : estimated.reduce((n, r) => n + (r.remainingMinutes ?? 0), 0),
  };
}
