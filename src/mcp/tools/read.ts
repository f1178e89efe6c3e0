import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { TicketService } from "../../service/ticket-service.js";
import { compactRow, compactTicket, formatFullTicket, formatList, formatTicket } from "../format.js";
import { runTool, toolResult } from "../result.js";
import { IdArg } from "./args.js";

export const DEFAULT_LIMIT = 50;

const QueryArgs = z.strictObject({
  query: z
    .string()
    .default("")
    .describe(
      'Query language, e.g. "status:in_progress priority:>=high tag:backend -tag:wontfix is:ready assignee:qa-agent" plus free text; empty lists all',
    ),
  sort: z
    .string()
    .optional()
    .describe(
      "Sort keys, comma-separated: id, priority, created, updated, status, title, type, assignee, relevance; '-' reverses",
    ),
  limit: z.number().int().min(0).max(1000).default(DEFAULT_LIMIT).describe("At most this many tickets"),
  offset: z.number().int().min(0).default(0).describe("Skip this many tickets"),
  compact: z
    .boolean()
    .default(true)
    .describe("true: one line per ticket `ID status priority assignee title`; false: every field as JSON"),
});

const GetArgs = z.strictObject({
  id: IdArg,
  compact: z
    .boolean()
    .default(true)
    .describe("true: fields, description, criteria, last 5 activity entries; false: the whole ticket"),
});

/** `query` and `get`: reading tickets. */
export function registerReadTools(server: McpServer, service: TicketService): void {
  server.registerTool(
    "query",
    {
      title: "Find tickets",
      description: "List tickets matching a query, one compact line each: ID status priority assignee title.",
      inputSchema: QueryArgs,
      annotations: { readOnlyHint: true },
    },
    (args) =>
      runTool(() => {
        const { tickets, total } = service.list(args.query, {
          sort: args.sort,
          limit: args.limit,
          offset: args.offset,
        });
        if (!args.compact) return toolResult(JSON.stringify({ tickets, total }), { tickets, total });
        return toolResult(formatList(tickets, total, args.offset), {
          tickets: tickets.map(compactRow),
          total,
        });
      }),
  );

  server.registerTool(
    "get",
    {
      title: "Read a ticket",
      description:
        "One ticket by ID (any unique prefix). Compact by default; compact:false gives the whole file.",
      inputSchema: GetArgs,
      annotations: { readOnlyHint: true },
    },
    (args) =>
      runTool(() => {
        const ticket = service.get(args.id);
        return args.compact
          ? toolResult(formatTicket(ticket), compactTicket(ticket))
          : toolResult(formatFullTicket(ticket), { ...ticket });
      }),
  );
}
