import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import type { TicketService } from "../../service/ticket-service.js";
import { examples, withService } from "../context.js";
import { type Out, paint, plural, printTickets } from "../output.js";

interface ListFlags {
  sort?: string;
  limit?: string;
  offset?: string;
  json?: boolean;
}

export function registerList(program: Command): void {
  program
    .command("list")
    .alias("ls")
    .description("List tickets matching a query (all tickets without one)")
    .argument("[query...]", "query, e.g. status:in_progress priority:>=high tag:backend")
    .option(
      "--sort <keys>",
      "sort keys: id, priority, created, updated, status, title, type, assignee, relevance; '-' reverses",
    )
    .option("-n, --limit <n>", "at most n tickets")
    .option("--offset <n>", "skip the first n tickets")
    .option("--json", "print { tickets, total, problems } as JSON")
    .addHelpText(
      "after",
      examples([
        "trackdown list",
        "trackdown list status:in_progress assignee:qa-agent",
        "trackdown list 'priority:>=high -tag:wontfix updated:<7d' --sort -updated --limit 20",
        "trackdown list is:open type:bug --json | jq '.tickets[].id'",
      ]),
    )
    .action(async (query, options, command) => {
      await withService(command, (service, out) => runList(service, out, query.join(" "), options));
    });
}

/** Shared by `list` and `search`. */
export function runList(service: TicketService, out: Out, query: string, options: ListFlags): void {
  const result = service.list(query, {
    sort: options.sort,
    limit: parseCount("--limit", options.limit),
    offset: parseCount("--offset", options.offset),
  });
  const problems = service.problems();
  if (options.json) {
    out.json({ ...result, problems });
    return;
  }
  printTickets(out, result.tickets);
  if (out.tty) {
    const shown = result.tickets.length;
    out.line(
      paint(
        out,
        "dim",
        shown === result.total ? plural(shown, "ticket") : `${shown} of ${plural(result.total, "ticket")}`,
      ),
    );
  }
  for (const problem of problems) out.warn(`warning: skipped ${problem.path}: ${problem.error}`);
}

function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw invalidInput(`${flag} must be a whole number ≥ 0, not "${value}"`);
  return n;
}
