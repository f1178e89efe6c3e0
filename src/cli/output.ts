import type { ActivityEntry } from "../core/body.js";
import type { TicketSummary } from "../core/schema.js";

/** Text output helpers. Colour only on a TTY, never with NO_COLOR (STYLE.md 10). */

export interface Out {
  readonly color: boolean;
  readonly tty: boolean;
  line(text?: string): void;
  json(value: unknown): void;
  /** A line on stderr: warnings and progress, kept out of what a pipe reads. */
  warn(text: string): void;
}

/** Where text goes: process.stdout, or a client's stream (cli/serve-commands.ts). */
export interface Sink {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  /** The terminal's width, when it is one. */
  readonly columns?: number | undefined;
}

export function createOut(
  stream: Sink = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
  stderr: Sink = process.stderr,
): Out {
  const tty = stream.isTTY === true;
  const color = tty && (env.NO_COLOR === undefined || env.NO_COLOR === "") && env.TERM !== "dumb";
  return {
    color,
    tty,
    line: (text = "") => stream.write(`${text}\n`),
    json: (value) => stream.write(`${JSON.stringify(value, null, 2)}\n`),
    warn: (text) => stderr.write(`${text}\n`),
  };
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36 } as const;
export type Style = keyof typeof CODES;

export function paint(out: Out, style: Style, text: string): string {
  return out.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

const PRIORITY_STYLE: Record<string, Style> = { critical: "red", high: "yellow", medium: "blue", low: "dim" };

/** Aligned columns on a terminal; tab-separated for pipes, so `cut -f` works. */
export function printTable(
  out: Out,
  header: string[],
  rows: string[][],
  styles: (Style | undefined)[] = [],
): void {
  if (!out.tty) {
    for (const row of rows) out.line(row.join("\t"));
    return;
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const pad = (cells: string[], paintCell: (cell: string, i: number) => string) =>
    cells
      .map((cell, i) => paintCell(i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0), i))
      .join("  ");
  out.line(pad(header, (cell) => paint(out, "bold", cell)));
  for (const row of rows) {
    out.line(pad(row, (cell, i) => (styles[i] ? paint(out, styles[i] as Style, cell) : cell)));
  }
}

export function printTickets(out: Out, tickets: readonly TicketSummary[]): void {
  const rows = tickets.map((t) => [t.id, t.status, t.priority, t.assignee ?? "-", t.title]);
  if (out.tty) {
    const header = ["ID", "STATUS", "PRIORITY", "ASSIGNEE", "TITLE"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
    out.line(header.map((h, i) => paint(out, "bold", i < 4 ? h.padEnd(widths[i] ?? 0) : h)).join("  "));
    for (const [i, row] of rows.entries()) {
      const priority = tickets[i]?.priority ?? "medium";
      const cells = row.map((cell, c) => (c < 4 ? cell.padEnd(widths[c] ?? 0) : cell));
      cells[0] = paint(out, "cyan", cells[0] ?? "");
      cells[2] = paint(out, PRIORITY_STYLE[priority] ?? "dim", cells[2] ?? "");
      out.line(cells.join("  "));
    }
    return;
  }
  for (const row of rows) out.line(row.join("\t"));
}

export function formatActivityLine(out: Out, entry: ActivityEntry): string {
  const head = `${paint(out, "dim", entry.at)} ${paint(out, "bold", entry.author)}`;
  return entry.kind === "comment"
    ? `${head}:\n    ${entry.text.split("\n").join("\n    ")}`
    : `${head} ${entry.text}`;
}

/** `1 ticket`, `2 tickets`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
