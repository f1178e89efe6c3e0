import type { Command } from "@commander-js/extra-typings";
import { renderProjectRegistry, syncRegistry } from "../../service/registry.js";
import { examples, withService } from "../context.js";

/** `registry sync` and `registry show`: the generated TICKET_REGISTRY.md. */
export function registerRegistry(program: Command): void {
  const registry = program
    .command("registry")
    .description(
      "The generated ticket registry (TICKET_REGISTRY.md); kept current automatically unless registry.auto is false",
    );

  registry
    .command("sync")
    .description("Regenerate the registry now; the file is rewritten only when its content changed")
    .option("--json", "print { path, written, tickets, bytes, durationMs } as JSON")
    .addHelpText(
      "after",
      examples(["trackdown registry sync", "trackdown registry sync --json | jq .written"]),
    )
    .action(async (options, command) => {
      await withService(command, async (service, out) => {
        const report = await syncRegistry(service.project);
        if (options.json) return out.json(report);
        const what = report.written ? "written" : "unchanged";
        out.line(`${report.path} ${what} (${report.tickets} tickets) in ${report.durationMs.toFixed(0)} ms`);
      });
    });

  registry
    .command("show")
    .description("Print the registry as it would be generated from the tickets now (writes nothing)")
    .addHelpText("after", examples(["trackdown registry show", "trackdown registry show | less"]))
    .action(async (_options, command) => {
      await withService(command, (service, out) => {
        service.refresh();
        out.line(renderProjectRegistry(service.project).text.replace(/\n$/, ""));
      });
    });
}
