import { type Inline, parseInline } from "./markdown-inline.js";

/**
 * A small Markdown parser for ticket bodies, comments and the registry: headings, paragraphs,
 * lists with task checkboxes, code blocks, quotes, rules and tables. It yields plain data; the
 * view builds elements from it, so HTML in the text is never interpreted.
 */

export type { Inline };

export type Block =
  | { readonly kind: "heading"; readonly level: number; readonly content: Inline[] }
  | { readonly kind: "paragraph"; readonly content: Inline[] }
  | { readonly kind: "code"; readonly lang: string; readonly text: string }
  | { readonly kind: "quote"; readonly children: Block[] }
  | { readonly kind: "rule" }
  | { readonly kind: "list"; readonly ordered: boolean; readonly start: number; readonly items: ListItem[] }
  | {
      readonly kind: "table";
      readonly align: ("left" | "center" | "right" | null)[];
      readonly head: Inline[][];
      readonly rows: Inline[][][];
    };

export interface ListItem {
  /** A task item's state; null for a plain item. */
  readonly checked: boolean | null;
  readonly children: Block[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/;
const HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?\s*#*\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const BULLET = /^( {0,3})([-*+]|\d{1,9}[.)])(\s+|$)/;
const QUOTE = /^ {0,3}> ?/;
const TABLE_SEP = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const TASK = /^\[([ xX])\]\s+/;

export function parseMarkdown(text: string): Block[] {
  return parseBlocks(text.replace(/\r\n?/g, "\n").split("\n"));
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? "";
    if (line.trim() === "") {
      i += 1;
      continue;
    }
    const parsed = fence(lines, i) ?? heading(line, i) ?? rule(line, i) ?? quote(lines, i) ?? list(lines, i);
    const next = parsed ?? table(lines, i) ?? paragraph(lines, i);
    blocks.push(next.block);
    i = next.end;
  }
  return blocks;
}

type Parsed = { block: Block; end: number } | undefined;

function fence(lines: string[], i: number): Parsed {
  const match = FENCE.exec(lines[i] ?? "");
  if (!match?.[1]) return undefined;
  const marker = match[1];
  const body: string[] = [];
  let j = i + 1;
  while (j < lines.length && !(lines[j] ?? "").trim().startsWith(marker)) body.push(lines[j++] ?? "");
  return { block: { kind: "code", lang: match[2] ?? "", text: body.join("\n") }, end: j + 1 };
}

function heading(line: string, i: number): Parsed {
  const match = HEADING.exec(line);
  if (!match?.[1]) return undefined;
  return {
    block: { kind: "heading", level: match[1].length, content: parseInline(match[2] ?? "") },
    end: i + 1,
  };
}

function rule(line: string, i: number): Parsed {
  return RULE.test(line) ? { block: { kind: "rule" }, end: i + 1 } : undefined;
}

function quote(lines: string[], i: number): Parsed {
  if (!QUOTE.test(lines[i] ?? "")) return undefined;
  const inner: string[] = [];
  let j = i;
  while (j < lines.length && QUOTE.test(lines[j] ?? "")) inner.push((lines[j++] ?? "").replace(QUOTE, ""));
  return { block: { kind: "quote", children: parseBlocks(inner) }, end: j };
}

function list(lines: string[], i: number): Parsed {
  const first = BULLET.exec(lines[i] ?? "");
  if (!first?.[2]) return undefined;
  const ordered = /\d/.test(first[2]);
  const items: ListItem[] = [];
  let j = i;
  while (j < lines.length) {
    // Blank lines between items keep one list.
    if ((lines[j] ?? "").trim() === "" && BULLET.test(lines[j + 1] ?? "")) j += 1;
    const match = BULLET.exec(lines[j] ?? "");
    if (!match?.[2] || /\d/.test(match[2]) !== ordered) break;
    const indent = (match[1] ?? "").length + match[2].length + Math.min((match[3] ?? " ").length || 1, 4);
    const body = [(lines[j] ?? "").slice(match[0].length)];
    j += 1;
    while (j < lines.length && continuesItem(lines[j] ?? "", lines[j + 1], body.at(-1), indent)) {
      const line = lines[j] ?? "";
      body.push(line.slice(Math.min(indent, leading(line))));
      j += 1;
    }
    items.push(listItem(body));
  }
  const start = ordered ? Number.parseInt(first[2], 10) : 1;
  return { block: { kind: "list", ordered, start, items }, end: j };
}

const leading = (line: string): number => line.length - line.trimStart().length;
const isIndented = (line: string | undefined, indent: number): boolean =>
  line !== undefined && line.trim() !== "" && leading(line) >= indent;
/** Whether `line` still belongs to a list item whose content starts at column `indent`. */
function continuesItem(
  line: string,
  next: string | undefined,
  previous: string | undefined,
  indent: number,
): boolean {
  if (line.trim() === "") return isIndented(next, indent);
  if (leading(line) >= indent) return true;
  // A lazy continuation line of the item's paragraph.
  return previous !== undefined && previous.trim() !== "" && !BULLET.test(line) && !blockStart(line);
}

const blockStart = (line: string): boolean =>
  FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line);

function listItem(body: string[]): ListItem {
  const task = TASK.exec(body[0] ?? "");
  if (task) body[0] = (body[0] ?? "").slice(task[0].length);
  return { checked: task ? task[1] !== " " : null, children: parseBlocks(body) };
}

function table(lines: string[], i: number): Parsed {
  const header = lines[i] ?? "";
  const separator = lines[i + 1] ?? "";
  if (!header.includes("|") || !TABLE_SEP.test(separator) || !separator.includes("-")) return undefined;
  const align = cells(separator).map((cell) => {
    const left = cell.startsWith(":");
    const right = cell.endsWith(":");
    return left && right ? "center" : right ? "right" : left ? "left" : null;
  });
  const rows: Inline[][][] = [];
  let j = i + 2;
  while (j < lines.length && (lines[j] ?? "").includes("|") && (lines[j] ?? "").trim() !== "") {
    rows.push(cells(lines[j++] ?? "").map(parseInline));
  }
  return { block: { kind: "table", align, head: cells(header).map(parseInline), rows }, end: j };
}

/** The cells of a table row; `\|` stays in the cell. */
function cells(row: string): string[] {
  const trimmed = row
    .trim()
    .replace(/^\|/, "")
    .replace(/(?<!\\)\|$/, "");
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, "|"));
}

function paragraph(lines: string[], i: number): { block: Block; end: number } {
  const body: string[] = [];
  let j = i;
  while (j < lines.length) {
    const line = lines[j] ?? "";
    if (line.trim() === "" || (j > i && (blockStart(line) || BULLET.test(line)))) break;
    body.push(line.trimStart());
    j += 1;
  }
  return { block: { kind: "paragraph", content: parseInline(body.join("\n")) }, end: j };
}
