import { notFound } from "../core/errors.js";
import type { Run, TicketSummary } from "../core/schema.js";
import { categoryOf, isClosedCategory } from "../core/workflow.js";
import { SUMMARY_COLUMNS } from "../store/index-schema.js";
import { type AgentSummary, type AgentTicket, agentKey, computeAgents } from "./agents-figures.js";
import type { TicketService } from "./ticket-service.js";
import { nowIso } from "./ticket-writer.js";

/**
 * The agents a project has seen and what they are doing, computed from the index in one
 * query (the frontmatter JSON holds claims, steps and runs): no ticket file is read.
 */

export type { AgentState, AgentSummary, CurrentWork } from "./agents-figures.js";

const AGENT_TICKETS = `SELECT ${SUMMARY_COLUMNS} FROM tickets t JOIN ticket_data d ON d.rowid = t.rowid
  WHERE t.assignee IS NOT NULL OR t.claim_agent IS NOT NULL
     OR json_type(d.data, '$.workflow') = 'array' OR json_type(d.data, '$.runs') = 'array'
  ORDER BY t.id_key`;

function agentTickets(service: TicketService): AgentTicket[] {
  service.refresh();
  const { config, index } = service.project;
  return index.summaries(AGENT_TICKETS, []).map((t: TicketSummary) => ({
    id: t.id,
    title: t.title,
    status: t.status,
    closed: isClosedCategory(categoryOf(config, t.status)),
    assignee: t.assignee,
    claim: t.claim,
    workflow: t.workflow,
    runs: t.runs,
  }));
}

const leaseMs = (service: TicketService): number => service.project.config.claims.lease_minutes * 60_000;

/** Every agent seen in claims, assignees, workflow steps and runs; working agents first. */
export function listAgents(service: TicketService): AgentSummary[] {
  return computeAgents(agentTickets(service), nowIso(service.context), leaseMs(service));
}

export interface AgentTicketRole {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  /** `assignee`, `claim`, `step 2 (in_progress)`, `runs 3`. */
  readonly roles: string[];
}

export interface AgentDetail extends AgentSummary {
  readonly tickets: AgentTicketRole[];
  /** The agent's latest runs, newest first (at most 10). */
  readonly recent_runs: (Run & { ticket: string })[];
}

/** One agent's figures, the tickets it touches and its latest runs. */
export function showAgent(service: TicketService, name: string): AgentDetail {
  const tickets = agentTickets(service);
  const all = computeAgents(tickets, nowIso(service.context), leaseMs(service));
  const key = agentKey(name);
  const summary = all.find((a) => agentKey(a.name) === key);
  if (!summary) {
    const known = all.map((a) => a.name);
    throw notFound(`No agent named "${name}"; agents seen: ${known.join(", ") || "none yet"}`, {
      value: name,
      accepted: known,
    });
  }
  const mine = (agent: string) => agentKey(agent) === key;
  const roles: AgentTicketRole[] = [];
  const runs: (Run & { ticket: string })[] = [];
  for (const t of tickets) {
    const found: string[] = [];
    if (t.assignee && mine(t.assignee)) found.push("assignee");
    if (t.claim && mine(t.claim.agent)) found.push("claim");
    for (const [i, step] of (t.workflow ?? []).entries()) {
      if (mine(step.agent)) found.push(`step ${i + 1} (${step.status})`);
    }
    const own = (t.runs ?? []).filter((r) => mine(r.agent));
    if (own.length > 0) found.push(`runs ${own.length}`);
    for (const run of own) runs.push({ ...run, ticket: t.id });
    if (found.length > 0) roles.push({ id: t.id, title: t.title, status: t.status, roles: found });
  }
  runs.sort((a, b) => b.finished.localeCompare(a.finished));
  return { ...summary, tickets: roles, recent_runs: runs.slice(0, 10) };
}
