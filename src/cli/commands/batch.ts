import type { Command } from "@commander-js/extra-typings";
import { invalidInput, TrackdownError } from "../../core/errors.js";
import { type BatchResult, runBatch } from "../../service/batch.js";
import { type RestoreReport, recoverBatches, recoverInterrupted } from "../../service/batch-journal.js";
import type { WriteManyOptions } from "../../service/batch-writer.js";
import type { UpdateInput } from "../../service/inputs.js";
import { collect, examples, globalsOf, withService } from "../context.js";
import { type Out, paint } from "../output.js";

const repeat = (v: string, p: string[] = []) => [...p, v];

/** Fields `--set` accepts; those marked clearable take `none` (or nothing) to clear. */
const SETTABLE: Record<string, { clearable: boolean }> = {
  status: { clearable: false },
  priority: { clearable: false },
  type: { clearable: false },
  title: { clearable: false },
  assignee: { clearable: true },
  sprint: { clearable: true },
  estimate: { clearable: true },
  time_spent: { clearable: true },
  parent: { clearable: true },
  duplicate_of: { clearable: true },
};

/**
 * `batch update` and `batch recover`, and the check every command makes first: a batch
 * interrupted by a killed process is rolled back before anything else runs.
 */
export function registerBatch(program: Command): void {
  program.hook("preAction", async (_program, action) => {
    if (action.name() === "init") return;
    const reports = await recoverInterrupted({ root: globalsOf(action).root });
    for (const report of reports) process.stderr.write(`trackdown: ${describeRecovery(report)}\n`);
  });
  const batch = program.command("batch").description("Change many tickets at once, all or nothing");
  batch
    .command("update")
    .description("Apply one update to every ticket matching a query; any refusal writes nothing")
    .argument("<query...>", "which tickets, in the query language (e.g. sprint:current status:pending)")
    .option("--set <field=value>", `set a field (repeatable): ${Object.keys(SETTABLE).join(", ")}`, repeat)
    .option("--add-tag <tags>", "add tags (repeatable, comma-separated)", collect)
    .option("--remove-tag <tags>", "remove tags", collect)
    .option("--field <key=value>", "set a custom field (repeatable); 'key=' removes it", repeat)
    .option("--dry-run", "show which tickets would change and how (before → after); write nothing")
    .option("--force", "override the workflow and gates on a status change (needs --reason)")
    .option("--reason <text>", "why --force was needed (recorded on every ticket)")
    .option("--json", "print the result as JSON")
    .addHelpText(
      "after",
      examples([
        "trackdown batch update sprint:current status:review --set status=completed --dry-run",
        "trackdown batch update tag:triage --set priority=high --add-tag backend --remove-tag triage",
        "trackdown batch update assignee:old-agent is:open --set assignee=new-agent --json",
      ]),
    )
    .action(async (query, options, command) => {
      const updates = toUpdates(options);
      await withService(command, async (service, out) => {
        const result = await runBatch(
          service.context,
          (q) => service.list(q).tickets,
          {
            query: query.join(" "),
            updates,
            options: { force: options.force, reason: options.reason },
            dryRun: options.dryRun,
          },
          hooks(),
        );
        if (options.json) out.json(withoutTickets(result));
        else printResult(out, result);
        if (result.refused.length > 0) {
          throw invalidInput(
            `${result.refused.length} tickets would refuse the change, so the batch would write nothing`,
          );
        }
      });
    });
  batch
    .command("recover")
    .description("Roll back batches interrupted by a killed process (every command also does this first)")
    .option("--json", "print what was restored as JSON")
    .addHelpText("after", examples(["trackdown batch recover"]))
    .action(async (options, command) => {
      await withService(command, async (service, out) => {
        const reports = await recoverBatches(service.project);
        if (options.json) return out.json(reports);
        if (reports.length === 0) out.line("No interrupted batches");
        for (const report of reports) out.line(describeRecovery(report));
      });
    });
}

type Flags = Record<string, string | string[] | boolean | undefined>;

function toUpdates(o: Flags): UpdateInput {
  const updates: Record<string, unknown> = {};
  for (const pair of (o.set as string[] | undefined) ?? []) {
    const [field, value] = splitPair(pair, "--set");
    const rule = SETTABLE[field];
    if (!rule) {
      throw invalidInput(
        `--set cannot change "${field}"; accepted: ${Object.keys(SETTABLE).join(", ")} (custom fields: --field ${field}=...)`,
        { value: field, accepted: Object.keys(SETTABLE) },
      );
    }
    const clear = value === "" || value === "none";
    if (clear && !rule.clearable) throw invalidInput(`--set ${field} needs a value; it cannot be cleared`);
    updates[field] = clear ? null : field === "priority" ? value.toLowerCase() : value;
  }
  const add = o.addTag as string[] | undefined;
  const remove = o.removeTag as string[] | undefined;
  if (add || remove) updates.tags = { add: add ?? [], remove: remove ?? [] };
  const fields = o.field as string[] | undefined;
  if (fields) {
    updates.fields = Object.fromEntries(
      fields.map((pair) => {
        const [key, value] = splitPair(pair, "--field");
        return [key, value === "" ? null : value];
      }),
    );
  }
  if (Object.keys(updates).length === 0) {
    throw invalidInput("Nothing to change: give --set, --add-tag, --remove-tag or --field (see --help)");
  }
  return updates as UpdateInput;
}

function splitPair(pair: string, flag: string): [string, string] {
  const eq = pair.indexOf("=");
  if (eq <= 0) throw invalidInput(`${flag} needs field=value, not "${pair}"`);
  return [pair.slice(0, eq).trim().replace(/-/g, "_"), pair.slice(eq + 1).trim()];
}

/**
 * Progress on stderr for long batches on a terminal, and the failure points the end-to-end
 * tests use (TRACKDOWN_FAILPOINT=batch-write:<n>[:hang]): fail, or hang, before the n-th write.
 */
function hooks(): WriteManyOptions {
  const progress =
    process.stderr.isTTY === true
      ? (written: number, total: number) => {
          if (total < 100 || (written % 100 !== 0 && written !== total)) return;
          process.stderr.write(
            `\rbatch: ${written}/${total} tickets written${written === total ? "\n" : ""}`,
          );
        }
      : undefined;
  const failpoint = /^batch-write:(\d+)(?::(fail|hang))?$/.exec(process.env.TRACKDOWN_FAILPOINT ?? "");
  if (!failpoint) return { onProgress: progress };
  const at = Number(failpoint[1]);
  return {
    onProgress: progress,
    beforeWrite: async (index) => {
      if (index + 1 !== at) return;
      if (failpoint[2] !== "hang") throw new TrackdownError("INTERNAL", `failpoint batch-write:${at}`);
      process.stderr.write(`failpoint batch-write:${at} reached\n`);
      await new Promise(() => setInterval(() => undefined, 60_000));
    },
  };
}

function withoutTickets(result: BatchResult) {
  const { tickets, ...rest } = result;
  return { ...rest, tickets: tickets.map((t) => ({ id: t.id, revision: t.revision, path: t.path })) };
}

function printResult(out: Out, result: BatchResult): void {
  if (!out.tty && !result.dryRun) {
    for (const id of result.written) out.line(id);
    return;
  }
  const verb = result.dryRun ? "would change" : "changed";
  out.line(
    `${result.matched} tickets matched; ${result.changed.length} ${verb}${result.dryRun ? " (dry run: nothing written)" : ""}`,
  );
  for (const change of result.changed) {
    out.line(`${paint(out, "cyan", change.id)}  ${change.title}`);
    for (const c of change.changes) out.line(`    ${c.field}: ${show(c.before)} → ${show(c.after)}`);
  }
  if (result.unchanged.length > 0) out.line(`unchanged: ${result.unchanged.join(", ")}`);
  for (const r of result.refused) out.line(`${paint(out, "red", "refused")} ${r.id}: ${r.message}`);
  const others = result.written.length - result.changed.length;
  if (others > 0) out.line(`${others} more tickets written to keep relations symmetric`);
  for (const report of result.recovered) out.line(describeRecovery(report));
}

function show(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  if (Array.isArray(value)) return `[${value.join(", ")}]`;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function describeRecovery(report: RestoreReport): string {
  const skipped = report.skipped.map((s) => `${s.id} left as is: ${s.reason}`).join("; ");
  return `rolled back interrupted batch ${report.batch}: restored ${report.restored.length} tickets${skipped ? `; ${skipped}` : ""}`;
}
