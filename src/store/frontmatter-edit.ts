import { isNode, isScalar, type Node, type Pair, Scalar } from "yaml";
import { type Frontmatter, keyName } from "./frontmatter-parse.js";
import { stringifyField, stringifyValue } from "./frontmatter-stringify.js";

/**
 * Editing frontmatter in place: find the whole lines each top-level field spans, then replace,
 * remove or append only the lines of the fields that change, keeping the key as written and any
 * comment after it. Pure string work.
 */

/** Fields to write and fields to remove; only changes that change something. */
export interface FieldChanges {
  readonly set: ReadonlyMap<string, unknown>;
  readonly unset: ReadonlySet<string>;
}

/** The lines of one top-level field: [start, end) offsets in the YAML source, whole lines. */
interface FieldSpan {
  /** The key as written (`status`, `'status'`), reused so a rewrite touches only the value. */
  readonly keyText: string;
  readonly start: number;
  readonly end: number;
  /** A comment at the end of the field's line(s), with the spaces before it, kept on rewrite. */
  readonly comment: string;
}

export interface FieldLayout {
  readonly spans: ReadonlyMap<string, FieldSpan>;
  readonly indent: string;
}

export function locateFields({ source, map }: Frontmatter): FieldLayout | null {
  const spans = new Map<string, FieldSpan>();
  if (map === null) return { spans, indent: "" };
  if (map.flow) return null;
  let indent: string | undefined;
  let previousEnd = 0;
  for (const pair of map.items) {
    const span = locateField(source, pair);
    if (!span || span.start < previousEnd) return null;
    const keyIndent = source.slice(span.start, keyRange(pair)?.[0]);
    if (indent !== undefined && keyIndent !== indent) return null;
    indent = keyIndent;
    previousEnd = span.end;
    spans.set(keyName(pair), span);
  }
  return { spans, indent: indent ?? "" };
}

function keyRange(pair: Pair): readonly [number, number, number] | null {
  return isScalar(pair.key) ? (pair.key.range ?? null) : null;
}

/** The whole lines from the key to the end of its value, or null if they hold anything else. */
function locateField(source: string, pair: Pair): FieldSpan | null {
  const key = keyRange(pair);
  if (!key) return null;
  const value: Node | null = isNode(pair.value) ? pair.value : null;
  const valueEnd = value?.range?.[1] ?? key[1];
  const start = source.lastIndexOf("\n", key[0] - 1) + 1;
  if (!/^[ ]*$/.test(source.slice(start, key[0]))) return null;
  const lastChar = Math.max(key[0], valueEnd - 1);
  const lineBreak = source.indexOf("\n", lastChar);
  const end = lineBreak === -1 ? source.length : lineBreak + 1;
  // Block values end at a line start; scalars and flow values may be followed by a comment.
  const rest = source[valueEnd - 1] === "\n" ? "" : source.slice(valueEnd, end).replace(/\r?\n?$/, "");
  if (!/^[ \t]*(#.*)?$/.test(rest)) return null;
  let comment = rest.trim() === "" ? "" : rest;
  if (comment === "" && opensBlock(value)) comment = keyLineComment(source, key[1]);
  else if (comment !== "" && !/^[ \t]/.test(comment)) comment = ` ${comment}`;
  return { keyText: source.slice(key[0], key[1]), start, end, comment };
}

/** Block scalars and block collections can carry a comment after `key:` (or `key: |-`). */
function opensBlock(value: Node | null): boolean {
  if (isScalar(value)) return value.type === Scalar.BLOCK_LITERAL || value.type === Scalar.BLOCK_FOLDED;
  return isNode(value) && "items" in value && !value.flow;
}

function keyLineComment(source: string, keyEnd: number): string {
  const lineBreak = source.indexOf("\n", keyEnd);
  const afterKey = source.slice(keyEnd, lineBreak === -1 ? source.length : lineBreak).replace(/\r$/, "");
  return /[ \t]+#.*$/.exec(afterKey)?.[0] ?? "";
}

export function editFields(
  source: string,
  { spans, indent }: FieldLayout,
  changes: FieldChanges,
  eol: string,
): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const key of changes.unset) {
    const span = spans.get(key);
    if (span) edits.push({ start: span.start, end: span.end, text: "" });
  }
  let appended = "";
  for (const [key, value] of changes.set) {
    const span = spans.get(key);
    if (span) {
      const field = span.keyText + stringifyValue(value);
      edits.push({ start: span.start, end: span.end, text: formatLines(field, span.comment, indent, eol) });
    } else {
      appended += formatLines(stringifyField(key, value), "", indent, eol);
    }
  }
  edits.sort((a, b) => a.start - b.start);
  let result = "";
  let at = 0;
  for (const edit of edits) {
    result += source.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  result += source.slice(at);
  if (appended !== "" && result !== "" && !result.endsWith("\n")) result += eol;
  return result + appended;
}

function formatLines(field: string, comment: string, indent: string, eol: string): string {
  const firstBreak = field.indexOf("\n");
  const withComment = field.slice(0, firstBreak) + comment + field.slice(firstBreak);
  const lines = withComment.split("\n").map((line) => (line === "" ? line : indent + line));
  return lines.join(eol);
}
