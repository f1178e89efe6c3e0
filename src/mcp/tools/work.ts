import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Ticket } from "../../core/schema.js";
import type { TicketService } from "../../service/ticket-service.js";
import { agentTicket, statusOf } from "../agent-ticket.js";
import { compactTicket, formatTicket } from "../format.js";
import { runTool, toolResult } from "../result.js";
import { ForceArg, IdArg, ReasonArg } from "./args.js";
import { writtenResult } from "./write.js";

const MineArg = IdArg.optional().describe(
  "Ticket ID or unique prefix; omit for the ticket this agent has claimed (or is working on)",
);

const NextArgs = z.strictObject({
  query: z.string().optional().describe("Narrow the ready queue, e.g. tag:backend type:bug"),
  claim: z
    .boolean()
    .default(false)
    .describe("Claim it atomically for this agent: sets assignee and claim lease, moves it in progress"),
});

const ProgressArgs = z.strictObject({
  id: MineArg,
  percent: z.number().int().min(0).max(100).describe("How far along the work is, 0-100"),
  note: z.string().optional().describe("What was done or what is next, one or two sentences"),
});

const CompleteArgs = z.strictObject({
  id: MineArg,
  note: z.string().optional().describe("A closing summary, added as a comment"),
  force: ForceArg,
  reason: ReasonArg,
});

const FailArgs = z.strictObject({
  id: MineArg,
  reason: z.string().min(1).describe("Why the work failed or what blocks it; recorded on the ticket"),
});

/** `next`, `progress`, `complete`, `fail`: an agent's work loop on its tickets. */
export function registerWorkTools(server: McpServer, service: TicketService): void {
  server.registerTool(
    "next",
    {
      title: "Next ready ticket",
      description:
        "The best ready ticket (open, unclaimed, dependencies done), by priority. claim:true takes it for this agent.",
      inputSchema: NextArgs,
    },
    (args) =>
      runTool(async () => {
        const next = await service.next({ query: args.query, claim: args.claim });
        const ticket = service.get(next.id);
        const head = next.claim && args.claim ? `Claimed until ${next.claim.expires}:\n` : "";
        return toolResult(`${head}${formatTicket(ticket)}`, compactTicket(ticket));
      }),
  );

  server.registerTool(
    "progress",
    {
      title: "Report progress",
      description:
        "Record progress on this agent's ticket (percent + note) and renew its claim lease. Call it every few steps.",
      inputSchema: ProgressArgs,
    },
    (args) => runTool(async () => writtenResult("Progress on", await reportProgress(service, args))),
  );

  server.registerTool(
    "complete",
    {
      title: "Complete a ticket",
      description:
        "Finish this agent's work: the ticket moves to done through the gates (acceptance criteria, dependencies).",
      inputSchema: CompleteArgs,
    },
    (args) =>
      runTool(async () => {
        const id = agentTicket(service, args.id);
        let ticket = await service.transition(id, statusOf(service, "done"), {
          force: args.force,
          reason: args.reason,
        });
        if (args.note?.trim()) ticket = await service.comment(ticket.id, args.note);
        return writtenResult("Completed", ticket);
      }),
  );

  server.registerTool(
    "fail",
    {
      title: "Fail a ticket",
      description:
        "Give up on this agent's ticket: it moves to blocked with the reason as a comment, and the claim is released.",
      inputSchema: FailArgs,
    },
    (args) => runTool(async () => writtenResult("Failed", await failTicket(service, args))),
  );
}

/**
 * Until workflow steps have their own service calls, progress is a comment on the ticket;
 * the agent's claim, if it holds one, is renewed at the same time.
 */
async function reportProgress(
  service: TicketService,
  args: { id?: string | undefined; percent: number; note?: string | undefined },
): Promise<Ticket> {
  const id = agentTicket(service, args.id);
  const note = args.note?.trim();
  const ticket = await service.comment(id, `Progress ${args.percent}%${note ? `: ${note}` : ""}`);
  return ticket.claim?.agent === service.actor ? service.heartbeat(ticket.id) : ticket;
}

/** Blocked with the reason on record; the claim goes back so others can pick it up once unblocked. */
async function failTicket(
  service: TicketService,
  args: { id?: string | undefined; reason: string },
): Promise<Ticket> {
  const id = agentTicket(service, args.id);
  const blocked = await service.transition(id, statusOf(service, "blocked"));
  const commented = await service.comment(blocked.id, `Failed: ${args.reason}`);
  return commented.claim?.agent === service.actor ? service.release(commented.id) : commented;
}
