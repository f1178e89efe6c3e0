import type { Command } from "@commander-js/extra-typings";
import { formatMinutes } from "../../core/duration.js";
import {
  closeSprint,
  createSprint,
  listSprints,
  type SprintSummary,
  showSprint,
} from "../../service/sprints.js";
import { examples, withService } from "../context.js";
import { type Out, paint, printTable, printTickets } from "../output.js";

/** `sprint create|list|show|close`: sprints kept in .trackdown/sprints.yaml. */
export function registerSprint(program: Command): void {
  const sprint = program
    .command("sprint")
    .description(
      "Sprints: named date ranges; tickets join one with --sprint, and sprint:current finds today's",
    );
  sprint
    .command("create")
    .description("Define a sprint (dates are inclusive, in the local calendar)")
    .argument("<name>", "letters, digits, . _ - (used in queries: sprint:NAME)")
    .requiredOption("--start <date>", "first day, e.g. 2026-01-05")
    .requiredOption("--end <date>", "last day, e.g. 2026-01-16")
    .option("--goal <text>", "what the sprint is for")
    .option("--json", "print the sprint as JSON")
    .addHelpText(
      "after",
      examples([
        'trackdown sprint create 2026-S01 --start 2026-01-05 --end 2026-01-16 --goal "Importer beta"',
      ]),
    )
    .action(async (name, options, command) => {
      await withService(command, async (service, out) => {
        const created = await createSprint(service.context, { name, ...options });
        if (options.json) return out.json(created);
        out.line(
          out.tty ? `Created sprint ${created.name} (${created.start} to ${created.end})` : created.name,
        );
      });
    });
  sprint
    .command("list")
    .description("List sprints with their state, ticket counts and time")
    .option("--json", "print the sprints as JSON (times in minutes)")
    .addHelpText("after", examples(["trackdown sprint list"]))
    .action(async (options, command) => {
      await withService(command, (service, out) => {
        const sprints = listSprints(service.context);
        if (options.json) return out.json(sprints);
        if (sprints.length === 0)
          return out.line('No sprints yet; create one with "trackdown sprint create"');
        printTable(
          out,
          ["NAME", "START", "END", "STATE", "DONE", "ESTIMATE", "SPENT", "GOAL"],
          sprints.map((s) => [
            s.current ? `${s.name} *` : s.name,
            s.start,
            s.end,
            s.state,
            `${s.tickets.done + s.tickets.cancelled}/${s.tickets.total}`,
            formatMinutes(s.estimateMinutes),
            formatMinutes(s.spentMinutes),
            s.goal ?? "",
          ]),
        );
      });
    });
  registerShowAndClose(sprint);
}

function registerShowAndClose(sprint: Command): void {
  sprint
    .command("show")
    .description("Show a sprint and its tickets")
    .argument("<name>", "sprint name")
    .option("--json", "print the sprint and its tickets as JSON")
    .addHelpText("after", examples(["trackdown sprint show 2026-S01"]))
    .action(async (name, options, command) => {
      await withService(command, (service, out) => {
        const detail = showSprint(service.context, name);
        if (options.json) return out.json(detail);
        printHeader(out, detail);
        printTickets(out, detail.members);
      });
    });
  sprint
    .command("close")
    .description(
      "Close a sprint; --carry-over-to moves its unfinished tickets to another sprint (all or nothing)",
    )
    .argument("<name>", "sprint to close")
    .option("--carry-over-to <next>", "sprint that takes over the unfinished tickets")
    .option("--json", "print the result as JSON")
    .addHelpText("after", examples(["trackdown sprint close 2026-S01 --carry-over-to 2026-S02"]))
    .action(async (name, options, command) => {
      await withService(command, async (service, out) => {
        const result = await closeSprint(service.context, name, { carryOverTo: options.carryOverTo });
        if (options.json) return out.json(result);
        const left = result.unfinished.length - result.carried.length;
        out.line(`Closed sprint ${result.sprint.name}`);
        if (result.carried.length > 0) {
          out.line(`carried over to ${options.carryOverTo}: ${result.carried.join(", ")}`);
        }
        if (left > 0) out.line(`${left} unfinished tickets stay in ${result.sprint.name}`);
      });
    });
}

function printHeader(out: Out, s: SprintSummary): void {
  const current = s.current ? " (current)" : "";
  out.line(`${paint(out, "bold", s.name)}${current}  ${s.start} to ${s.end}  ${s.state}`);
  if (s.goal) out.line(`goal: ${s.goal}`);
  const t = s.tickets;
  out.line(`tickets: ${t.total} (${t.done} done, ${t.cancelled} cancelled, ${t.open} open)`);
  out.line(`time: ${formatMinutes(s.estimateMinutes)} estimated, ${formatMinutes(s.spentMinutes)} spent`);
  if (s.carried_over)
    out.line(`carried over to ${s.carried_over.to}: ${s.carried_over.tickets.join(", ") || "-"}`);
}
