import type { StatusCategory } from "../core/config.js";
import { invalidInput, notFound } from "../core/errors.js";
import type { TicketSummary } from "../core/schema.js";
import { sameAgent } from "../core/workflow-steps.js";
import type { TicketService } from "../service/ticket-service.js";
import { viewWorkflow } from "../service/workflows.js";

/** How many of the agent's tickets are looked at when it names none. */
const SCAN_LIMIT = 200;

/**
 * The ticket an agent means when it gives no ID: the one it holds a claim on, or else the one
 * in active work assigned to it or whose due workflow step is its own. Several are refused with
 * their IDs, so the agent can pick.
 */
export function agentTicket(service: TicketService, id: string | undefined): string {
  if (id !== undefined) return id;
  const me = service.actor;
  const claimed = service
    .list("is:claimed", { limit: SCAN_LIMIT })
    .tickets.filter((t) => t.claim?.agent === me);
  const mine =
    claimed.length > 0
      ? claimed
      : service
          .list("is:active", { limit: SCAN_LIMIT })
          .tickets.filter((t) => t.assignee === me || isMyTurn(t, me));
  const [only, ...others] = mine;
  if (!only) {
    throw notFound(`${me} holds no claimed or in-progress ticket; pass its id, or take one with next`, {
      agent: me,
    });
  }
  if (others.length > 0) {
    throw invalidInput(`${me} holds ${mine.length} tickets (${ids(mine)}); pass the id of one`, {
      agent: me,
      candidates: mine.map((t) => t.id),
    });
  }
  return only.id;
}

/** The project's first status of a category, e.g. `completed` for done. */
export function statusOf(service: TicketService, category: StatusCategory): string {
  const { statuses } = service.project.config;
  const found = Object.entries(statuses).find(([, def]) => def.category === category)?.[0];
  if (found === undefined) {
    throw invalidInput(`This project has no status of category "${category}"; use the transition tool`, {
      category,
      accepted: Object.keys(statuses),
    });
  }
  return found;
}

function isMyTurn(ticket: TicketSummary, agent: string): boolean {
  const due = viewWorkflow(ticket).current;
  return due !== null && sameAgent(due.agent, agent);
}

function ids(tickets: readonly TicketSummary[]): string {
  return tickets.map((t) => t.id).join(", ");
}
