import type { CompareOp, IsValue, QueryTerm } from "../core/query.js";
import { queryError } from "../core/query-error.js";
import { PRIORITIES, PRIORITY_RANK } from "../core/schema.js";
import { dateCondition } from "./index-query-dates.js";
import {
  anyOf,
  inList,
  negate,
  own,
  part,
  prefixRange,
  type SqlPart,
  type TermContext,
  unknownValue,
  valueSpan,
} from "./index-query-sql.js";

/**
 * Qualifier terms (`field:value`, `is:state`) as SQL conditions on `tickets t`. Every value is a
 * bound parameter; the SQL text holds only column names and constants of this file.
 */

type FieldTerm = Extract<QueryTerm, { kind: "field" }>;
type IsTerm = Extract<QueryTerm, { kind: "is" }>;

/** `none` stands for "not set" on these fields: `assignee:none`, `tag:none`, `parent:none` … */
const NONE = "none";
const isNone = (value: string): boolean => value.toLowerCase() === NONE;

export function compileFilterTerm(ctx: TermContext, term: FieldTerm | IsTerm): SqlPart {
  const condition = term.kind === "is" ? isCondition(term.value, ctx.now) : fieldCondition(ctx, term);
  return term.negated ? negate(condition) : condition;
}

function fieldCondition(ctx: TermContext, term: FieldTerm): SqlPart {
  switch (term.field) {
    case "id":
      return anyOf(term.values.map(idCondition));
    case "status":
      return inList(
        "t.status",
        term.values.map((v) => resolveStatus(ctx, term, v)),
      );
    case "type":
      return inList(
        "t.type",
        term.values.map((v) => resolveType(ctx, term, v)),
      );
    case "priority":
      return priorityCondition(ctx, term);
    case "assignee":
      return optional(term, "(t.assignee IS NULL)", (v) => part("(t.assignee = ? COLLATE NOCASE)", v));
    case "sprint":
      return optional(term, "(t.sprint IS NULL)", (v) => sprintCondition(ctx, term, v));
    case "tag":
      return optional(term, "(NOT EXISTS (SELECT 1 FROM tags g WHERE g.ticket = t.rowid))", tagCondition);
    case "parent":
      return optional(term, "(t.parent IS NULL)", (v) => idTarget("upper(t.parent)", v));
    case "duplicate_of":
      return optional(term, "(t.duplicate_of IS NULL)", (v) => idTarget("upper(t.duplicate_of)", v));
    case "depends_on":
    case "blocks":
    case "related":
      return relationCondition(term, term.field);
    default:
      return dateCondition(ctx, term, `t.${term.field}`);
  }
}

/** OR of the values, where `none` becomes `whenNone`. */
function optional(term: FieldTerm, whenNone: string, each: (value: string) => SqlPart): SqlPart {
  return anyOf(term.values.map((v) => (isNone(v) ? part(whenNone) : each(v))));
}

/** The exact ID, or else every ID starting with the value (`id:TSK-7f` finds `TSK-7f3k`). */
function idCondition(value: string): SqlPart {
  const key = value.toUpperCase();
  return part(
    "(t.id_key = ? OR (t.id_key >= ? AND t.id_key < ? AND NOT EXISTS (SELECT 1 FROM tickets x WHERE x.id_key = ?)))",
    key,
    ...prefixRange(key),
    key,
  );
}

/** A reference equal to the ID as written, or to the one ticket whose ID starts with it. */
function idTarget(column: string, value: string): SqlPart {
  const key = value.toUpperCase();
  const uniquePrefix =
    "(SELECT CASE WHEN count(*) = 1 THEN min(x.id_key) END FROM tickets x WHERE x.id_key >= ? AND x.id_key < ?)";
  return part(`(${column} = ? OR ${column} = ${uniquePrefix})`, key, ...prefixRange(key));
}

function relationCondition(term: FieldTerm, kind: string): SqlPart {
  const related = "SELECT 1 FROM relations r WHERE r.ticket = t.rowid AND r.kind = ?";
  return anyOf(
    term.values.map((v) => {
      if (isNone(v)) return part(`(NOT EXISTS (${related}))`, kind);
      const target = idTarget("r.target", v);
      return part(`(EXISTS (${related} AND ${target.sql}))`, kind, ...target.params);
    }),
  );
}

function tagCondition(tag: string): SqlPart {
  // IN over the case-insensitive tag index: one index probe, not a subquery per ticket.
  return part("(t.rowid IN (SELECT g.ticket FROM tags g WHERE g.tag = ? COLLATE NOCASE))", tag);
}

function sprintCondition(ctx: TermContext, term: FieldTerm, value: string): SqlPart {
  if (value.toLowerCase() !== "current") return part("(t.sprint = ? COLLATE NOCASE)", value);
  if (ctx.currentSprint !== undefined) return part("(t.sprint = ? COLLATE NOCASE)", ctx.currentSprint);
  throw queryError(ctx.source, {
    problem: '"sprint:current" needs a current sprint, and none is set',
    token: value,
    span: valueSpan(ctx.source, term, value),
    accepted: ["sprint:<name>", "sprint:none"],
    label: "name the sprint instead, as in",
  });
}

function resolveStatus(ctx: TermContext, term: FieldTerm, value: string): string {
  const { statuses, aliases } = ctx.config;
  const key = value.toLowerCase();
  const status = own(aliases, key) ?? key;
  if (own(statuses, status) !== undefined) return status;
  return fail(
    unknownValue(ctx, term, value, `Unknown status "${value}"`, {
      label: "accepted statuses and aliases",
      values: [...Object.keys(statuses), ...Object.keys(aliases)],
    }),
  );
}

/** A type's name (`bug`) or its ID prefix (`BUG`), in any case. */
function resolveType(ctx: TermContext, term: FieldTerm, value: string): string {
  const types = Object.entries(ctx.config.types);
  const found = types.find(
    ([name, def]) => name === value.toLowerCase() || def.prefix === value.toUpperCase(),
  );
  if (found) return found[0];
  return fail(
    unknownValue(ctx, term, value, `Unknown type "${value}"`, {
      label: "accepted types and prefixes",
      values: [...types.map(([name]) => name), ...types.map(([, def]) => def.prefix)],
    }),
  );
}

/** Ranks run 4 (critical) to 1 (low), so `priority:>=high` is rank >= 3: high or critical. */
function priorityCondition(ctx: TermContext, term: FieldTerm): SqlPart {
  const ranks = term.values.map((value) => {
    const priority = PRIORITIES.find((p) => p === value.toLowerCase());
    if (priority !== undefined) return PRIORITY_RANK[priority];
    return fail(
      unknownValue(ctx, term, value, `Unknown priority "${value}"`, {
        label: "accepted priorities",
        values: PRIORITIES,
      }),
    );
  });
  const [rank] = ranks;
  if (term.op === "=" || rank === undefined) return inList("t.priority_rank", ranks);
  return part(`(t.priority_rank ${RANK_OPS[term.op]} ?)`, rank);
}

/** SQL text comes from this table, not from the term, even for a hand-built Query. */
const RANK_OPS: Readonly<Record<CompareOp, string>> = {
  "=": "=",
  ">": ">",
  ">=": ">=",
  "<": "<",
  "<=": "<=",
};

const fail = (error: Error): never => {
  throw error;
};

const OPEN = "(t.category NOT IN ('done', 'cancelled'))";
/** Archived tickets live in tickets/archive/ (a range on the path index; '0' follows '/'). */
export const ARCHIVED = "(t.path >= 'tickets/archive/' AND t.path < 'tickets/archive0')";
const CLAIMED = "ifnull(julianday(t.claim_expires) > julianday(?), 0)";
/** A dependency holds a ticket back until it is done or cancelled; a dangling one holds it back. */
const DEPENDENCIES_DONE = `NOT EXISTS (SELECT 1 FROM relations r WHERE r.ticket = t.rowid AND r.kind = 'depends_on'
  AND NOT EXISTS (SELECT 1 FROM tickets d WHERE d.id_key = r.target AND d.category IN ('done', 'cancelled')))`;
const PARENT_FREE = `NOT EXISTS (SELECT 1 FROM tickets p WHERE p.id_key = upper(t.parent)
  AND p.category IN ('blocked', 'cancelled'))`;

/**
 * Derived states. Claims compare through julianday() because a lease expiry may be written with
 * a zone offset; it is NULL (not claimed) when the ticket has no claim.
 */
function isCondition(value: IsValue, now: Date): SqlPart {
  const at = now.toISOString();
  switch (value) {
    case "open":
      return part(OPEN);
    case "closed":
      return part(`(NOT ${OPEN})`);
    case "claimed":
      return part(`(${CLAIMED})`, at);
    case "unassigned":
      return part("(t.assignee IS NULL)");
    case "archived":
      return part(ARCHIVED);
    case "ready":
      return part(`(t.category = 'todo' AND NOT ${CLAIMED} AND ${DEPENDENCIES_DONE} AND ${PARENT_FREE})`, at);
    default:
      return part("(t.category = ?)", value);
  }
}
