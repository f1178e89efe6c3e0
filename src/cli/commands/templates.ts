import type { Command } from "@commander-js/extra-typings";
import { listTemplates, loadTemplate, type Template } from "../../service/templates.js";
import { examples, withService } from "../context.js";
import { paint, printTable } from "../output.js";

/** `templates list` and `templates show <name>`; `create --template <name>` uses them. */
export function registerTemplates(program: Command): void {
  const templates = program
    .command("templates")
    .description("Ticket templates in .trackdown/templates/ (defaults and a body skeleton)");
  templates
    .command("list")
    .description("List the project's templates and the defaults each sets")
    .option("--json", "print the templates as JSON")
    .addHelpText(
      "after",
      examples(["trackdown templates list", 'trackdown create "Crash on save" --template bug']),
    )
    .action(async (options, command) => {
      await withService(command, (service, out) => {
        const entries = listTemplates(service.project);
        if (options.json) return out.json(entries);
        if (entries.length === 0) return out.line("No templates in .trackdown/templates/");
        const rows = entries.map((e) => [
          e.name,
          e.template ? describeDefaults(e.template) : `error: ${e.error}`,
        ]);
        printTable(out, ["NAME", "DEFAULTS"], rows);
      });
    });
  templates
    .command("show")
    .description("Show a template: its defaults and body skeleton")
    .argument("<name>", "template name, e.g. bug")
    .option("--json", "print the template as JSON")
    .addHelpText("after", examples(["trackdown templates show bug", "trackdown templates show epic --json"]))
    .action(async (name, options, command) => {
      await withService(command, (service, out) => {
        const template = loadTemplate(service.project, name);
        if (options.json) return out.json(template);
        out.line(`${paint(out, "bold", template.name)}  ${template.path}`);
        out.line(`defaults: ${describeDefaults(template) || "(none)"}`);
        out.line(template.body.replace(/\n$/, ""));
      });
    });
}

function describeDefaults(template: Template): string {
  return Object.entries(template.defaults)
    .flatMap(([key, value]) =>
      key === "fields"
        ? Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        : [`${key}=${Array.isArray(value) ? value.join(",") : String(value)}`],
    )
    .join(" ");
}
