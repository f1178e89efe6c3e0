import { pointAt, queryError, type Span } from "./query-error.js";
import { COMPARABLE_FIELDS, DATE_FIELDS, DATE_VALUE_FORMS, isDateValue } from "./query-values.js";
import { PRIORITIES } from "./schema.js";

/**
 * The query language (DESIGN §6): whitespace-separated terms, all ANDed.
 *
 *   status:in_progress      field:value            -tag:wontfix      negation
 *   tag:api,backend         OR of values           priority:>=high   comparison (priority, dates)
 *   is:ready                a derived state        "import error"    phrase
 *   import                  full-text word         -flaky            excluded word
 *
 * Parsing is pure and needs no configuration; statuses and types are checked by the compiler.
 */

export { pointAt, type Span };

export type CompareOp = "=" | ">" | ">=" | "<" | "<=";

export const QUERY_FIELDS = [
  "id",
  "status",
  "type",
  "priority",
  "assignee",
  "tag",
  "parent",
  "depends_on",
  "blocks",
  "related",
  "duplicate_of",
  "sprint",
  "created",
  "updated",
  "started",
  "completed",
] as const;
export type QueryField = (typeof QUERY_FIELDS)[number];

export const IS_VALUES = [
  "open",
  "closed",
  "todo",
  "active",
  "blocked",
  "review",
  "done",
  "cancelled",
  "claimed",
  "unassigned",
  "ready",
  "archived",
] as const;
export type IsValue = (typeof IS_VALUES)[number];

/** Other names accepted for fields; field names are case-insensitive and `-` may stand for `_`. */
export const FIELD_ALIASES: Readonly<Record<string, QueryField>> = {
  tags: "tag",
  label: "tag",
  labels: "tag",
  state: "status",
  deps: "depends_on",
};

export type QueryTerm =
  | { kind: "field"; field: QueryField; op: CompareOp; values: string[]; negated: boolean; span: Span }
  | { kind: "is"; value: IsValue; negated: boolean; span: Span }
  | { kind: "text"; text: string; phrase: boolean; negated: boolean; span: Span };

export interface Query {
  readonly source: string;
  readonly terms: readonly QueryTerm[];
}

interface Cursor {
  readonly source: string;
  pos: number;
}

interface Piece {
  readonly text: string;
  readonly span: Span;
}

interface Advice {
  readonly label: string;
  readonly examples: readonly string[];
}
const VALUE_EXAMPLES: Advice = {
  label: "write a value, as in",
  examples: ["tag:backend", "tag:api,backend", 'tag:"needs review"'],
};
const PHRASE_EXAMPLES: Advice = {
  label: "put words between the quotes, as in",
  examples: ['"import error"'],
};

const FIELD_PREFIX = /^([A-Za-z][A-Za-z_-]*):/;
const OPS: readonly CompareOp[] = [">=", "<=", ">", "<", "="];
const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);
const atTermEnd = (c: Cursor): boolean => c.pos >= c.source.length || isSpace(c.source[c.pos]);

export function parseQuery(source: string): Query {
  const cursor: Cursor = { source, pos: 0 };
  const terms: QueryTerm[] = [];
  for (;;) {
    while (isSpace(source[cursor.pos])) cursor.pos++;
    if (cursor.pos >= source.length) return { source, terms };
    terms.push(readTerm(cursor));
  }
}

function readTerm(c: Cursor): QueryTerm {
  const start = c.pos;
  const negated = c.source[c.pos] === "-";
  if (negated) {
    c.pos++;
    if (atTermEnd(c)) throw loneDash(c.source, start);
  }
  if (c.source[c.pos] === '"') {
    const phrase = readQuoted(c);
    if (phrase.text.trim() === "") throw emptyValue(c.source, phrase.span, "Empty phrase", PHRASE_EXAMPLES);
    return { kind: "text", text: phrase.text, phrase: true, negated, span: { start, end: c.pos } };
  }
  const field = FIELD_PREFIX.exec(c.source.slice(c.pos));
  if (field?.[1] !== undefined) return readQualifier(c, start, negated, field[1]);
  while (!atTermEnd(c)) c.pos++;
  const text = c.source.slice(negated ? start + 1 : start, c.pos);
  return { kind: "text", text, phrase: false, negated, span: { start, end: c.pos } };
}

function readQualifier(c: Cursor, start: number, negated: boolean, rawName: string): QueryTerm {
  const nameSpan = { start: c.pos, end: c.pos + rawName.length };
  c.pos = nameSpan.end + 1;
  const name = rawName.toLowerCase().replaceAll("-", "_");
  if (name === "is") {
    const value = readIsValue(c, rawName);
    return { kind: "is", value, negated, span: { start, end: c.pos } };
  }
  const alias = Object.hasOwn(FIELD_ALIASES, name) ? FIELD_ALIASES[name] : undefined;
  const field = alias ?? QUERY_FIELDS.find((f) => f === name);
  if (field === undefined) throw unknownField(c.source, rawName, nameSpan);
  const op = readOp(c);
  const values = readValues(c, rawName);
  checkValues(c.source, field, op, values);
  const normalized =
    field === "priority" ? values.map((v) => v.text.toLowerCase()) : values.map((v) => v.text);
  return { kind: "field", field, op: op.op, values: normalized, negated, span: { start, end: c.pos } };
}

function readIsValue(c: Cursor, rawName: string): IsValue {
  const values = readValues(c, rawName);
  const [first, second] = values;
  if (second !== undefined || first === undefined) {
    const span = second?.span ?? { start: c.pos, end: c.pos };
    throw queryError(c.source, {
      problem: `"${rawName}:" takes one value, not "${values.map((v) => v.text).join(",")}"`,
      token: second?.text ?? "",
      span,
      accepted: IS_VALUES,
      label: "write one term per state, such as is:todo -is:claimed; accepted states",
    });
  }
  const value = IS_VALUES.find((v) => v === first.text.toLowerCase());
  if (value !== undefined) return value;
  throw queryError(c.source, {
    problem: `Unknown state "is:${first.text}"`,
    token: first.text,
    span: first.span,
    accepted: IS_VALUES,
    label: "accepted is: values",
  });
}

function readOp(c: Cursor): { op: CompareOp; span: Span } {
  const start = c.pos;
  const op = OPS.find((candidate) => c.source.startsWith(candidate, start)) ?? "=";
  if (c.source.startsWith(op, start)) c.pos += op.length;
  return { op, span: { start, end: c.pos } };
}

/** Comma-separated values, each plain (up to `,` or a space) or quoted (`"a b"`, `\"` inside). */
function readValues(c: Cursor, rawName: string): Piece[] {
  const values: Piece[] = [];
  for (;;) {
    const value = c.source[c.pos] === '"' ? readQuotedValue(c) : readPlainValue(c);
    if (value.text === "")
      throw emptyValue(c.source, value.span, `Empty value for "${rawName}:"`, VALUE_EXAMPLES);
    values.push(value);
    if (c.source[c.pos] !== ",") return values;
    c.pos++;
  }
}

function readPlainValue(c: Cursor): Piece {
  const start = c.pos;
  while (!atTermEnd(c) && c.source[c.pos] !== ",") c.pos++;
  return { text: c.source.slice(start, c.pos), span: { start, end: c.pos } };
}

function readQuotedValue(c: Cursor): Piece {
  const value = readQuoted(c);
  if (atTermEnd(c) || c.source[c.pos] === ",") return value;
  throw queryError(c.source, {
    problem: `Unexpected "${c.source[c.pos]}" after the closing quote`,
    token: c.source[c.pos] ?? "",
    span: { start: c.pos, end: c.pos + 1 },
    accepted: ['","', "a space"],
    label: "after a quoted value comes",
  });
}

/** Reads `"…"` from the cursor (on the opening quote); `\"` and `\\` are escapes inside. */
function readQuoted(c: Cursor): Piece {
  const start = c.pos;
  let text = "";
  for (let i = start + 1; i < c.source.length; i++) {
    const ch = c.source[i];
    const next = c.source[i + 1];
    if (ch === "\\" && (next === '"' || next === "\\")) {
      text += next;
      i++;
    } else if (ch === '"') {
      c.pos = i + 1;
      return { text, span: { start, end: c.pos } };
    } else {
      text += ch;
    }
  }
  throw queryError(c.source, {
    problem: `Unterminated quote ${c.source.slice(start)}`,
    token: c.source.slice(start),
    span: { start, end: c.source.length },
    accepted: ['"quoted phrase"', 'field:"quoted value"'],
    label: 'close it with a matching ", as in',
  });
}

function checkValues(source: string, field: QueryField, op: { op: CompareOp; span: Span }, values: Piece[]) {
  if (op.op !== "=") checkComparison(source, field, op, values);
  for (const value of values) {
    if (field === "priority" && !PRIORITIES.some((p) => p === value.text.toLowerCase())) {
      throw badValue(source, value, `Unknown priority "${value.text}"`, PRIORITIES, "accepted priorities");
    }
    if (DATE_FIELDS.some((f) => f === field) && !isDateValue(value.text)) {
      throw badValue(source, value, `Invalid date "${value.text}" for "${field}"`, DATE_VALUE_FORMS, "write");
    }
  }
}

function checkComparison(
  source: string,
  field: QueryField,
  op: { op: CompareOp; span: Span },
  values: Piece[],
) {
  if (!COMPARABLE_FIELDS.some((f) => f === field)) {
    const problem = `Comparison "${op.op}" is not allowed on "${field}"`;
    const label = "comparisons work on";
    throw queryError(source, { problem, token: op.op, span: op.span, accepted: COMPARABLE_FIELDS, label });
  }
  const extra = values[1];
  if (extra !== undefined) {
    const problem = `Comparison "${op.op}" takes one value, not a list ("${extra.text}")`;
    const label = "write one comparison per term, as in";
    const accepted = [`${field}:${op.op}${values[0]?.text ?? ""}`];
    throw queryError(source, { problem, token: extra.text, span: extra.span, accepted, label });
  }
}

function badValue(source: string, value: Piece, problem: string, accepted: readonly string[], label: string) {
  return queryError(source, { problem, token: value.text, span: value.span, accepted, label });
}

function unknownField(source: string, rawName: string, span: Span) {
  return queryError(source, {
    problem: `Unknown field "${rawName}"`,
    token: rawName,
    span,
    accepted: [...QUERY_FIELDS, "is", ...Object.keys(FIELD_ALIASES)],
    label: "accepted fields",
    hint: 'to search for text containing ":", put it in quotes',
  });
}

function emptyValue(source: string, span: Span, problem: string, advice: Advice) {
  const token = source.slice(span.start, span.end);
  return queryError(source, { problem, token, span, accepted: advice.examples, label: advice.label });
}

function loneDash(source: string, start: number) {
  return queryError(source, {
    problem: 'Lone "-"',
    token: "-",
    span: { start, end: start + 1 },
    accepted: ["-word", '-"phrase"', "-field:value"],
    label: "a dash negates what follows it without a space, as in",
  });
}
