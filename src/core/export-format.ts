import { description } from "./body.js";
import type { TicketFields } from "./schema.js";

/**
 * Exported tickets as CSV (RFC 4180) and as a readable Markdown document. Pure string work:
 * the service gathers the tickets, these functions only lay them out.
 */

/** A ticket as exported: every frontmatter field (core and custom) plus its Markdown body. */
export type ExportedTicket = TicketFields & { readonly body: string };

/** The columns every CSV export starts with, in this order; other fields follow. */
export const CSV_CORE_COLUMNS = [
  "id",
  "type",
  "title",
  "status",
  "priority",
  "assignee",
  "tags",
  "parent",
  "depends_on",
  "blocks",
  "related",
  "duplicate_of",
  "sprint",
  "estimate",
  "time_spent",
  "created",
  "updated",
  "started",
  "completed",
] as const;

/** Joins the items of list fields inside one CSV cell. */
export const CSV_LIST_SEPARATOR = ";";

/**
 * One header row and one row per ticket, CRLF line ends, cells quoted when they hold a comma,
 * a quote or a line break (quotes doubled). Lists of plain values are joined with `;`; maps and
 * lists of maps (workflow, claim) are written as JSON. The last column is the description.
 */
export function toCsv(tickets: readonly ExportedTicket[]): string {
  const extra = extraColumns(tickets);
  const header = [...CSV_CORE_COLUMNS, ...extra, "description"];
  const rows = tickets.map((ticket) => [
    ...[...CSV_CORE_COLUMNS, ...extra].map((column) => csvValue(ticket[column])),
    description(ticket.body),
  ]);
  return [header, ...rows].map((row) => `${row.map(csvCell).join(",")}\r\n`).join("");
}

/** Fields beyond the core columns, in order of first appearance. */
function extraColumns(tickets: readonly ExportedTicket[]): string[] {
  const core = new Set<string>([...CSV_CORE_COLUMNS, "body", "description"]);
  const seen = new Set<string>();
  for (const ticket of tickets) {
    for (const [key, value] of Object.entries(ticket)) {
      if (!core.has(key) && value !== undefined) seen.add(key);
    }
  }
  return [...seen];
}

function csvValue(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value) && value.every(isScalar)) return value.map(String).join(CSV_LIST_SEPARATOR);
  if (isScalar(value)) return String(value);
  return JSON.stringify(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

/** RFC 4180 §2.6–2.7: quote a cell holding a separator, a quote or a line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface MarkdownOptions {
  readonly project: string;
  readonly exportedAt: string;
  readonly query?: string | undefined;
}

/** A summary table of every ticket, then one section per ticket with its fields and body. */
export function toMarkdown(tickets: readonly ExportedTicket[], options: MarkdownOptions): string {
  const scope = options.query ? ` matching \`${options.query.replaceAll("`", "'")}\`` : "";
  const parts = [
    `# ${oneLine(options.project)}: tickets`,
    `${tickets.length} ${tickets.length === 1 ? "ticket" : "tickets"}${scope}, exported ${options.exportedAt}.`,
    summaryTable(tickets),
    ...tickets.map(ticketSection),
  ];
  return `${parts.join("\n\n")}\n`;
}

function summaryTable(tickets: readonly ExportedTicket[]): string {
  if (tickets.length === 0) return "_No tickets._";
  const header =
    "| ID | Title | Type | Status | Priority | Assignee |\n| --- | --- | --- | --- | --- | --- |";
  const rows = tickets.map((t) =>
    [t.id, t.title, t.type, t.status, t.priority, t.assignee ?? ""].map(tableCell).join(" | "),
  );
  return [header, ...rows.map((row) => `| ${row} |`)].join("\n");
}

const SECTION_SKIP = new Set(["id", "title", "body"]);

function ticketSection(ticket: ExportedTicket): string {
  const fields = Object.entries(ticket)
    .filter(([key, value]) => !SECTION_SKIP.has(key) && !isEmpty(value))
    .map(([key, value]) => `- **${key}**: ${fieldText(value)}`);
  const body = demoteHeadings(ticket.body.replace(/\r\n?/g, "\n").trim(), 2);
  return [`## ${ticket.id}: ${oneLine(ticket.title)}`, fields.join("\n"), body]
    .filter((part) => part !== "")
    .join("\n\n");
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function fieldText(value: unknown): string {
  if (Array.isArray(value) && value.every(isScalar)) return value.map((v) => `\`${v}\``).join(", ");
  if (isScalar(value)) return oneLine(String(value));
  return `\`${JSON.stringify(value).replaceAll("`", "'")}\``;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

function tableCell(text: string): string {
  return oneLine(text).replaceAll("|", "\\|") || " ";
}

/**
 * Pushes every ATX heading down `levels` (at most to `######`) so a ticket's own `## Activity`
 * sits under the ticket's section. Lines inside fenced code blocks are left alone.
 */
export function demoteHeadings(markdown: string, levels: number): string {
  let fence: string | undefined;
  return markdown
    .split("\n")
    .map((line) => {
      if (fence !== undefined) {
        const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)?.[1];
        if (closing && closing[0] === fence[0] && closing.length >= fence.length) fence = undefined;
        return line;
      }
      const opening = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
      if (opening !== undefined) {
        fence = opening;
        return line;
      }
      const heading = /^(#{1,6})(\s|$)/.exec(line);
      if (!heading?.[1]) return line;
      const depth = Math.min(6, heading[1].length + levels);
      return `${"#".repeat(depth)}${line.slice(heading[1].length)}`;
    })
    .join("\n");
}
