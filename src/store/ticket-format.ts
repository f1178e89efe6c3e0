import {
  Document,
  isMap,
  isNode,
  isScalar,
  isSeq,
  type Node,
  type Pair,
  parseDocument,
  Scalar,
  visit,
  type YAMLMap,
} from "yaml";
import { invalidInput, TrackdownError } from "../core/errors.js";

/**
 * Ticket files as text: a `---` line, YAML frontmatter, a closing `---` line, the Markdown body.
 * Updates edit only the lines of the fields that change, so comments, blank lines, key order,
 * quoting and unknown keys survive and git diffs stay one line wide (DESIGN §3). Pure string work.
 */

export interface TicketDocument {
  readonly text: string;
  readonly data: Record<string, unknown>;
  readonly body: string;
}

export interface TicketChanges {
  set?: Record<string, unknown>;
  unset?: readonly string[];
  body?: string;
}

/** Where the parts of a ticket file are, as offsets into its text. */
interface FileLayout {
  readonly yamlStart: number;
  /** Start of the closing `---` line; also the end of the YAML source. */
  readonly yamlEnd: number;
  readonly bodyStart: number;
  readonly eol: string;
}

interface Frontmatter {
  readonly source: string;
  readonly map: YAMLMap | null;
  readonly data: Record<string, unknown>;
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

interface FieldLayout {
  readonly spans: ReadonlyMap<string, FieldSpan>;
  readonly indent: string;
}

interface Plan {
  readonly set: ReadonlyMap<string, unknown>;
  readonly unset: ReadonlySet<string>;
  readonly result: Record<string, unknown>;
}

const DELIMITER = /^---[ ]*\r?$/;
const PARSE_OPTIONS = { schema: "core", uniqueKeys: true, logLevel: "error" } as const;
/**
 * `compat: yaml-1.1` quotes strings that YAML 1.1 readers (PyYAML, js-yaml 3 / gray-matter, which
 * the trackers we import from use) would read as dates, booleans or numbers: `'2026-01-02T10:00:00Z'`,
 * `'yes'`. The core schema we parse with reads them as strings either way.
 */
const CREATE_OPTIONS = { schema: "core", compat: "yaml-1.1", logLevel: "error" } as const;
const STRINGIFY_OPTIONS = {
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
  singleQuote: true,
};
/** Characters a YAML block scalar cannot carry literally; such strings stay double-quoted. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

export function parseTicketText(text: string): TicketDocument {
  const layout = locateFrontmatter(text);
  const { data } = readFrontmatter(text.slice(layout.yamlStart, layout.yamlEnd));
  return { text, data, body: text.slice(layout.bodyStart) };
}

export function updateTicketText(doc: TicketDocument, changes: TicketChanges): string {
  const { text } = doc;
  const layout = locateFrontmatter(text);
  const frontmatter = readFrontmatter(text.slice(layout.yamlStart, layout.yamlEnd));
  const plan = planChanges(frontmatter.data, changes);
  const bodyChanged = changes.body !== undefined && changes.body !== text.slice(layout.bodyStart);
  if (plan.set.size === 0 && plan.unset.size === 0 && !bodyChanged) return text;
  const source =
    plan.set.size + plan.unset.size === 0 ? frontmatter.source : rewriteYaml(frontmatter, plan, layout.eol);
  let closing = text.slice(layout.yamlEnd, layout.bodyStart);
  const body = changes.body ?? text.slice(layout.bodyStart);
  // A file that ends right after `---` needs a line break before a body is added.
  if (body !== "" && !closing.endsWith("\n")) closing += layout.eol;
  return text.slice(0, layout.yamlStart) + source + closing + body;
}

export function renderTicketText(data: Record<string, unknown>, body: string): string {
  const fields = Object.entries(data).map(([key, value]) => stringifyField(key, value));
  return `---\n${fields.join("")}---\n${body}`;
}

/** Returns "" for `undefined`: an absent field has no lines. */
export function stringifyField(key: string, value: unknown): string {
  if (value === undefined) return "";
  assertStorable(key, value);
  const doc = new Document(new Map([[key, value]]), CREATE_OPTIONS);
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.every((item) => isScalar(item) && !isMultiline(item.value))) seq.flow = true;
    },
    Scalar(_, scalar) {
      if (isMultiline(scalar.value) && !UNPRINTABLE.test(scalar.value)) scalar.type = Scalar.BLOCK_LITERAL;
    },
  });
  return doc.toString(STRINGIFY_OPTIONS);
}

/**
 * `: value` plus any nested lines, as stringifyField writes them after a key. Block values are
 * indented by a fixed step whatever the key's length, so a one-letter stand-in key gives the
 * same text.
 */
function stringifyValue(value: unknown): string {
  return stringifyField("k", value).slice(1);
}

function isMultiline(value: unknown): value is string {
  return typeof value === "string" && value.includes("\n");
}

function locateFrontmatter(text: string): FileLayout {
  const bom = text.startsWith("\ufeff") ? 1 : 0;
  const firstBreak = text.indexOf("\n", bom);
  const firstLine = text.slice(bom, firstBreak === -1 ? text.length : firstBreak);
  if (firstBreak === -1 || !DELIMITER.test(firstLine)) {
    throw invalidInput(
      `Ticket file has no frontmatter: it must start with a line "---", then YAML fields, then a line "---"; found ${quoteCut(firstLine)}`,
      { line: 1, excerpt: cut(firstLine) },
    );
  }
  const eol = firstLine.endsWith("\r") ? "\r\n" : "\n";
  const yamlStart = firstBreak + 1;
  for (let lineStart = yamlStart; lineStart <= text.length; ) {
    const lineBreak = text.indexOf("\n", lineStart);
    const lineEnd = lineBreak === -1 ? text.length : lineBreak;
    if (DELIMITER.test(text.slice(lineStart, lineEnd))) {
      return {
        yamlStart,
        yamlEnd: lineStart,
        bodyStart: lineBreak === -1 ? text.length : lineBreak + 1,
        eol,
      };
    }
    if (lineBreak === -1) break;
    lineStart = lineBreak + 1;
  }
  throw invalidInput('Frontmatter opened on line 1 is never closed: add a line "---" after the fields', {
    line: 1,
  });
}

/** Parses the YAML between the delimiters; anything yaml merely warns about is refused too. */
function readFrontmatter(source: string): Frontmatter {
  const doc = parseDocument(source, PARSE_OPTIONS);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw yamlError(source, problem.pos[0], problem.message.split(" at line ")[0] ?? problem.code);
  const contents = doc.contents;
  if (contents === null) return { source, map: null, data: {} };
  if (!isMap(contents)) {
    const found = isSeq(contents) ? "a list" : "a single value";
    const reason = `Frontmatter must be a mapping of fields (key: value), found ${found}`;
    throw yamlError(source, contents.range?.[0] ?? 0, reason);
  }
  checkKeys(source, contents);
  return { source, map: contents, data: toData(source, doc) };
}

/** Keys must be plain values whose JS names do not collide (`1` and `'1'` both become "1"). */
function checkKeys(source: string, map: YAMLMap): void {
  const seen = new Set<string>();
  for (const pair of map.items) {
    const offset = isNode(pair.key) ? (pair.key.range?.[0] ?? 0) : 0;
    if (!isScalar(pair.key)) throw yamlError(source, offset, "Frontmatter keys must be plain names");
    const name = keyName(pair);
    if (seen.has(name)) throw yamlError(source, offset, `Duplicate key "${name}"`);
    seen.add(name);
  }
}

/** The property name yaml's toJS gives a key. */
function keyName(pair: Pair): string {
  const value = isScalar(pair.key) ? pair.key.value : pair.key;
  return value === null ? "" : String(value);
}

function toData(source: string, doc: Document.Parsed): Record<string, unknown> {
  try {
    return doc.toJS() as Record<string, unknown>;
  } catch (error) {
    // yaml refuses alias bombs here, after parsing succeeded.
    const reason = error instanceof Error ? error.message : String(error);
    throw yamlError(source, 0, `Frontmatter cannot be read: ${reason}`);
  }
}

/** An INVALID_INPUT error pointing at a file line: the YAML source starts on line 2. */
function yamlError(source: string, offset: number, reason: string): TrackdownError {
  const lineStart = source.lastIndexOf("\n", offset - 1) + 1;
  const lineEnd = source.indexOf("\n", lineStart);
  const lineText = source.slice(lineStart, lineEnd === -1 ? source.length : lineEnd).replace(/\r$/, "");
  const line = countLines(source, lineStart) + 2;
  const column = offset - lineStart + 1;
  return invalidInput(
    `Invalid frontmatter at line ${line}, column ${column}: ${reason}: ${quoteCut(lineText)}`,
    {
      line,
      column,
      excerpt: cut(lineText),
    },
  );
}

function countLines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf("\n"); at !== -1 && at < end; at = text.indexOf("\n", at + 1)) count++;
  return count;
}

function cut(line: string): string {
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function quoteCut(line: string): string {
  return line.trim() === "" ? "(an empty line)" : JSON.stringify(cut(line));
}

/** Keeps only the changes that change something; `result` is the data the new text must hold. */
function planChanges(data: Record<string, unknown>, changes: TicketChanges): Plan {
  const set = new Map<string, unknown>();
  const unset = new Set<string>();
  const result = { ...data };
  for (const key of changes.unset ?? []) {
    if (changes.set && Object.hasOwn(changes.set, key) && changes.set[key] !== undefined) {
      throw invalidInput(`Field "${key}" is both set and unset; pick one`, { field: key });
    }
    if (Object.hasOwn(data, key)) unset.add(key);
  }
  for (const [key, value] of Object.entries(changes.set ?? {})) {
    if (value === undefined) {
      if (Object.hasOwn(data, key)) unset.add(key);
    } else if (!Object.hasOwn(data, key) || !deepEqual(data[key], value)) {
      assertStorable(key, value);
      set.set(key, value);
    }
  }
  for (const key of unset) delete result[key];
  // defineProperty, not assignment: a field named `__proto__` must stay a field.
  for (const [key, value] of set)
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  return { set, unset, result };
}

/**
 * Edits the changed fields' lines in place. If that cannot be done faithfully (a flow mapping,
 * explicit `?` keys, an alias whose anchor was rewritten) the fields are written afresh instead:
 * correct data beats a small diff. Either way the new YAML is re-read and compared.
 */
function rewriteYaml(frontmatter: Frontmatter, plan: Plan, eol: string): string {
  const fields = locateFields(frontmatter);
  if (fields) {
    const edited = editFields(frontmatter.source, fields, plan, eol);
    if (holdsData(edited, plan.result)) return edited;
  }
  const rendered = Object.entries(plan.result)
    .map(([key, value]) => stringifyField(key, value))
    .join("");
  const fresh = eol === "\n" ? rendered : rendered.replaceAll("\n", eol);
  if (holdsData(fresh, plan.result)) return fresh;
  throw new TrackdownError("INTERNAL", "Frontmatter could not be written so that it reads back the same", {
    fields: [...plan.set.keys()],
  });
}

function holdsData(source: string, expected: Record<string, unknown>): boolean {
  try {
    return deepEqual(readFrontmatter(source).data, expected);
  } catch {
    // The text we produced does not parse: the caller falls back to a full render.
    return false;
  }
}

function locateFields({ source, map }: Frontmatter): FieldLayout | null {
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

function editFields(source: string, { spans, indent }: FieldLayout, plan: Plan, eol: string): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const key of plan.unset) {
    const span = spans.get(key);
    if (span) edits.push({ start: span.start, end: span.end, text: "" });
  }
  let appended = "";
  for (const [key, value] of plan.set) {
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

/** Refuses values that YAML would store as something else (Date, undefined in a list, class instances). */
function assertStorable(path: string, value: unknown): void {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) assertStorable(`${path}[${index}]`, value[index]);
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value))
      if (item !== undefined) assertStorable(`${path}.${key}`, item);
    return;
  }
  const found = value instanceof Date ? "a Date" : value === undefined ? "undefined" : typeof value;
  throw invalidInput(
    `Field "${path}" cannot be stored in frontmatter: got ${found}; accepted are strings, numbers, booleans, null, lists and maps (dates as ISO-8601 strings)`,
    { field: path },
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Data equality as YAML sees it: map key order and `undefined` properties do not count. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  return (
    keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
  );
}
