import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import { PRIORITIES, type Priority } from "../../core/schema.js";
import { readBodyInput } from "../body-input.js";
import { collect, examples, hostOf, withService } from "../context.js";

export function registerCreate(program: Command): void {
  program
    .command("create")
    .description("Create a ticket")
    .argument("<title>", "one-line title")
    .option("-t, --type <type>", "epic, issue, task, bug, feature, pr (or a configured type)")
    .option("-p, --priority <priority>", `one of ${PRIORITIES.join(", ")}`)
    .option("-s, --status <status>", "initial status (default: the configured initial status)")
    .option("-a, --assignee <name>", "agent or person")
    .option("--tag <tags>", "tag (repeatable, or comma-separated)", collect)
    .option("--parent <id>", "parent epic or issue")
    .option("--depends-on <ids>", "IDs this ticket waits for (repeatable)", collect)
    .option("--blocks <ids>", "IDs this ticket blocks (repeatable)", collect)
    .option("--related <ids>", "related IDs (repeatable)", collect)
    .option("--sprint <name>", "sprint name")
    .option("--estimate <duration>", "estimate, e.g. 90m, 1h30m, 2d")
    .option("--criteria <text>", "acceptance criterion (repeatable)", (v: string, p: string[] = []) => [
      ...p,
      v,
    ])
    .option("-b, --body <text>", "description text")
    .option("-f, --body-file <file>", "read the description from a file ('-' for stdin)")
    .option("-e, --edit", "write the description in $EDITOR")
    .option("--template <name>", "fill defaults and the body skeleton from .trackdown/templates/<name>.md")
    .option("--json", "print the created ticket as JSON")
    .addHelpText(
      "after",
      examples([
        'trackdown create "Fix import error" --type bug --priority critical --tag backend',
        'trackdown create "Crash on save" --template bug --body "Saving a 2 GB file crashes"',
        'trackdown create "Write docs" --parent EP-a1b2 --criteria "CLI page" --criteria "API page"',
        'git log -1 --format=%B | trackdown create "Follow up" --body-file -',
      ]),
    )
    .action(async (title, options, command) => {
      const priority = options.priority?.toLowerCase();
      if (priority !== undefined && !PRIORITIES.includes(priority as Priority)) {
        throw invalidInput(`Unknown priority "${options.priority}"; accepted: ${PRIORITIES.join(", ")}`);
      }
      const description = await readBodyInput(options, hostOf(command).cwd);
      await withService(command, async (service, out) => {
        const ticket = await service.create({
          title,
          type: options.type,
          priority: priority as Priority | undefined,
          status: options.status,
          assignee: options.assignee,
          tags: options.tag,
          parent: options.parent,
          depends_on: options.dependsOn,
          blocks: options.blocks,
          related: options.related,
          sprint: options.sprint,
          estimate: options.estimate,
          criteria: options.criteria,
          description,
          template: options.template,
        });
        if (options.json) return out.json(ticket);
        out.line(out.tty ? `Created ${ticket.id} ${ticket.path}` : ticket.id);
      });
    });
}
