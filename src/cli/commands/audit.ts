import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import { auditEntries } from "../../service/audit.js";
import { examples, withService } from "../context.js";
import { paint } from "../output.js";

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description("Show the local audit log: every change made through Trackdown on this machine")
    .argument("[id]", "only changes to this ticket ID")
    .option("-n, --limit <n>", "the last n entries", "50")
    .option("--json", "print the entries as JSON")
    .addHelpText("after", examples(["trackdown audit", "trackdown audit TSK-7f3k --json"]))
    .action(async (id, options, command) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw invalidInput(`--limit must be a whole number ≥ 1, not "${options.limit}"`);
      await withService(command, (service, out) => {
        const entries = auditEntries(service, { ...(id === undefined ? {} : { id }), limit });
        if (options.json) return out.json(entries);
        for (const e of entries) {
          const change = e.before && e.after ? ` ${e.before.slice(0, 8)}→${e.after.slice(0, 8)}` : "";
          out.line(
            `${paint(out, "dim", e.at)} ${e.actor} ${paint(out, "bold", e.type)} ${e.id ?? ""}${change}`,
          );
        }
      });
    });
}
