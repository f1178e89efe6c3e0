import type { Command } from "@commander-js/extra-typings";
import { EXPORT_FORMATS, exportTickets, parseExportFormat, writeExportFile } from "../../service/export.js";
import { examples, withService } from "../context.js";

/** `export`: tickets as Trackdown JSON (for `import`), CSV or Markdown, to stdout or a file. */
export function registerExport(program: Command): void {
  program
    .command("export")
    .description("Export tickets as Trackdown JSON (re-importable), CSV or Markdown")
    .argument("[query...]", "which tickets, e.g. status:completed tag:backend (default: all, archived too)")
    .option("-F, --format <format>", EXPORT_FORMATS.join(", "), "json")
    .option("-o, --output <file>", "write to FILE instead of stdout")
    .option("--sort <keys>", "sort keys as list takes them (default: id)")
    .addHelpText(
      "after",
      examples([
        "trackdown export > tickets.json",
        "trackdown export --format csv --output tickets.csv",
        "trackdown export status:completed updated:<30d --format md -o done.md",
        "trackdown export tag:backend | jq '.tickets[].id'",
      ]),
    )
    .action(async (query, options, command) => {
      const format = parseExportFormat(options.format);
      await withService(command, async (service, out) => {
        const result = exportTickets(service, { format, query: query.join(" "), sort: options.sort });
        for (const problem of service.problems()) {
          out.warn(`warning: not exported, unreadable: ${problem.path}: ${problem.error}`);
        }
        if (options.output === undefined) {
          process.stdout.write(result.text);
          return;
        }
        await writeExportFile(options.output, result.text);
        out.line(
          `Exported ${result.count} ${result.count === 1 ? "ticket" : "tickets"} to ${options.output}`,
        );
      });
    });
}
