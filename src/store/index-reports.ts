import {
  type AgentTally,
  type StatsTally,
  spanHours,
  tallyOf,
  WIP_CATEGORIES,
} from "../core/analytics-tally.js";
import type { StatusCategory } from "../core/config.js";
import {
  IN_PROGRESS,
  RECENTLY_COMPLETED,
  type RegistryFigures,
  TO_DO_SHOWN,
} from "../core/registry-figures.js";
import type { Priority, TicketFacts } from "../core/schema.js";
import type { KeptReader } from "./category-memo.js";
import { ARCHIVED } from "./index-query-terms.js";
import { FACT_COLUMNS } from "./index-schema.js";
import type { TicketIndex } from "./ticket-index.js";

/**
 * The reports' figures read with SQL aggregates: counts are made in SQLite, and JavaScript
 * receives the facts of only the tickets a report names, or numbers. Materialising every
 * ticket as objects was most of the cost of a report at 10k tickets (and grows with them).
 *
 * Each function computes what its reference in core computes from ticket facts
 * (`tallyTickets`, `registryFigures`); the tests hold them to it. Times are the `<date>_at`
 * columns, the instants core's `timeOf` read when the row was written, so SQL orders by the same
 * instants JavaScript would (timestamps are kept as written; their text order is not their time
 * order).
 */

/** A filter over `tickets t`, as CompiledQuery.filter gives it. */
export interface TicketFilter {
  readonly from: string;
  readonly where: string;
  readonly params: readonly unknown[];
}

const ALL: TicketFilter = { from: "FROM tickets t", where: "1", params: [] };
const WIP = `t.category IN (${WIP_CATEGORIES.map((c) => `'${c}'`).join(", ")})`;
const ASSIGNED = "t.assignee IS NOT NULL AND t.assignee <> ''";

/** The stats tally (see core `StatsTally`) of the tickets `filter` selects. */
export function statsTally(index: TicketIndex, filter: TicketFilter): StatsTally {
  const count = (column: string) => counts(index, filter, column);
  const byStatus = count("t.status");
  const completedAt: number[] = [];
  const cycleHours: number[] = [];
  const leadHours: number[] = [];
  const agents = agentCounts(index, filter);
  const done = select<[string | null, number | null, number | null, number | null]>(
    index,
    filter,
    "t.assignee, t.created_at, t.started_at, t.completed_at",
    "t.category = 'done'",
  );
  for (const [assignee, created, started, completed] of done) {
    const end = completed ?? undefined;
    if (end !== undefined) completedAt.push(end);
    const cycle = spanHours(started ?? undefined, end);
    const lead = spanHours(created ?? undefined, end);
    if (cycle !== undefined) cycleHours.push(cycle);
    if (lead !== undefined) leadHours.push(lead);
    if (assignee && cycle !== undefined) agents.get(assignee)?.cycles.push(cycle);
  }
  return {
    total: [...byStatus.values()].reduce((sum, n) => sum + n, 0),
    byStatus,
    byType: count("t.type"),
    byPriority: count("t.priority"),
    byAssignee: new Map([...agents].map(([agent, tally]) => [agent, tally.assigned])),
    completedAt,
    cycleHours,
    leadHours,
    wip: facts(
      index,
      `SELECT ${FACT_COLUMNS} ${filter.from} WHERE (${filter.where}) AND ${WIP}`,
      filter.params,
    ),
    agents,
  };
}

/**
 * The registry's figures (see core `RegistryFigures`) of every ticket, read in one transaction.
 * The lists of a category and the done tickets' cycle times are kept between calls until a ticket
 * of their categories is written (CategoryMemo): in a server, a write re-reads only what it can
 * have changed. The counts are read each time.
 */
export function registryFigures(index: TicketIndex): RegistryFigures {
  return index.db.transaction(() => figuresThrough(index, index.memo.reader()))();
}

function figuresThrough(index: TicketIndex, kept: KeptReader): RegistryFigures {
  const byStatus = new Map<string, number>();
  for (const [status, , n] of keptCounts(index, "status"))
    byStatus.set(status, (byStatus.get(status) ?? 0) + n);
  const listed = (where: string, rest = "") =>
    facts(index, `SELECT ${FACT_COLUMNS} FROM tickets t WHERE ${where} ${rest}`, []);
  const single = (sql: string) => index.db.prepare(sql).pluck().get() as unknown;
  const agents = agentTallies(keptCounts(index, "assignee"));
  for (const [assignee, cycle] of kept("cycles", ["done"], () => assignedCycles(index))) {
    agents.get(assignee)?.cycles.push(cycle);
  }
  const sprints = new Map<string, Map<StatusCategory, number>>();
  for (const [sprint, category, n] of keptCounts(index, "sprint")) {
    const counts = sprints.get(sprint) ?? new Map<StatusCategory, number>();
    counts.set(category, n);
    sprints.set(sprint, counts);
  }
  // The newest update (the greater text on a tie), in two index lookups.
  const asOf = single(
    `SELECT max(t.updated) FROM tickets t WHERE t.updated_at = (SELECT max(u.updated_at) FROM tickets u)`,
  );
  return {
    total: [...byStatus.values()].reduce((sum, n) => sum + n, 0),
    byStatus,
    archived: Number(single(`SELECT count(*) FROM tickets t WHERE ${ARCHIVED}`)),
    asOf: typeof asOf === "string" ? asOf : undefined,
    inProgress: kept("inProgress", IN_PROGRESS, () => listed("t.category IN ('active', 'review')")),
    blocked: kept("blocked", ["blocked"], () => listed("t.category = 'blocked'")),
    toDo: Number(single("SELECT count(*) FROM tickets t WHERE t.category = 'todo'")),
    // The orders of core's byUrgency and byRecency.
    toDoShown: kept("toDoShown", ["todo"], () =>
      listed(
        "t.category = 'todo'",
        `ORDER BY t.priority_rank DESC, coalesce(t.created_at, 0), t.id_key, t.path LIMIT ${TO_DO_SHOWN}`,
      ),
    ),
    recentlyCompleted: kept("recentlyCompleted", ["done"], () =>
      listed(
        "t.category = 'done' AND t.completed IS NOT NULL AND t.completed <> ''",
        `ORDER BY coalesce(t.completed_at, 0) DESC, t.id_key, t.path LIMIT ${RECENTLY_COMPLETED}`,
      ),
    ),
    sprints,
    agents,
  };
}

/** The cycle time of every done ticket with an assignee (and readable times), in hours. */
function assignedCycles(index: TicketIndex): [assignee: string, hours: number][] {
  const rows = select<[string, number | null, number | null]>(
    index,
    ALL,
    "t.assignee, t.started_at, t.completed_at",
    `t.category = 'done' AND ${ASSIGNED}`,
  );
  return rows.flatMap(([assignee, started, completed]) => {
    const cycle = spanHours(started ?? undefined, completed ?? undefined);
    return cycle === undefined ? [] : [[assignee, cycle]];
  });
}

/** Why each blocked ticket is blocked, by ID (core's blockedReason, which the index keeps per row). */
export function blockedReasons(index: TicketIndex): ReadonlyMap<string, string> {
  return index.db.transaction(() =>
    index.memo.reader()("blockedReasons", ["blocked"], () => {
      const rows = select<[string, string]>(
        index,
        ALL,
        "t.id, t.blocked_reason",
        "t.category = 'blocked' AND t.blocked_reason IS NOT NULL",
        "ORDER BY t.id_key, t.path",
      );
      return new Map(rows);
    }),
  )();
}

/** Tickets per value of `column` (NULLs left out). */
function counts(index: TicketIndex, filter: TicketFilter, column: string): Map<string, number> {
  const rows = select<[string | null, number]>(
    index,
    filter,
    `${column}, count(*)`,
    "1",
    `GROUP BY ${column}`,
  );
  const result = new Map<string, number>();
  for (const [value, n] of rows) if (value !== null) result.set(value, n);
  return result;
}

/** Each assignee's tally, counted by status category; their cycle hours are left to the caller. */
function agentCounts(index: TicketIndex, filter: TicketFilter): Map<string, AgentTally> {
  const rows = select<CountRow>(
    index,
    filter,
    "t.assignee, t.category, count(*)",
    ASSIGNED,
    "GROUP BY t.assignee, t.category",
  );
  return agentTallies(rows);
}

/** Tickets per value and category: an assignee's, a sprint's, a status's. */
type CountRow = [value: string, category: StatusCategory, n: number];

function agentTallies(rows: readonly CountRow[]): Map<string, AgentTally> {
  const agents = new Map<string, AgentTally>();
  for (const [assignee, category, n] of rows) {
    const tally = tallyOf(agents, assignee);
    tally.assigned += n;
    if (category === "done") tally.completed += n;
    else if (WIP_CATEGORIES.includes(category)) tally.inProgress += n;
  }
  return agents;
}

/** The counts of every ticket the index keeps as it writes rows (ticket-counts.ts), zeros left out. */
function keptCounts(index: TicketIndex, dimension: "status" | "assignee" | "sprint"): CountRow[] {
  return index.db
    .prepare(`SELECT value, category, n FROM ticket_counts WHERE dimension = '${dimension}' AND n > 0`)
    .raw()
    .all() as CountRow[];
}

function select<Row extends unknown[]>(
  index: TicketIndex,
  filter: TicketFilter,
  columns: string,
  where: string,
  rest = "",
): Row[] {
  const sql = `SELECT ${columns} ${filter.from} WHERE (${filter.where}) AND ${where} ${rest}`;
  return index.db
    .prepare(sql)
    .raw()
    .all(...filter.params) as Row[];
}

/** Facts of the tickets `sql` selects; its columns must be FACT_COLUMNS, in that order. */
function facts(index: TicketIndex, sql: string, params: readonly unknown[]): TicketFacts[] {
  const rows = index.db
    .prepare(sql)
    .raw()
    .all(...params) as FactRow[];
  return rows.map(toFacts);
}

type FactRow = [
  id: string,
  type: string,
  title: string,
  status: string,
  priority: Priority,
  assignee: string | null,
  sprint: string | null,
  created: string,
  updated: string,
  started: string | null,
  completed: string | null,
  path: string,
];

function toFacts(row: FactRow): TicketFacts {
  // Straight from the columns: no JSON to parse for the tickets a report lists.
  const [id, type, title, status, priority, assignee, sprint, created, updated, started, completed, path] =
    row;
  return {
    id,
    type,
    title,
    status,
    priority,
    assignee: assignee ?? undefined,
    sprint: sprint ?? undefined,
    created,
    updated,
    started: started ?? undefined,
    completed: completed ?? undefined,
    path,
  };
}
