import type { Command } from "@commander-js/extra-typings";
import { TrackdownError } from "../../core/errors.js";
import { type ImportReport, importTickets, parseSourceFormat } from "../../service/import/pipeline.js";
import { type ImportProblem, SOURCE_FORMATS } from "../../service/import/types.js";
import type { TicketService } from "../../service/ticket-service.js";
import { examples, withService } from "../context.js";
import { type Out, paint } from "../output.js";
import { registerExport } from "./export.js";

/** `export` and `import`, registered together. */
export function registerImportExport(program: Command): void {
  registerExport(program);
  registerImport(program);
}

/** `import`: migrate tickets from another tracker or a Trackdown export, all or nothing. */
function registerImport(program: Command): void {
  program
    .command("import")
    .description("Import tickets from a Trackdown export or another tracker; --dry-run reports only")
    .argument("<path>", "a file (tasks.json, an export) or a folder (tickets/, backlog/, tasks/)")
    .option("--from <format>", `auto, ${SOURCE_FORMATS.join(", ")}`, "auto")
    .option("-n, --dry-run", "plan and report everything, write nothing")
    .option(
      "--map-status <old=new>",
      'map a source state to a status here, e.g. "Won\'t Do=cancelled" (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option("--skip-invalid", "import the valid records even if some cannot be imported")
    .option("-v, --verbose", "list every note, not just a count per kind")
    .option("--json", "print the report as JSON")
    .addHelpText(
      "after",
      examples([
        "trackdown import backlog/ --dry-run",
        "trackdown import .taskmaster/tasks/tasks.json --from task-master",
        'trackdown import old-tickets/ --from tickets-json --map-status "Won\'t Do=cancelled" --map-status review=review',
        "trackdown import export.json --json | jq '.problems[] | select(.severity != \"info\")'",
      ]),
    )
    .action(async (path, options, command) => {
      await withService(command, (service, out) => runImport(service, out, path, options));
    });
}

interface ImportFlags {
  from: string;
  dryRun?: true;
  mapStatus?: string[];
  skipInvalid?: true;
  verbose?: true;
  json?: true;
}

async function runImport(service: TicketService, out: Out, path: string, flags: ImportFlags): Promise<void> {
  const from = parseSourceFormat(flags.from);
  const skipInvalid = flags.skipInvalid === true;
  const report = await whileInterruptible((signal) =>
    importTickets(service, path, {
      from,
      dryRun: flags.dryRun,
      mapStatus: flags.mapStatus,
      skipInvalid,
      signal,
    }),
  );
  if (flags.json) out.json(report);
  else printReport(out, report, { verbose: flags.verbose === true, skipInvalid });
  if (report.outcome === "refused") {
    throw new TrackdownError(
      "INVALID_INPUT",
      `${report.counts.errors} records cannot be imported; nothing was written. Fix them, or pass --skip-invalid to import the rest`,
      { reported: true },
    );
  }
}

/** Ctrl-C (or SIGTERM) during the writes rolls the import back; a second one kills. */
async function whileInterruptible<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once("SIGINT", abort);
  process.once("SIGTERM", abort);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", abort);
    process.off("SIGTERM", abort);
  }
}

function printReport(
  out: Out,
  report: ImportReport,
  flags: { verbose: boolean; skipInvalid: boolean },
): void {
  const { verbose } = flags;
  for (const r of report.recovered) {
    const kept = r.kept.length > 0 ? `; kept ${r.kept.length} changed since: ${r.kept.join(", ")}` : "";
    out.line(
      `recovered  an import started ${r.started} was killed while writing: removed its ${r.removed} files${kept}`,
    );
  }
  const shown = report.problems.filter((p) => verbose || p.severity !== "info");
  for (const problem of shown) out.line(problemLine(out, problem));
  if (!verbose) {
    const notes = new Map<string, ImportProblem[]>();
    for (const p of report.problems.filter((p) => p.severity === "info")) {
      notes.set(p.kind, [...(notes.get(p.kind) ?? []), p]);
    }
    for (const [kind, list] of notes) {
      const example = list[0];
      const sample = example ? `, e.g. ${example.file}: ${example.message} → ${example.action}` : "";
      out.line(`${paint(out, "dim", "note")}  ${list.length} × ${kind}${sample} (all with --verbose)`);
    }
  }
  out.line(summary(report, flags.skipInvalid));
}

function problemLine(out: Out, p: ImportProblem): string {
  const style = p.severity === "error" ? "red" : p.severity === "fixed" ? "yellow" : "dim";
  const where = p.id === undefined ? p.file : `${p.file} (${p.id})`;
  return `${paint(out, style, p.severity.padEnd(5))}  ${where}: ${p.kind}: ${p.message} → ${p.action}`;
}

function summary(report: ImportReport, skipInvalid: boolean): string {
  const n = report.tickets.length;
  const kept = report.tickets.filter((t) => t.source_id !== undefined && t.source_id === t.id).length;
  const what = `${n} ${n === 1 ? "ticket" : "tickets"} from ${report.format} (${kept} kept their IDs, ${n - kept} new)`;
  const { fixed, warnings, errors, info } = report.counts;
  const tally = `${fixed} problems fixed, ${warnings} warnings, ${errors} errors, ${info} notes`;
  if (report.outcome === "dry-run" && report.counts.errors > 0 && !skipInvalid) {
    return `Dry run: the import would be refused (--skip-invalid would import the other ${what}); ${tally}. Nothing was written.`;
  }
  if (report.outcome === "dry-run") return `Dry run: would import ${what}; ${tally}. Nothing was written.`;
  if (report.outcome === "refused") return `Refused: ${tally}. Nothing was written.`;
  return `Imported ${what}; ${tally}.`;
}
