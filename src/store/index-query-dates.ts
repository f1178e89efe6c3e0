import type { CompareOp, QueryTerm } from "../core/query.js";
import { ageToMs, DATE_VALUE_FORMS, isAbsoluteDate, toUtcPrefix } from "../core/query-values.js";
import { anyOf, part, type SqlPart, type TermContext, unknownValue } from "./index-query-sql.js";

/**
 * Date qualifiers. The index keeps dates as the ISO strings of the files (UTC, `…Z`), so every
 * comparison is a string comparison that can use the column's index.
 *
 * Absolute values compare on the ISO prefix: `created:2026-01-31` is any time that day,
 * `created:>2026-01-31` starts the day after, `created:<=2026-01-31` ends with that day.
 * `~` sorts after every character of an ISO timestamp, so `prefix~` is just past the last
 * string that starts with `prefix`.
 *
 * Relative values are ages measured back from ctx.now: `updated:>7d` means last updated MORE than
 * 7 days ago (older), `updated:<7d` within the last 7 days (newer). A bare age, `updated:7d` (op
 * `=`), also means "within the last 7 days": an exact age to the millisecond is never wanted.
 */

const PAST_PREFIX = "~";

type DateColumn = "t.created" | "t.updated" | "t.started" | "t.completed";
type FieldTerm = Extract<QueryTerm, { kind: "field" }>;

export function dateCondition(ctx: TermContext, term: FieldTerm, column: DateColumn): SqlPart {
  return anyOf(
    term.values.map((value) => {
      const ageMs = ageToMs(value);
      if (ageMs !== undefined) return ageCondition(column, term.op, new Date(ctx.now.getTime() - ageMs));
      if (isAbsoluteDate(value)) return absoluteCondition(column, term.op, toUtcPrefix(value));
      throw unknownValue(ctx, term, value, `Invalid date "${value}" for "${term.field}"`, {
        label: "write",
        values: DATE_VALUE_FORMS,
      });
    }),
  );
}

function absoluteCondition(column: DateColumn, op: CompareOp, prefix: string): SqlPart {
  const past = `${prefix}${PAST_PREFIX}`;
  switch (op) {
    case "=":
      return part(`(${column} >= ? AND ${column} < ?)`, prefix, past);
    case ">":
      return part(`(${column} >= ?)`, past);
    case ">=":
      return part(`(${column} >= ?)`, prefix);
    case "<":
      return part(`(${column} < ?)`, prefix);
    case "<=":
      return part(`(${column} < ?)`, past);
  }
}

function ageCondition(column: DateColumn, op: CompareOp, cutoff: Date): SqlPart {
  // Whole seconds, as the service writes timestamps, so a date equal to the cutoff compares equal.
  const at = cutoff.toISOString().replace(/\.\d{3}Z$/, "Z");
  switch (op) {
    case ">":
      return part(`(${column} < ?)`, at);
    case ">=":
      return part(`(${column} <= ?)`, at);
    case "<":
      return part(`(${column} > ?)`, at);
    case "<=":
    case "=":
      return part(`(${column} >= ?)`, at);
  }
}
