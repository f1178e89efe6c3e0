import type { Config } from "../core/config.js";
import type { QueryTerm } from "../core/query.js";
import { queryError } from "../core/query-error.js";

/** A piece of SQL and the values bound to its `?` placeholders, in order. */
export interface SqlPart {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** What compiling a term needs besides the term: configuration, the clock, the source for errors. */
export interface TermContext {
  readonly config: Config;
  readonly now: Date;
  readonly currentSprint?: string | undefined;
  readonly source: string;
}

export const part = (sql: string, ...params: unknown[]): SqlPart => ({ sql, params });

/** OR of the parts (each already parenthesised), itself parenthesised. */
export function anyOf(parts: readonly SqlPart[]): SqlPart {
  const [only] = parts;
  if (parts.length === 1 && only !== undefined) return only;
  return part(`(${parts.map((p) => p.sql).join(" OR ")})`, ...parts.flatMap((p) => p.params));
}

/** NOT that treats NULL as false, so `-assignee:bob` keeps unassigned tickets. */
export function negate(condition: SqlPart): SqlPart {
  return part(`(NOT ifnull(${condition.sql}, 0))`, ...condition.params);
}

/** `column IN (?, ?, …)` with every value bound. */
export function inList(column: string, values: readonly unknown[]): SqlPart {
  return part(`(${column} IN (${values.map(() => "?").join(", ")}))`, ...values);
}

/**
 * Bounds of the strings that start with `prefix`, as a range the id_key index can serve
 * (IDs are ASCII, so U+FFFF sorts after every character that can follow the prefix).
 */
export function prefixRange(prefix: string): [string, string] {
  return [prefix, `${prefix}\uffff`];
}

/** Own-property lookup: config records are plain objects, and `constructor` is not a status. */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Where `value` sits in the term's source, for the caret; the whole term when not found. */
export function valueSpan(source: string, term: QueryTerm, value: string): QueryTerm["span"] {
  const at = source.indexOf(value, term.span.start);
  if (at < 0 || at + value.length > term.span.end) return term.span;
  return { start: at, end: at + value.length };
}

/** INVALID_INPUT for a value of `term` that the configuration does not know. */
export function unknownValue(
  ctx: TermContext,
  term: QueryTerm,
  value: string,
  problem: string,
  accepted: { readonly label: string; readonly values: readonly string[] },
) {
  const span = valueSpan(ctx.source, term, value);
  return queryError(ctx.source, {
    problem,
    token: value,
    span,
    accepted: accepted.values,
    label: accepted.label,
  });
}
