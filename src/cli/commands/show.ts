import type { Command } from "@commander-js/extra-typings";
import type { TicketDetail } from "../../service/ticket-service.js";
import { examples, withService } from "../context.js";
import { formatActivityLine, type Out, paint } from "../output.js";

export function registerShow(program: Command): void {
  program
    .command("show")
    .description("Show one ticket: fields, description, acceptance criteria and activity")
    .argument("<id>", "ticket ID or any unique prefix of it (case-insensitive)")
    .option("--json", "print the ticket as JSON")
    .addHelpText("after", examples(["trackdown show TSK-7f3k", "trackdown show tsk-7f --json | jq .status"]))
    .action(async (id, options, command) => {
      await withService(command, (service, out) => {
        const ticket = service.get(id);
        if (options.json) return out.json(ticket);
        printTicket(out, ticket);
      });
    });
}

function printTicket(out: Out, t: TicketDetail): void {
  out.line(`${paint(out, "cyan", t.id)}  ${paint(out, "bold", t.title)}`);
  const fields: [string, string | undefined][] = [
    ["status", t.status],
    ["type", t.type],
    ["priority", t.priority],
    ["assignee", t.assignee],
    ["tags", t.tags.join(", ") || undefined],
    ["parent", t.parent],
    ["depends on", t.depends_on.join(", ") || undefined],
    ["blocks", t.blocks.join(", ") || undefined],
    ["related", t.related.join(", ") || undefined],
    ["duplicate of", t.duplicate_of],
    ["sprint", t.sprint],
    ["estimate", t.estimate === undefined ? undefined : String(t.estimate)],
    ["claim", t.claim ? `${t.claim.agent} until ${t.claim.expires}` : undefined],
    ["created", t.created],
    ["updated", t.updated],
    ["started", t.started],
    ["completed", t.completed],
    ["file", t.path],
    ["revision", t.revision],
  ];
  for (const [name, value] of fields) if (value) out.line(`  ${paint(out, "dim", name.padEnd(12))} ${value}`);
  if (t.description) out.line(`\n${t.description}`);
  if (t.criteria.length > 0) {
    out.line(`\n${paint(out, "bold", "Acceptance criteria")}`);
    for (const c of t.criteria) out.line(`  [${c.done ? "x" : " "}] ${c.text}`);
  }
  if (t.activity.length > 0) {
    out.line(`\n${paint(out, "bold", "Activity")}`);
    for (const entry of t.activity) out.line(`  ${formatActivityLine(out, entry)}`);
  }
}
