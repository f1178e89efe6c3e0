import { resolve } from "node:path";
import { invalidInput, TrackdownError } from "../core/errors.js";
import { type ExportedTicket, toCsv, toMarkdown } from "../core/export-format.js";
import type { Ticket, TicketSummary } from "../core/schema.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { loadTicketFile } from "../store/ticket-files.js";
import { INTERCHANGE_FORMAT, INTERCHANGE_VERSION, type InterchangeDocument } from "./interchange.js";
import type { TicketService } from "./ticket-service.js";
import { nowIso } from "./ticket-writer.js";

/** `export`: tickets as Trackdown's JSON interchange document, as CSV, or as Markdown. */

export const EXPORT_FORMATS = ["json", "csv", "md"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  readonly format?: ExportFormat | undefined;
  /** A query of the query language; without one every ticket is exported, archived ones too. */
  readonly query?: string | undefined;
  /** Sort keys as `list` takes them; default `id`. */
  readonly sort?: string | undefined;
}

export interface ExportResult {
  readonly format: ExportFormat;
  readonly count: number;
  readonly text: string;
}

export function parseExportFormat(value: string): ExportFormat {
  const format = value.trim().toLowerCase();
  const known = EXPORT_FORMATS.find((f) => f === format || (f === "md" && format === "markdown"));
  if (known) return known;
  throw invalidInput(`Unknown export format "${value}"; accepted: ${EXPORT_FORMATS.join(", ")}`, {
    value,
    accepted: [...EXPORT_FORMATS],
  });
}

export function exportTickets(service: TicketService, options: ExportOptions = {}): ExportResult {
  const format = options.format ?? "json";
  const query = options.query?.trim() ?? "";
  const tickets = collectTickets(service, query, options.sort ?? "id");
  const exportedAt = nowIso(service.context);
  const project = service.project.config.project;
  let text: string;
  if (format === "csv") text = toCsv(tickets);
  else if (format === "md") text = toMarkdown(tickets, { project, exportedAt, query });
  else text = `${JSON.stringify(interchangeDocument(tickets, exportedAt, project, query), null, 2)}\n`;
  return { format, count: tickets.length, text };
}

function interchangeDocument(
  tickets: ExportedTicket[],
  exportedAt: string,
  project: string,
  query: string,
): InterchangeDocument {
  return {
    format: INTERCHANGE_FORMAT,
    version: INTERCHANGE_VERSION,
    exported_at: exportedAt,
    project,
    ...(query ? { query } : {}),
    tickets,
  };
}

/** The matching tickets read from their files: the index says which and where, files say what. */
export function collectTickets(service: TicketService, query: string, sort: string): ExportedTicket[] {
  const listed: TicketSummary[] = service.list(query, { sort }).tickets;
  if (query === "") listed.push(...service.list("is:archived", { sort }).tickets);
  return listed.flatMap((summary) => {
    const ticket = readTicket(service, summary);
    return ticket ? [ticket] : [];
  });
}

function readTicket(service: TicketService, summary: TicketSummary): ExportedTicket | undefined {
  const loaded = loadTicketFile(service.project.paths.root, summary.path);
  if (loaded.ok) return exported(loaded.doc.data, loaded.ticket);
  // Moved or deleted by another writer since the listing: follow it, or leave it out.
  try {
    return exported({}, service.get(summary.id));
  } catch (error) {
    if (error instanceof TrackdownError && error.code === "NOT_FOUND") return undefined;
    throw error;
  }
}

/**
 * The file's own key order first (custom keys where the author put them), then the fields the
 * schema fills in with defaults; the index's bookkeeping (path, revision) is left out.
 */
function exported(data: Record<string, unknown>, ticket: Ticket): ExportedTicket {
  const { path: _path, revision: _revision, body, ...fields } = ticket;
  const ordered: Record<string, unknown> = {};
  for (const key of Object.keys(data)) if (key in fields) ordered[key] = fields[key];
  return { ...ordered, ...fields, body } as ExportedTicket;
}

/** Writes an export to a file atomically: a reader sees the old file or the whole new one. */
export async function writeExportFile(path: string, text: string): Promise<void> {
  await writeFileAtomic(resolve(path), text);
}
