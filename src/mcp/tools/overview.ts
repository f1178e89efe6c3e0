import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { TicketService } from "../../service/ticket-service.js";
import { type CompactRow, compactRow, formatRow, oneLine, truncate } from "../format.js";
import { runTool, toolResult } from "../result.js";

/** How many in-progress and blocked tickets the overview lists by name. */
export const OVERVIEW_LIST_LIMIT = 20;
const REASON_CHARS = 120;

export interface Overview {
  readonly counts: Record<string, number>;
  readonly ready: number;
  readonly active: { tickets: CompactRow[]; total: number };
  readonly blocked: { tickets: (CompactRow & { reason: string | null })[]; total: number };
}

/** `overview`: where the project stands, in a few lines. */
export function registerOverviewTool(server: McpServer, service: TicketService): void {
  server.registerTool(
    "overview",
    {
      title: "Project overview",
      description:
        "Counts by status, how many tickets are ready, who works on what, and what is blocked and why.",
      inputSchema: z.strictObject({}),
      annotations: { readOnlyHint: true },
    },
    () =>
      runTool(() => {
        const overview = readOverview(service);
        return toolResult(formatOverview(overview), { ...overview });
      }),
  );
}

export function readOverview(service: TicketService): Overview {
  const total = (query: string) => service.list(query, { limit: 0 }).total;
  const counts = Object.fromEntries(
    Object.keys(service.project.config.statuses).map((status) => [status, total(`status:${status}`)]),
  );
  const active = service.list("is:active", { limit: OVERVIEW_LIST_LIMIT, sort: "priority,-updated" });
  const blocked = service.list("is:blocked", { limit: OVERVIEW_LIST_LIMIT, sort: "priority,-updated" });
  return {
    counts,
    ready: total("is:ready"),
    active: { tickets: active.tickets.map(compactRow), total: active.total },
    blocked: {
      tickets: blocked.tickets.map((t) => ({ ...compactRow(t), reason: blockedReason(service, t.id) })),
      total: blocked.total,
    },
  };
}

/** Activity that carries a reason: a failed workflow step, a forced move (comments always do). */
const GIVES_REASON = /\bfailed: |\(forced: /;

/** A blocked ticket's reason: its newest comment (`fail` writes one) or reason-giving event. */
function blockedReason(service: TicketService, id: string): string | null {
  const entries = service.get(id).activity;
  const entry = entries.findLast((e) => e.kind === "comment" || GIVES_REASON.test(e.text)) ?? entries.at(-1);
  return entry ? truncate(oneLine(entry.text), REASON_CHARS) : null;
}

export function formatOverview(overview: Overview): string {
  const counts = Object.entries(overview.counts)
    .map(([status, n]) => `${status} ${n}`)
    .join(", ");
  const lines = [`${counts}; ready ${overview.ready}`];
  const section = (name: string, part: { tickets: unknown[]; total: number }) =>
    `${name} (${part.total}${part.total > part.tickets.length ? `, first ${part.tickets.length}` : ""}):`;
  if (overview.active.total > 0) {
    lines.push(section("In progress", overview.active));
    for (const t of overview.active.tickets) lines.push(formatRow(t));
  }
  if (overview.blocked.total > 0) {
    lines.push(section("Blocked", overview.blocked));
    for (const t of overview.blocked.tickets)
      lines.push(`${formatRow(t)} — ${t.reason ?? "no reason given"}`);
  }
  return lines.join("\n");
}
