import { queryString, requestJson, requestText } from "./client.js";
import type {
  AgentDetail,
  AgentSummary,
  ProjectStats,
  SprintDetail,
  SprintSummary,
  Ticket,
  TicketDetail,
  TicketPage,
} from "./types.js";

/** One function per API call the dashboard makes. */

export interface ListParams {
  readonly q?: string | undefined;
  readonly sort?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  readonly signal?: AbortSignal | undefined;
}

export const listTickets = (params: ListParams): Promise<TicketPage> =>
  requestJson<TicketPage>(
    `/api/tickets${queryString({ q: params.q, sort: params.sort, limit: params.limit, offset: params.offset })}`,
    { signal: params.signal },
  );

const ticketPath = (id: string) => `/api/tickets/${encodeURIComponent(id)}`;

export const getTicket = (id: string): Promise<TicketDetail> => requestJson<TicketDetail>(ticketPath(id));

export const patchTicket = (
  id: string,
  changes: Record<string, unknown>,
  ifMatch: string | undefined,
): Promise<Ticket> => requestJson<Ticket>(ticketPath(id), { method: "PATCH", body: changes, ifMatch });

export const transitionTicket = (id: string, status: string, ifMatch?: string): Promise<Ticket> =>
  requestJson<Ticket>(`${ticketPath(id)}/transition`, { method: "POST", body: { status }, ifMatch });

export const commentOn = (id: string, text: string): Promise<Ticket> =>
  requestJson<Ticket>(`${ticketPath(id)}/comments`, { method: "POST", body: { text } });

export const getStats = (q = ""): Promise<ProjectStats> =>
  requestJson<ProjectStats>(`/api/stats${queryString({ q })}`);

export const listAgents = (): Promise<AgentSummary[]> => requestJson<AgentSummary[]>("/api/agents");

export const getAgent = (name: string): Promise<AgentDetail> =>
  requestJson<AgentDetail>(`/api/agents/${encodeURIComponent(name)}`);

export const getRegistry = (): Promise<string> => requestText("/api/registry");

export const listSprints = (): Promise<SprintSummary[]> => requestJson<SprintSummary[]>("/api/sprints");

export const getSprint = (name: string): Promise<SprintDetail> =>
  requestJson<SprintDetail>(`/api/sprints/${encodeURIComponent(name)}`);

export interface BatchAnswer {
  readonly matched: number;
  readonly changed: { id: string }[];
  readonly unchanged: string[];
  readonly written: string[];
}

/** One update for every ticket `query` matches, all or nothing (`POST /api/batch`). */
export const batchUpdate = (query: string, updates: Record<string, unknown>): Promise<BatchAnswer> =>
  requestJson<BatchAnswer>("/api/batch", { method: "POST", body: { query, updates } });
