import type { Command } from "@commander-js/extra-typings";
import { examples, withService } from "../context.js";
import { printTickets } from "../output.js";

/** The ready queue and claims: `next`, `claim`, `heartbeat`, `release`. */
export function registerClaims(program: Command): void {
  program
    .command("next")
    .description(
      "Show the best ready ticket (open, unclaimed, dependencies done); --claim takes it atomically",
    )
    .argument("[query...]", "narrow the queue, e.g. tag:backend type:bug")
    .option("--claim", "claim it for the acting agent (sets assignee, moves it in progress)")
    .option("--json", "print the ticket as JSON")
    .addHelpText(
      "after",
      examples([
        "trackdown next",
        "trackdown next tag:backend --claim --agent engineer-agent --json",
        "TRACKDOWN_AGENT=qa-agent trackdown next type:bug --claim",
      ]),
    )
    .action(async (query, options, command) => {
      await withService(command, async (service, out) => {
        const ticket = await service.next({ query: query.join(" "), claim: options.claim });
        if (options.json) return out.json(ticket);
        if (!out.tty) return out.line(ticket.id);
        printTickets(out, [ticket]);
        if (ticket.claim) out.line(`claimed by ${ticket.claim.agent} until ${ticket.claim.expires}`);
      });
    });

  const simple: [string, string, "claim" | "heartbeat" | "release"][] = [
    ["claim", "Claim a ready ticket for the acting agent", "claim"],
    ["heartbeat", "Renew the acting agent's lease on a claimed ticket", "heartbeat"],
    ["release", "Give a claim back; the ticket returns to the queue unassigned", "release"],
  ];
  for (const [name, summary, method] of simple) {
    program
      .command(name)
      .description(summary)
      .argument("<id>", "ticket ID or unique prefix")
      .option("--json", "print the ticket as JSON")
      .addHelpText("after", examples([`trackdown ${name} TSK-7f3k --agent engineer-agent`]))
      .action(async (id, options, command) => {
        await withService(command, async (service, out) => {
          const ticket = await service[method](id);
          if (options.json) return out.json(ticket);
          const claim = ticket.claim
            ? ` (claimed by ${ticket.claim.agent} until ${ticket.claim.expires})`
            : "";
          out.line(out.tty ? `${ticket.id}: ${ticket.status}${claim}` : ticket.id);
        });
      });
  }
}
