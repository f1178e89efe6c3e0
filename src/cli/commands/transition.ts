import type { Command, CommandUnknownOpts } from "@commander-js/extra-typings";
import { examples, withService } from "../context.js";

interface TransitionFlags {
  force?: boolean;
  reason?: string;
  ifRevision?: string;
  json?: boolean;
}

/** `transition <id> <status>` and its shortcuts `start`, `complete`, `block`, `reopen`. */
export function registerTransition(program: Command): void {
  // biome-ignore lint/complexity/noBannedTypes: commander's typing for "no options yet"
  const withFlags = <Args extends unknown[]>(command: Command<Args, {}, {}>) =>
    command
      .option("--force", "override the transition table and gates (needs --reason)")
      .option("--reason <text>", "why (recorded in the activity log)")
      .option("--if-revision <rev>", "only if the ticket is still at this revision")
      .option("--json", "print the ticket as JSON");

  withFlags(
    program
      .command("transition")
      .alias("move")
      .description("Move a ticket to another status; the file moves to that status's folder")
      .argument("<id>", "ticket ID or unique prefix")
      .argument("<status>", "target status or alias (open, done, closed, ...)"),
  )
    .addHelpText(
      "after",
      examples([
        "trackdown transition TSK-7f3k review",
        'trackdown transition TSK-7f3k completed --force --reason "verified by hand"',
      ]),
    )
    .action(async (id, status, options, command) => run(command, id, status, options as TransitionFlags));

  const shortcuts: [string, string, string][] = [
    ["start", "in_progress", "Start work on a ticket (moves it to in_progress)"],
    ["complete", "completed", "Complete a ticket (gates: acceptance criteria, dependencies)"],
    ["block", "blocked", "Mark a ticket blocked; say why with --reason"],
    ["reopen", "pending", "Reopen a completed or cancelled ticket"],
  ];
  for (const [name, status, summary] of shortcuts) {
    withFlags(program.command(name).description(summary).argument("<id>", "ticket ID or unique prefix"))
      .addHelpText("after", examples([`trackdown ${name} TSK-7f3k`]))
      .action(async (id, options, command) => run(command, id, status, options as TransitionFlags));
  }
}

async function run(
  command: CommandUnknownOpts,
  id: string,
  status: string,
  options: TransitionFlags,
): Promise<void> {
  await withService(command, async (service, out) => {
    const before = service.get(id).status;
    const ticket = await service.transition(id, status, {
      force: options.force,
      reason: options.reason,
      ifRevision: options.ifRevision,
    });
    for (const warning of ticket.warnings ?? []) out.warn(`warning: ${warning}`);
    if (options.json) return out.json(ticket);
    out.line(out.tty ? `${ticket.id}: ${before} → ${ticket.status} (${ticket.path})` : ticket.id);
  });
}
