import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import { examples, withService } from "../context.js";
import { runList } from "./list.js";

export function registerSearch(program: Command): void {
  program
    .command("search")
    .description("Full-text search over titles, descriptions and comments, best match first")
    .argument("<terms...>", 'words, "quoted phrases", -excluded words, and any query qualifiers')
    .option("-n, --limit <n>", "at most n tickets", "50")
    .option("--sort <keys>", "sort keys (default: relevance)")
    .option("--json", "print { tickets, total, problems } as JSON")
    .addHelpText(
      "after",
      examples(["trackdown search import error", "trackdown search '\"race condition\" status:open' --json"]),
    )
    .action(async (terms, options, command) => {
      const query = terms.join(" ");
      if (query.trim() === "") throw invalidInput("search needs at least one word");
      await withService(command, (service, out) => runList(service, out, query, options));
    });
}
