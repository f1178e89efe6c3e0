import type { QueryTerm } from "../core/query.js";
import { part, type SqlPart } from "./index-query-sql.js";

/**
 * Free-text terms as FTS5 MATCH expressions. Every user word becomes an FTS5 string ("…" with
 * `"` doubled), so no user input is ever read as FTS5 syntax (AND, NEAR, column filters, `^`).
 * A word ending in `*` is a prefix search (`impor*`); a quoted term is a phrase.
 */

type TextTerm = Extract<QueryTerm, { kind: "text" }>;

export interface TextFilter {
  /** The MATCH expression of the wanted words and phrases (implicitly ANDed), if any. */
  readonly match: string | undefined;
  /** A condition excluding tickets that match any negated word or phrase, if any. */
  readonly exclude: SqlPart | undefined;
}

export function compileText(terms: readonly QueryTerm[]): TextFilter {
  const texts = terms.filter((t): t is TextTerm => t.kind === "text");
  const wanted = texts.filter((t) => !t.negated).map(ftsExpression);
  const unwanted = texts.filter((t) => t.negated).map(ftsExpression);
  return {
    match: wanted.length > 0 ? wanted.join(" ") : undefined,
    // A subquery rather than FTS5's NOT, so a query of only excluded words works too.
    exclude:
      unwanted.length > 0
        ? part("(t.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?))", unwanted.join(" OR "))
        : undefined,
  };
}

function ftsExpression(term: TextTerm): string {
  const prefix = !term.phrase && /[^*]\*+$/.test(term.text);
  return prefix ? `${ftsString(term.text.replace(/\*+$/, ""))} *` : ftsString(term.text);
}

const ftsString = (text: string): string => `"${text.replaceAll('"', '""')}"`;
