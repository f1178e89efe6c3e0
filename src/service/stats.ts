import { type Stats, statsOf } from "../core/analytics.js";
import { parseQuery } from "../core/query.js";
import { compileQuery } from "../store/index-query.js";
import { statsTally } from "../store/index-reports.js";
import { currentSprintName } from "./sprints.js";
import type { TicketService } from "./ticket-service.js";

/**
 * Project figures (src/core/analytics.ts) over the tickets a query selects, read from the index
 * only, with SQL aggregates (store/index-reports.ts): no ticket file is opened. Archived
 * tickets count (archiving is housekeeping: work done stays done) unless the query says
 * `is:archived` or `-is:archived` itself.
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
  const { filter } = compileQuery(parseQuery(trimmed), context, { includeArchived: true });
  const tally = statsTally(service.project.index, filter);
  return { query: trimmed, now: now.toISOString(), ...statsOf(tally, config, now) };
}
