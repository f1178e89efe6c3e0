import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import { readBodyInput } from "../body-input.js";
import { examples, hostOf, withService } from "../context.js";

export function registerComment(program: Command): void {
  program
    .command("comment")
    .description("Add a comment to a ticket's activity log")
    .argument("<id>", "ticket ID or unique prefix")
    .argument("[text...]", "the comment (or use --file)")
    .option("-f, --file <file>", "read the comment from a file ('-' for stdin)")
    .option("--if-revision <rev>", "only if the ticket is still at this revision")
    .option("--json", "print the ticket as JSON")
    .addHelpText(
      "after",
      examples([
        'trackdown comment TSK-7f3k "Root cause is in the YAML loader"',
        "make test 2>&1 | tail -20 | trackdown comment TSK-7f3k -f -",
      ]),
    )
    .action(async (id, words, options, command) => {
      const fromFile = await readBodyInput({ bodyFile: options.file }, hostOf(command).cwd);
      const text = fromFile ?? words.join(" ");
      if (fromFile !== undefined && words.length > 0)
        throw invalidInput("Give the comment as text or with --file, not both");
      await withService(command, async (service, out) => {
        const ticket = await service.comment(id, text, { ifRevision: options.ifRevision });
        if (options.json) return out.json(ticket);
        out.line(out.tty ? `Commented on ${ticket.id}` : ticket.id);
      });
    });
}
