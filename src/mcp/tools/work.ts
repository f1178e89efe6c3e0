import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { TicketService } from "../../service/ticket-service.js";
import { completeWork, failWork, reportProgress, type WorkResult } from "../agent-work.js";
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
        "Record progress (percent + note) on this agent's ticket, or on its workflow step, and renew its claim. Call it every few steps.",
      inputSchema: ProgressArgs,
    },
    (args) => runTool(async () => workResult("Progress on", await reportProgress(service, args))),
  );

  server.registerTool(
    "complete",
    {
      title: "Complete a ticket",
      description:
        "Finish this agent's work: its workflow step if it has one (the last step completes the ticket), else the ticket moves to done through the gates.",
      inputSchema: CompleteArgs,
    },
    (args) => runTool(async () => workResult("Completed", await completeWork(service, args))),
  );

  server.registerTool(
    "fail",
    {
      title: "Fail a ticket",
      description:
        "Give up on this agent's ticket (or fail its workflow step): the ticket moves to blocked with the reason, and the claim is released.",
      inputSchema: FailArgs,
    },
    (args) => runTool(async () => workResult("Failed", await failWork(service, args))),
  );
}

/** A write's answer; on a workflow ticket it leads with the agent's step as it now stands. */
function workResult(verb: string, { ticket, step }: WorkResult) {
  if (!step) return writtenResult(verb, ticket);
  const { state } = step;
  const progress = state.status === "in_progress" ? ` ${state.progress}%` : "";
  const head = `Step ${step.number}/${ticket.workflow?.length ?? step.number} (${state.agent}) ${state.status}${progress};`;
  const result = writtenResult(head, ticket);
  return {
    ...result,
    structuredContent: { ...result.structuredContent, step: { number: step.number, ...state } },
  };
}
