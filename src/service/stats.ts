import { computeStats, type Stats } from "../core/analytics.js";
import { parseQuery } from "../core/query.js";
import type { TicketService } from "./ticket-service.js";

/**
 * Project figures (src/core/analytics.ts) over the tickets a query selects, read from the index
 * only: the summaries hold every field, so no ticket file is opened. Archived tickets count
 * (archiving is housekeeping: work done stays done) unless the query says `is:archived` or
 * `-is:archived` itself.
 */
export interface ProjectStats extends Stats {
  readonly query: string;
  /** The clock the ages and weeks were measured against. */
  readonly now: string;
}

export function projectStats(service: TicketService, query = ""): ProjectStats {
  const trimmed = query.trim();
  const tickets = service.list(trimmed).tickets;
  const mentionsArchive = parseQuery(trimmed).terms.some((t) => t.kind === "is" && t.value === "archived");
  if (!mentionsArchive) tickets.push(...service.list(`${trimmed} is:archived`.trim()).tickets);
  const now = service.context.now();
  return { query: trimmed, now: now.toISOString(), ...computeStats(tickets, service.project.config, now) };
}
