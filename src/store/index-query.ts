import type { Config } from "../core/config.js";
import { invalidInput } from "../core/errors.js";
import type { Query } from "../core/query.js";
import { part, type SqlPart } from "./index-query-sql.js";
import { ARCHIVED, compileFilterTerm } from "./index-query-terms.js";
import { compileText } from "./index-query-text.js";
import { SUMMARY_COLUMNS } from "./index-schema.js";

/**
 * Compiles a parsed query (src/core/query.ts) into SQL over the index (index-schema.ts): one
 * SELECT for a page of tickets and one count for the same filter. Values are always bound.
 */

export const SORT_KEYS = [
  "id",
  "priority",
  "created",
  "updated",
  "status",
  "title",
  "type",
  "assignee",
  "relevance",
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface QueryContext {
  readonly config: Config;
  readonly now: Date;
  readonly currentSprint?: string | undefined;
}

export interface QueryOptions {
  /** Comma-separated sort keys, e.g. `priority,-updated`; a `-` prefix reverses a key. */
  readonly sort?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  /**
   * Archived tickets match even when the query does not mention `is:archived` (as reports
   * count them); by default they match only a query that asks for them.
   */
  readonly includeArchived?: boolean | undefined;
}

export interface CompiledQuery {
  /** Selects `rowid, id, path, revision, data` and `score` (bm25, lower is better; NULL without text). */
  readonly sql: string;
  readonly params: unknown[];
  /** `SELECT count(*) AS n …` over the same filter, ignoring sort and paging. */
  readonly countSql: string;
  readonly countParams: unknown[];
  /** The filter alone, for other statements over the same tickets: `SELECT … ${from} WHERE ${where}`. */
  readonly filter: { readonly from: string; readonly where: string; readonly params: unknown[] };
}

/** bm25 weights of the fts columns (title, body): a hit in the title counts ten times more. */
const SCORE = "bm25(fts, 10.0, 1.0)";

export function compileQuery(query: Query, ctx: QueryContext, options: QueryOptions = {}): CompiledQuery {
  const text = compileText(query.terms);
  const termContext = { ...ctx, source: query.source };
  const conditions: SqlPart[] = [];
  if (text.match !== undefined) conditions.push(part("fts MATCH ?", text.match));
  for (const term of query.terms) {
    if (term.kind !== "text") conditions.push(compileFilterTerm(termContext, term));
  }
  if (text.exclude !== undefined) conditions.push(text.exclude);
  // Archived tickets are listed only by a query that asks about them (`is:archived`).
  if (!options.includeArchived && !query.terms.some((t) => t.kind === "is" && t.value === "archived"))
    conditions.push(part(`(NOT ${ARCHIVED})`));

  const from = text.match === undefined ? "FROM tickets t" : "FROM tickets t JOIN fts ON fts.rowid = t.rowid";
  const where = conditions.length > 0 ? ` WHERE ${conditions.map((c) => c.sql).join(" AND ")}` : "";
  const whereParams = conditions.flatMap((c) => c.params);
  const order = compileSort(options.sort, text.match !== undefined, ctx.config);
  const page = compilePage(options);
  const score = text.match === undefined ? "NULL" : SCORE;
  return {
    sql: `SELECT t.rowid, t.id, ${SUMMARY_COLUMNS}, ${score} AS score ${from}${where} ORDER BY ${order.sql}${page.sql}`,
    params: [...whereParams, ...order.params, ...page.params],
    countSql: `SELECT count(*) AS n ${from}${where}`,
    countParams: whereParams,
    filter: { from, where: conditions.map((c) => c.sql).join(" AND ") || "1", params: whereParams },
  };
}

interface SortSpec {
  readonly key: SortKey;
  readonly reversed: boolean;
}

/**
 * Parses `priority,-updated`. Without a sort: `relevance` when there is free text, else
 * `priority,created`; `relevance` without free text means the latter too.
 */
export function parseSort(sort: string | undefined, hasText: boolean): SortSpec[] {
  const byDefault: SortSpec[] = [
    { key: "priority", reversed: false },
    { key: "created", reversed: false },
  ];
  const names = (sort ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) return hasText ? [{ key: "relevance", reversed: false }] : byDefault;
  return names.flatMap((name) => {
    const reversed = name.startsWith("-");
    const bare = name.replace(/^[-+]/, "").toLowerCase();
    const key = SORT_KEYS.find((k) => k === bare);
    if (key === undefined) {
      throw invalidInput(`Unknown sort key "${bare}"; accepted sort keys: ${SORT_KEYS.join(", ")}`, {
        token: name,
        accepted: SORT_KEYS,
      });
    }
    if (key === "relevance" && !hasText) return byDefault;
    return [{ key, reversed }];
  });
}

function compileSort(sort: string | undefined, hasText: boolean, config: Config): SqlPart {
  const specs = parseSort(sort, hasText);
  const parts = specs.map((spec) => sortTerm(spec, config));
  // Ties fall to the ID, then to the row, so pages never overlap even with duplicate IDs.
  if (!specs.some((s) => s.key === "id")) parts.push(part("t.id_key ASC"));
  parts.push(part("t.rowid ASC"));
  return part(parts.map((p) => p.sql).join(", "), ...parts.flatMap((p) => p.params));
}

/** Each key's natural order: most urgent priority, oldest date, workflow order, A to Z, best match. */
function sortTerm({ key, reversed }: SortSpec, config: Config): SqlPart {
  const dir = reversed ? "DESC" : "ASC";
  switch (key) {
    case "id":
      return part(`t.id_key ${dir}`);
    case "priority":
      return part(`t.priority_rank ${reversed ? "ASC" : "DESC"}`);
    case "created":
    case "updated":
      return part(`t.${key} ${dir}`);
    case "status":
      return inOrder("t.status", Object.keys(config.statuses), dir);
    case "type":
      return inOrder("t.type", Object.keys(config.types), dir);
    case "title":
      return part(`t.title COLLATE NOCASE ${dir}`);
    case "assignee":
      return part(`t.assignee COLLATE NOCASE ${dir} NULLS LAST`);
    case "relevance":
      return part(`score ${dir}`);
  }
}

/** Sorts a column by the order of `names` (the configuration's order); other values last. */
function inOrder(column: string, names: readonly string[], dir: string): SqlPart {
  if (names.length === 0) return part(`${column} ${dir}`);
  const whens = names.map((_, i) => `WHEN ? THEN ${i}`).join(" ");
  return part(`CASE ${column} ${whens} ELSE ${names.length} END ${dir}, ${column} ${dir}`, ...names);
}

function compilePage(options: QueryOptions): SqlPart {
  const limit = checkCount("limit", options.limit);
  const offset = checkCount("offset", options.offset);
  if (limit === undefined && offset === undefined) return part("");
  // SQLite needs a LIMIT before an OFFSET; -1 means no limit.
  return part(" LIMIT ? OFFSET ?", limit ?? -1, offset ?? 0);
}

function checkCount(name: string, value: number | undefined): number | undefined {
  if (value === undefined || (Number.isSafeInteger(value) && value >= 0)) return value;
  throw invalidInput(`Invalid ${name} ${value}; ${name} must be a whole number, 0 or more`, {
    token: String(value),
    accepted: ["0", "1", "2", "…"],
  });
}
