import type { Command } from "@commander-js/extra-typings";
import { formatMinutes } from "../../core/duration.js";
import type { Ticket } from "../../core/schema.js";
import { logTime, startTimer, stopTimer } from "../../service/time.js";
import { type TimeReport, type TimeTotals, timeReport } from "../../service/time-report.js";
import { examples, withService } from "../context.js";
import { type Out, paint, printTable } from "../output.js";

/** `time log|start|stop|report`: time spent against estimates. */
export function registerTime(program: Command): void {
  const time = program.command("time").description("Track time spent on tickets: log it, or run a timer");
  time
    .command("log")
    .description("Add time spent to a ticket (time_spent grows; the activity log records it)")
    .argument("<id>", "ticket ID or unique prefix")
    .argument("<duration>", "e.g. 90m, 1h30m, 1.5h, 2d (a day is 8h, a week 5d)")
    .option("--note <text>", "what the time went on (one line)")
    .option("--json", "print the ticket as JSON")
    .addHelpText("after", examples(["trackdown time log TSK-7f3k 1h30m --note 'parser rewrite'"]))
    .action(async (id, duration, options, command) => {
      await withService(command, async (service, out) => {
        const ticket = await logTime(service.context, id, duration, { note: options.note });
        printTicketTime(out, ticket, options.json);
      });
    });
  time
    .command("start")
    .description("Start a timer on a ticket for the acting agent (one timer per ticket)")
    .argument("<id>", "ticket ID or unique prefix")
    .option("--json", "print the ticket as JSON")
    .addHelpText("after", examples(["trackdown time start TSK-7f3k --agent engineer-agent"]))
    .action(async (id, options, command) => {
      await withService(command, async (service, out) => {
        const ticket = await startTimer(service.context, id);
        if (options.json) return out.json(ticket);
        out.line(out.tty ? `${ticket.id}: timer started at ${ticket.timer?.started}` : ticket.id);
      });
    });
  time
    .command("stop")
    .description("Stop the ticket's timer and log the time since it started")
    .argument("<id>", "ticket ID or unique prefix")
    .option("--note <text>", "what the time went on (one line)")
    .option("--force", "stop a timer another agent started")
    .option("--json", "print the ticket as JSON")
    .addHelpText("after", examples(["trackdown time stop TSK-7f3k --note 'tests green'"]))
    .action(async (id, options, command) => {
      await withService(command, async (service, out) => {
        const ticket = await stopTimer(service.context, id, { note: options.note, force: options.force });
        printTicketTime(out, ticket, options.json);
      });
    });
  registerReport(time);
}

function registerReport(time: Command): void {
  time
    .command("report")
    .description("Estimate against time spent per ticket, summed per epic and per sprint")
    .argument("[query...]", "which tickets (default: all), e.g. sprint:current or parent:EP-a1b2")
    .option("--json", "print the report as JSON (minutes)")
    .addHelpText(
      "after",
      examples(["trackdown time report sprint:current", "trackdown time report type:bug --json"]),
    )
    .action(async (query, options, command) => {
      await withService(command, (service, out) => {
        const selected = service.list(query.join(" ")).tickets;
        const report = timeReport(service.project, selected);
        if (options.json) return out.json(report);
        printReport(out, report);
      });
    });
}

function printTicketTime(out: Out, ticket: Ticket, json: boolean | undefined): void {
  if (json) {
    out.json(ticket);
    return;
  }
  const estimate = ticket.estimate === undefined ? "" : ` of ${ticket.estimate} estimated`;
  out.line(out.tty ? `${ticket.id}: ${ticket.time_spent ?? "0m"} spent${estimate}` : ticket.id);
}

const minutes = (value: number | undefined) => (value === undefined ? "-" : formatMinutes(value));
const signed = (value: number | undefined) =>
  value === undefined ? "-" : value < 0 ? `over ${formatMinutes(-value)}` : formatMinutes(value);

function printReport(out: Out, report: TimeReport): void {
  printTable(
    out,
    ["ID", "STATUS", "ESTIMATE", "SPENT", "REMAINING", "TITLE"],
    report.tickets.map((r) => [
      r.id,
      r.status,
      minutes(r.estimateMinutes),
      formatMinutes(r.spentMinutes) + (r.timer ? " (timer running)" : ""),
      signed(r.remainingMinutes),
      r.title,
    ]),
  );
  if (!out.tty) return;
  const group = (title: string, groups: TimeTotals[]) => {
    out.line(`\n${paint(out, "bold", title)}`);
    printTable(
      out,
      ["", "TICKETS", "ESTIMATE", "SPENT", "REMAINING"],
      groups.map((g) => [
        g.title ? `${g.key} ${g.title}` : g.key,
        `${g.tickets}${g.unestimated > 0 ? ` (${g.unestimated} unestimated)` : ""}`,
        formatMinutes(g.estimateMinutes),
        formatMinutes(g.spentMinutes),
        signed(g.remainingMinutes),
      ]),
    );
  };
  group("Per epic", report.epics);
  group("Per sprint", report.sprints);
  group("Total", [report.total]);
}
