import type { Command } from "@commander-js/extra-typings";
import { archiveTickets, unarchiveTicket } from "../../service/archive.js";
import { examples, withService } from "../context.js";
import { paint } from "../output.js";

/** `archive` and `unarchive`: put closed tickets away in tickets/archive/ and bring them back. */
export function registerArchive(program: Command): void {
  program
    .command("archive")
    .description(
      "Move completed and cancelled tickets into tickets/archive/; they leave default listings (find them with is:archived)",
    )
    .argument("[query...]", "only closed tickets matching this query, e.g. type:bug sprint:2026-S01")
    .option("--older-than <age>", "only tickets closed at least this long ago: 30d, 2w, 12h")
    .option("--dry-run", "list what would move; move nothing")
    .option("--json", "print { dryRun, moved, skipped } as JSON")
    .addHelpText(
      "after",
      examples([
        "trackdown archive --older-than 30d --dry-run",
        "trackdown archive --older-than 2w",
        "trackdown archive sprint:2026-S01",
        "trackdown list is:archived",
      ]),
    )
    .action(async (query, options, command) => {
      await withService(command, async (service, out) => {
        const report = await archiveTickets(service, {
          query: query.join(" "),
          olderThan: options.olderThan,
          dryRun: options.dryRun,
        });
        if (options.json) return out.json(report);
        for (const move of report.moved) {
          out.line(out.tty ? `${paint(out, "cyan", move.id)}  ${move.from} → ${move.to}` : move.id);
        }
        for (const skip of report.skipped) out.warn(`skipped ${skip.id}: ${skip.reason}`);
        const verb = report.dryRun ? "would move" : "moved";
        const summary = `${verb} ${report.moved.length} tickets to tickets/archive/`;
        // On a pipe stdout carries only the IDs; the summary goes to stderr.
        if (out.tty) out.line(paint(out, "dim", summary));
        else out.warn(summary);
      });
    });

  program
    .command("unarchive")
    .description("Move an archived ticket back to the folder of its status")
    .argument("<id>", "ticket ID or unique prefix")
    .option("--json", "print the ticket as JSON")
    .addHelpText("after", examples(["trackdown unarchive TSK-7f3k"]))
    .action(async (id, options, command) => {
      await withService(command, async (service, out) => {
        const ticket = await unarchiveTicket(service, id);
        if (options.json) return out.json(ticket);
        out.line(out.tty ? `${ticket.id}: back in ${ticket.path}` : ticket.id);
      });
    });
}
