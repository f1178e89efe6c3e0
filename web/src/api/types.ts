/**
 * Shapes the dashboard reads from the REST API. The ticket types come from the zod schemas of
 * src/core (type-only imports: nothing of the server is bundled).
 */
import type { AgingBucket, AgingTicket, Distribution, WeekThroughput } from "../../../src/core/analytics.js";
import type { ActivityEntry, Criterion } from "../../../src/core/body.js";
import type { Run, Ticket, TicketSummary } from "../../../src/core/schema.js";
import type { AgentSummary } from "../../../src/service/agents-figures.js";

export type { Claim, Priority, WorkflowStep } from "../../../src/core/schema.js";
export type { ActivityEntry, AgentSummary, Criterion, Run, Ticket, TicketSummary };

export interface TicketDetail extends Ticket {
  readonly description: string;
  readonly criteria: Criterion[];
  readonly activity: ActivityEntry[];
}

export interface TicketPage {
  readonly tickets: TicketSummary[];
  readonly total: number;
  readonly problems?: { path: string; error: string }[];
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

export interface ProjectStats {
  readonly total: number;
  readonly byStatus: Record<string, number>;
  readonly byPriority: Record<string, number>;
  readonly byType: Record<string, number>;
  readonly byAssignee: Record<string, number>;
  readonly unassigned: number;
  readonly completionRate: number | null;
  readonly throughput: WeekThroughput[];
  readonly cycleTimeHours: Distribution;
  readonly leadTimeHours: Distribution;
  readonly aging: { readonly total: number; readonly buckets: AgingBucket[]; readonly oldest: AgingTicket[] };
  readonly now: string;
}

export interface AgentDetail extends AgentSummary {
  readonly tickets: { id: string; title: string; status: string; roles: string[] }[];
  readonly recent_runs: (Run & { ticket: string })[];
}

export interface SprintSummary {
  readonly name: string;
  readonly start: string;
  readonly end: string;
  readonly goal?: string;
  readonly closed?: string;
  readonly state: string;
  readonly current: boolean;
  readonly tickets: { total: number; done: number; cancelled: number; open: number };
}

export interface SprintDetail extends SprintSummary {
  readonly members: TicketSummary[];
}

/** A live event from `GET /api/events`: the service event minus its type, which is the SSE name. */
export interface LiveEvent {
  readonly type: string;
  readonly at?: string;
  readonly actor?: string;
  readonly ticket?: TicketSummary;
  /** Set on `deleted` and on a removed file, which carry no ticket. */
  readonly id?: string;
  /** On `file-changed`: added, changed or removed. */
  readonly change?: string;
}

/** Whether an event says a ticket is gone (deleted, or its file removed by hand). */
export const isRemoval = (event: LiveEvent): boolean =>
  event.type === "deleted" || (event.type === "file-changed" && event.change === "removed" && !event.ticket);
