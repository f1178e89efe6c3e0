import { parseDocument } from "yaml";
import type { Reporter } from "./types.js";

/**
 * Frontmatter of other tools' Markdown files, read leniently. Strict YAML is tried first; if it
 * fails, known slips of hand-written or tool-written frontmatter are fixed up and the fix is
 * reported: values starting with `@` or a backtick (reserved in YAML; Backlog.md writes
 * `assignee: @user`), plain values holding `: `, tab indentation, duplicate keys (last wins).
 */

export interface SourceDocument {
  readonly data: Record<string, unknown>;
  readonly body: string;
}

const FRONTMATTER = /^\ufeff?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** Splits `---` frontmatter from the body; undefined when the text has none. */
export function splitFrontmatter(text: string): { yaml: string; body: string } | undefined {
  const match = FRONTMATTER.exec(text);
  if (!match) return undefined;
  return { yaml: match[1] ?? "", body: text.slice(match[0].length) };
}

/** Reads a Markdown file with frontmatter; problems go to `report`, undefined if unreadable. */
export function readSourceMarkdown(text: string, report: Reporter): SourceDocument | undefined {
  const parts = splitFrontmatter(text);
  if (!parts) {
    report("not-a-ticket", "info", "no frontmatter (no leading --- block)", "skipped the file");
    return undefined;
  }
  const data = readYaml(parts.yaml, report);
  return data === undefined ? undefined : { data, body: parts.body.replace(/\r\n?/g, "\n") };
}

type Parsed = { ok: true; data: Record<string, unknown> } | { ok: false; error: string; code: string };

function parseYaml(source: string, uniqueKeys: boolean): Parsed {
  const doc = parseDocument(source, { schema: "core", uniqueKeys, logLevel: "silent" });
  const problem = doc.errors[0];
  if (problem)
    return { ok: false, error: problem.message.split("\n")[0] ?? problem.code, code: problem.code };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), code: "ALIAS" };
  }
  if (data === null || data === undefined) return { ok: true, data: {} };
  if (typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, error: "frontmatter is not a mapping of fields", code: "NOT_MAP" };
  }
  return { ok: true, data: data as Record<string, unknown> };
}

/** Parses frontmatter YAML, fixing known slips; undefined (and an error reported) if it cannot. */
export function readYaml(source: string, report: Reporter): Record<string, unknown> | undefined {
  const strict = parseYaml(source, true);
  if (strict.ok) return strict.data;
  const fixed = fixUp(source);
  let parsed = fixed.lines.length > 0 ? parseYaml(fixed.text, true) : strict;
  if (!parsed.ok && parsed.code === "DUPLICATE_KEY") {
    parsed = parseYaml(fixed.text, false);
    if (parsed.ok) {
      report("yaml", "fixed", `frontmatter has a duplicate key (${strict.error})`, "kept the last value");
    }
  }
  if (!parsed.ok) {
    report("yaml", "error", `frontmatter is not valid YAML: ${strict.error}`, "skipped the file");
    return undefined;
  }
  for (const line of fixed.lines) {
    report("yaml", "fixed", `frontmatter line ${line.number}: ${line.what} (${cut(line.text)})`, line.action);
  }
  return parsed.data;
}

interface FixedLine {
  readonly number: number;
  readonly text: string;
  readonly what: string;
  readonly action: string;
}

const RESERVED_START = /^(\s*(?:-[ \t]+|[A-Za-z0-9_.-]+:[ \t]+))([@`][^\n]*?)[ \t]*$/;
const FLOW_WITH_RESERVED = /^(\s*(?:-[ \t]+|[A-Za-z0-9_.-]+:[ \t]+))\[((?:[^\]]*[,[ ])?[@`][^\]]*)\][ \t]*$/;
const COLON_IN_VALUE = /^([A-Za-z0-9_.-]+:[ \t]+)([^'"[\]{}|>&*!%@`#\s-][^\n]*?: [^\n]*?)[ \t]*$/;

function fixUp(source: string): { text: string; lines: FixedLine[] } {
  const lines: FixedLine[] = [];
  let blockIndent: number | undefined;
  const out = source.split(/\r?\n/).map((line, index) => {
    const number = index + 2; // the file's line: frontmatter starts after the opening ---
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (blockIndent !== undefined && (line.trim() === "" || indent > blockIndent)) return line;
    blockIndent = /:[ \t]*[|>][-+0-9]*[ \t]*$/.test(line) ? indent : undefined;
    if (/^\t+/.test(line)) {
      lines.push({ number, text: line, what: "tab indentation", action: "replaced tabs by spaces" });
      return line.replace(/^\t+/, (tabs) => "  ".repeat(tabs.length));
    }
    const flow = FLOW_WITH_RESERVED.exec(line);
    if (flow) {
      const items = (flow[2] ?? "").split(",").map((item) => item.trim());
      const quoted = items.map((item) => (/^[@`]/.test(item) ? quote(item) : item));
      lines.push({
        number,
        text: line,
        what: "list item starting with @ (not allowed in YAML)",
        action: "quoted it",
      });
      return `${flow[1]}[${quoted.join(", ")}]`;
    }
    const reserved = RESERVED_START.exec(line);
    if (reserved) {
      const what = `unquoted value starting with ${reserved[2]?.[0]} (not allowed in YAML)`;
      lines.push({ number, text: line, what, action: "quoted the value" });
      return `${reserved[1]}${quote(reserved[2] ?? "")}`;
    }
    const colon = COLON_IN_VALUE.exec(line);
    if (colon) {
      lines.push({ number, text: line, what: 'unquoted value holding ": "', action: "quoted the value" });
      return `${colon[1]}${quote(colon[2] ?? "")}`;
    }
    return line;
  });
  return { text: out.join("\n"), lines };
}

function quote(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function cut(text: string): string {
  const line = text.trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
