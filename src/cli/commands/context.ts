import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import { contextMarkdown, contextPack, DEFAULT_CONTEXT_ACTIVITY } from "../../service/context-pack.js";
import { examples, withService } from "../context.js";

/** `context <id>`: what an agent needs to work on a ticket, sized for a prompt. */
export function registerContext(program: Command): void {
  program
    .command("context")
    .summary("What an agent needs to work on a ticket, sized for a prompt")
    .description(
      "Print what an agent needs to work on a ticket: fields, description, criteria, parent, dependencies, children, workflow, claim, last run, recent activity",
    )
    .argument("<id>", "ticket ID or unique prefix")
    .option(
      "--activity <n>",
      `how many of the newest activity entries to include (default ${DEFAULT_CONTEXT_ACTIVITY})`,
    )
    .option("--max-chars <n>", "character budget: trims the oldest activity, then the description, to fit")
    .option("--json", "print the context pack as JSON (the budget then applies to the JSON text)")
    .addHelpText(
      "after",
      examples([
        "trackdown context TSK-7f3k",
        "trackdown context TSK-7f3k --max-chars 4000 --activity 5",
        "trackdown context TSK-7f3k --json | jq .workflow.current",
      ]),
    )
    .action(async (id, options, command) => {
      await withService(command, (service, out) => {
        const settings = {
          activity: wholeNumber("--activity", options.activity),
          maxChars: wholeNumber("--max-chars", options.maxChars),
        };
        if (options.json) return out.json(contextPack(service, id, { ...settings, format: "json" }));
        process.stdout.write(contextMarkdown(service, id, settings));
      });
    });
}

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(text)) {
    throw invalidInput(`${flag} must be a whole number; got "${text}"`, { field: flag, value: text });
  }
  return Number(text);
}
