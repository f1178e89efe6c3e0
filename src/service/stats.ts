import { computeStats, type Stats } from "../core/analytics.js";
import { parseQuery } from "../core/query.js";
import type { TicketSummary } from "../core/schema.js";
import { compileQuery, type QueryContext } from "../store/index-query.js";
import { currentSprintName } from "./sprints.js";
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
  const now = service.context.now();
  const { config } = service.project;
  const context = { config, now, currentSprint: currentSprintName(service.project, now) };
  service.refresh();
  const tickets = select(service, trimmed, context);
  const mentionsArchive = parseQuery(trimmed).terms.some((t) => t.kind === "is" && t.value === "archived");
  if (!mentionsArchive) tickets.push(...select(service, `${trimmed} is:archived`.trim(), context));
  return { query: trimmed, now: now.toISOString(), ...computeStats(tickets, config, now) };
}

/** The matching summaries, without the count and second refresh that `service.list` adds. */
function select(service: TicketService, query: string, context: QueryContext): TicketSummary[] {
  const compiled = compileQuery(parseQuery(query), context, { sort: "id" });
  return service.project.index.summaries(compiled.sql, compiled.params);
}
