import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import type { Ticket } from "../../core/schema.js";
import { CreateInputSchema, UpdateInputSchema } from "../../service/inputs.js";
import type { TicketService } from "../../service/ticket-service.js";
import { compactRow, formatRow } from "../format.js";
import { runTool, toolResult } from "../result.js";
import { ForceArg, IdArg, IfRevisionArg, ReasonArg, statusArg, transitionOptions } from "./args.js";

/** What a write answers: the ticket's row and where its file is now. */
export function writtenResult(verb: string, ticket: Ticket) {
  return toolResult(`${verb} ${formatRow(ticket)} (${ticket.path})`, {
    ...compactRow(ticket),
    path: ticket.path,
    revision: ticket.revision,
  });
}

const UpdateArgs = UpdateInputSchema.extend({
  id: IdArg,
  if_revision: IfRevisionArg,
  force: ForceArg,
  reason: ReasonArg,
}).strict();

const CommentArgs = z.strictObject({
  id: IdArg,
  text: z.string().describe("The comment, Markdown; appended to the ticket's activity log"),
});

/** `create`, `update`, `transition`, `comment`: the service's writes, one call each. */
export function registerWriteTools(server: McpServer, service: TicketService): void {
  server.registerTool(
    "create",
    {
      title: "Create a ticket",
      description:
        "Create a ticket. Only title is required; description and criteria (acceptance criteria) make the body.",
      inputSchema: CreateInputSchema.strict(),
    },
    (args) => runTool(async () => writtenResult("Created", await service.create(args))),
  );

  server.registerTool(
    "update",
    {
      title: "Update a ticket",
      description:
        "Change fields of a ticket. List fields (tags, depends_on, blocks, related) take a list or {add, remove}; null clears a field.",
      inputSchema: UpdateArgs,
    },
    (args) =>
      runTool(async () => {
        const { id, if_revision, force, reason, ...input } = args;
        const options = transitionOptions({ force, reason, if_revision });
        return writtenResult("Updated", await service.update(id, input, options));
      }),
  );

  server.registerTool(
    "transition",
    {
      title: "Change a ticket's status",
      description: "Move a ticket to another status; gates (acceptance criteria, dependencies) may refuse.",
      inputSchema: z.strictObject({
        id: IdArg,
        status: statusArg(service.project.config),
        force: ForceArg,
        reason: ReasonArg,
        if_revision: IfRevisionArg,
      }),
    },
    (args) =>
      runTool(async () =>
        writtenResult("Moved", await service.transition(args.id, args.status, transitionOptions(args))),
      ),
  );

  server.registerTool(
    "comment",
    {
      title: "Comment on a ticket",
      description: "Add a comment to a ticket's activity log.",
      inputSchema: CommentArgs,
    },
    (args) => runTool(async () => writtenResult("Commented on", await service.comment(args.id, args.text))),
  );
}
