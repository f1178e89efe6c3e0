import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import { PRIORITIES, type Priority } from "../../core/schema.js";
import type { ListChange, UpdateInput } from "../../service/inputs.js";
import { readBodyInput } from "../body-input.js";
import { collect, examples, hostOf, withService } from "../context.js";

const repeat = (v: string, p: string[] = []) => [...p, v];

export function registerUpdate(program: Command): void {
  program
    .command("update")
    .description("Change a ticket's fields, tags and relations (only the changed lines of the file change)")
    .argument("<id>", "ticket ID or unique prefix")
    .option("--title <title>", "new title")
    .option("-t, --type <type>", "new type")
    .option("-p, --priority <priority>", `one of ${PRIORITIES.join(", ")}`)
    .option("-s, --status <status>", "move to this status (same rules and gates as transition)")
    .option("-a, --assignee <name>", "assign; '' or --unassign clears")
    .option("--unassign", "clear the assignee")
    .option("--add-tag <tags>", "add tags (repeatable, comma-separated)", collect)
    .option("--remove-tag <tags>", "remove tags", collect)
    .option("--parent <id>", "set the parent ('none' clears)")
    .option("--add-depends-on <ids>", "add dependencies", collect)
    .option("--remove-depends-on <ids>", "remove dependencies", collect)
    .option("--add-blocks <ids>", "add blocked tickets", collect)
    .option("--remove-blocks <ids>", "remove blocked tickets", collect)
    .option("--add-related <ids>", "add related tickets", collect)
    .option("--remove-related <ids>", "remove related tickets", collect)
    .option("--duplicate-of <id>", "mark as duplicate of ('none' clears)")
    .option("--sprint <name>", "sprint ('none' clears)")
    .option("--estimate <duration>", "estimate, e.g. 2h ('none' clears)")
    .option("--set <key=value>", "set a custom field (repeatable); 'key=' removes it", repeat)
    .option("-b, --body <text>", "replace the description")
    .option("-f, --body-file <file>", "replace the description from a file ('-' for stdin)")
    .option("--if-revision <rev>", "only if the ticket is still at this revision (see show --json)")
    .option("--force", "override the workflow and gates when changing status")
    .option("--reason <text>", "why --force was needed (recorded)")
    .option("--json", "print the updated ticket as JSON")
    .addHelpText(
      "after",
      examples([
        "trackdown update TSK-7f3k --priority high --add-tag backend --remove-tag triage",
        "trackdown update TSK-7f3k --assignee qa-agent --add-depends-on TSK-9x2m",
        "trackdown update TSK-7f3k --set component=parser --if-revision 3f9a0c1d2e4b5a6c",
      ]),
    )
    .action(async (id, options, command) => {
      const description = await readBodyInput(
        { body: options.body, bodyFile: options.bodyFile },
        hostOf(command).cwd,
      );
      const input = toUpdateInput(options, description);
      if (Object.keys(input).length === 0)
        throw invalidInput("Nothing to update: give at least one option (see --help)");
      await withService(command, async (service, out) => {
        const ticket = await service.update(id, input, {
          ifRevision: options.ifRevision,
          force: options.force,
          reason: options.reason,
        });
        if (options.json) return out.json(ticket);
        out.line(out.tty ? `Updated ${ticket.id} (revision ${ticket.revision})` : ticket.id);
      });
    });
}

type UpdateFlags = Record<string, string | string[] | boolean | undefined>;

function toUpdateInput(o: UpdateFlags, description: string | undefined): UpdateInput {
  const text = (key: string) => (typeof o[key] === "string" ? (o[key] as string) : undefined);
  const clearable = (key: string) => {
    const value = text(key);
    return value === undefined ? undefined : value === "none" || value === "" ? null : value;
  };
  const list = (add: string, remove: string): ListChange | undefined =>
    o[add] || o[remove]
      ? { add: (o[add] as string[]) ?? [], remove: (o[remove] as string[]) ?? [] }
      : undefined;
  const priority = text("priority")?.toLowerCase();
  if (priority !== undefined && !PRIORITIES.includes(priority as Priority)) {
    throw invalidInput(`Unknown priority "${priority}"; accepted: ${PRIORITIES.join(", ")}`);
  }
  const input: UpdateInput = {
    title: text("title"),
    type: text("type"),
    priority: priority as Priority | undefined,
    status: text("status"),
    assignee: o.unassign ? null : clearable("assignee"),
    parent: clearable("parent"),
    duplicate_of: clearable("duplicateOf"),
    sprint: clearable("sprint"),
    estimate: clearable("estimate"),
    tags: list("addTag", "removeTag"),
    depends_on: list("addDependsOn", "removeDependsOn"),
    blocks: list("addBlocks", "removeBlocks"),
    related: list("addRelated", "removeRelated"),
    description,
    fields: customFields(o.set as string[] | undefined),
  };
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as UpdateInput;
}

function customFields(pairs: string[] | undefined): Record<string, unknown> | undefined {
  if (!pairs) return undefined;
  const fields: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw invalidInput(`--set needs key=value, not "${pair}"`);
    const value = pair.slice(eq + 1);
    fields[pair.slice(0, eq)] = value === "" ? null : value;
  }
  return fields;
}
