import { type Document, isMap, isNode, isScalar, isSeq, type Pair, parseDocument, type YAMLMap } from "yaml";
import { invalidInput, type TrackdownError } from "../core/errors.js";

/**
 * Finding the `---` delimiters of a ticket file and reading the YAML between them. Errors name
 * the file line and quote a cut copy of it. Pure string work.
 */

/** Where the parts of a ticket file are, as offsets into its text. */
export interface FileLayout {
  readonly yamlStart: number;
  /** Start of the closing `---` line; also the end of the YAML source. */
  readonly yamlEnd: number;
  readonly bodyStart: number;
  readonly eol: string;
}

export interface Frontmatter {
  readonly source: string;
  readonly map: YAMLMap | null;
  readonly data: Record<string, unknown>;
}

const DELIMITER = /^---[ ]*\r?$/;
const PARSE_OPTIONS = { schema: "core", uniqueKeys: true, logLevel: "error" } as const;

export function locateFrontmatter(text: string): FileLayout {
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
export function readFrontmatter(source: string): Frontmatter {
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
export function keyName(pair: Pair): string {
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
