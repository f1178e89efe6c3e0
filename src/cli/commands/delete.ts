import { createInterface } from "node:readline/promises";
import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import { examples, withService } from "../context.js";

export function registerDelete(program: Command): void {
  program
    .command("delete")
    .alias("rm")
    .description("Delete a ticket file (asks first unless --yes)")
    .argument("<id>", "ticket ID or unique prefix")
    .option("-y, --yes", "do not ask for confirmation")
    .option("--if-revision <rev>", "only if the ticket is still at this revision")
    .option("--json", "print { id, path, referencedBy } as JSON")
    .addHelpText("after", examples(["trackdown delete TSK-7f3k", "trackdown delete TSK-7f3k --yes --json"]))
    .action(async (id, options, command) => {
      await withService(command, async (service, out) => {
        const ticket = service.get(id);
        const dependents = service.referencing(ticket.id);
        for (const other of dependents) {
          out.warn(`warning: ${other.id} (${other.title}) refers to ${ticket.id}`);
        }
        if (!options.yes) await confirm(`Delete ${ticket.id} "${ticket.title}" (${ticket.path})? [y/N] `);
        const deleted = await service.delete(ticket.id, { ifRevision: options.ifRevision });
        if (options.json)
          return out.json({ id: deleted.id, path: deleted.path, referencedBy: dependents.map((d) => d.id) });
        out.line(out.tty ? `Deleted ${deleted.id} (${deleted.path})` : deleted.id);
      });
    });
}

async function confirm(question: string): Promise<void> {
  if (!process.stdin.isTTY) {
    throw invalidInput(
      "delete asks for confirmation, but there is no terminal; pass --yes to delete without asking",
    );
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(question)).trim().toLowerCase();
    if (answer !== "y" && answer !== "yes") throw invalidInput("Not deleted");
  } finally {
    rl.close();
  }
}
