import type { ActivityEntry } from "../core/body.js";
import type { TicketSummary } from "../core/schema.js";
import type { TicketDetail } from "../service/ticket-service.js";

/**
 * Compact text for MCP results. Every token an agent reads costs it context, so lists are one
 * line per ticket and a ticket is its fields on a few lines, its description, criteria and
 * the newest activity. The full JSON goes alongside as structured content.
 */

/** The fields of a compact row, also its structured form. */
export interface CompactRow {
  readonly id: string;
  readonly status: string;
  readonly priority: string;
  readonly assignee: string | null;
  readonly title: string;
}

/** How many activity entries a compact ticket shows, and how long each may be. */
export const COMPACT_ACTIVITY = 5;
export const COMPACT_ENTRY_CHARS = 200;

export function compactRow(ticket: TicketSummary): CompactRow {
  return {
    id: ticket.id,
    status: ticket.status,
    priority: ticket.priority,
    assignee: ticket.assignee ?? null,
    title: ticket.title,
  };
}

/** `ID status priority assignee title`, with `-` for nobody. */
export function formatRow(ticket: TicketSummary | CompactRow): string {
  return `${ticket.id} ${ticket.status} ${ticket.priority} ${oneWord(ticket.assignee ?? "-")} ${oneLine(ticket.title)}`;
}

/** One row per ticket, then a line saying how to page when the list is cut short. */
export function formatList(tickets: readonly TicketSummary[], total: number, offset = 0): string {
  if (tickets.length === 0)
    return total === 0 ? "No tickets match." : `No tickets at offset ${offset} of ${total}.`;
  const lines = tickets.map(formatRow);
  const shown = offset + tickets.length;
  if (shown < total || offset > 0) {
    lines.push(`(${offset + 1}-${shown} of ${total}${shown < total ? `; next: offset ${shown}` : ""})`);
  }
  return lines.join("\n");
}

/** A ticket in a few lines: row, other set fields, description, criteria, recent activity. */
export function formatTicket(ticket: TicketDetail): string {
  const lines = [formatRow(ticket)];
  const fields = ticketFields(ticket);
  if (fields) lines.push(fields);
  if (ticket.description) lines.push("", ticket.description);
  if (ticket.criteria.length > 0) {
    lines.push("", "Acceptance criteria:");
    for (const c of ticket.criteria) lines.push(`[${c.done ? "x" : " "}] ${oneLine(c.text)}`);
  }
  const recent = ticket.activity.slice(-COMPACT_ACTIVITY);
  if (recent.length > 0) {
    const of =
      recent.length < ticket.activity.length ? ` (last ${recent.length} of ${ticket.activity.length})` : "";
    lines.push("", `Activity${of}:`);
    for (const entry of recent) lines.push(formatEntry(entry));
  }
  return lines.join("\n");
}

/** The set fields beyond the row, as `name:value` words on one line. */
function ticketFields(ticket: TicketDetail): string {
  const parts: [string, string | number | undefined][] = [
    ["type", ticket.type],
    ["tags", ticket.tags.join(",") || undefined],
    ["parent", ticket.parent],
    ["depends_on", ticket.depends_on.join(",") || undefined],
    ["blocks", ticket.blocks.join(",") || undefined],
    ["related", ticket.related.join(",") || undefined],
    ["duplicate_of", ticket.duplicate_of],
    ["sprint", ticket.sprint],
    ["estimate", ticket.estimate],
    ["claim", ticket.claim ? `${ticket.claim.agent} until ${ticket.claim.expires}` : undefined],
    ["workflow", ticket.workflow?.map((s) => `${s.agent}=${s.status}/${s.progress}%`).join(",")],
    ["updated", ticket.updated],
    ["rev", ticket.revision],
  ];
  return parts
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([name, value]) => `${name}:${value}`)
    .join(" ");
}

export function formatEntry(entry: ActivityEntry): string {
  const verb = entry.kind === "comment" ? ": " : " ";
  return `${entry.at} ${entry.author}${verb}${truncate(oneLine(entry.text), COMPACT_ENTRY_CHARS)}`;
}

/** The structured form of a compact ticket: no body, only the activity shown in the text. */
export function compactTicket(ticket: TicketDetail): Record<string, unknown> {
  const { body: _body, activity, ...rest } = ticket;
  return { ...rest, activity: activity.slice(-COMPACT_ACTIVITY) };
}

/** The whole ticket: its frontmatter fields as JSON, then its Markdown body as written. */
export function formatFullTicket(ticket: TicketDetail): string {
  const { body, description: _d, criteria: _c, activity: _a, ...fields } = ticket;
  return `${JSON.stringify(fields)}\n\n${body}`;
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ⏎ ").trim();
}

function oneWord(text: string): string {
  return text.replace(/\s+/g, "_");
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
