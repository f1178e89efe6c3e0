import type { Command } from "@commander-js/extra-typings";
import type { Distribution } from "../../core/analytics.js";
import { duration } from "../../core/registry-render.js";
import { type ProjectStats, projectStats } from "../../service/stats.js";
import { examples, withService } from "../context.js";
import { type Out, paint } from "../output.js";
import { registerArchive } from "./archive.js";
import { registerBackup } from "./backup.js";
import { registerRegistry } from "./registry.js";

/** Reporting and housekeeping: `stats`, `registry`, `archive`/`unarchive`, `backup`/`restore`. */
export function registerReporting(program: Command): void {
  registerStats(program);
  registerRegistry(program);
  registerArchive(program);
  registerBackup(program);
}

export function registerStats(program: Command): void {
  program
    .command("stats")
    .description(
      "Project figures: counts, completion rate, weekly throughput, cycle and lead time, aging work, per agent",
    )
    .argument("[query...]", "only the tickets matching this query, e.g. type:bug sprint:2026-S03")
    .option("--json", "print every figure as JSON (durations in hours, ages in days)")
    .addHelpText(
      "after",
      examples([
        "trackdown stats",
        "trackdown stats type:bug tag:backend",
        "trackdown stats --json | jq '.cycleTimeHours'",
        "trackdown stats is:archived --json",
      ]),
    )
    .action(async (query, options, command) => {
      await withService(command, (service, out) => {
        const stats = projectStats(service, query.join(" "));
        if (options.json) return out.json(stats);
        printStats(out, stats);
      });
    });
}

function printStats(out: Out, s: ProjectStats): void {
  const head = (text: string) => out.line(`\n${paint(out, "bold", text)}`);
  const pairs = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
  out.line(`${paint(out, "bold", String(s.total))} tickets${s.query ? ` matching ${s.query}` : ""}`);
  const rate = s.completionRate === null ? "-" : `${(s.completionRate * 100).toFixed(1)}%`;
  out.line(`  completion rate  ${rate} (done ÷ all but cancelled)`);
  out.line(`  status           ${pairs(s.byStatus)}`);
  out.line(`  type             ${pairs(s.byType)}`);
  out.line(`  priority         ${pairs(s.byPriority)}`);
  out.line(`  assignee         ${pairs({ ...s.byAssignee, unassigned: s.unassigned }) || "-"}`);
  head("Time");
  out.line(`  cycle time  ${describe(s.cycleTimeHours)}  (started → completed)`);
  out.line(`  lead time   ${describe(s.leadTimeHours)}  (created → completed)`);
  head("Completed per ISO week");
  const most = Math.max(1, ...s.throughput.map((w) => w.completed));
  for (const w of s.throughput) {
    const bar = "#".repeat(Math.round((w.completed / most) * 30));
    out.line(`  ${w.week}  ${w.start}  ${String(w.completed).padStart(4)}  ${paint(out, "cyan", bar)}`);
  }
  printAging(out, s);
  printAgents(out, s);
}

function describe(d: Distribution): string {
  if (d.count === 0 || d.median === null || d.p90 === null) return "no completed tickets with both dates";
  return `median ${duration(d.median)}, p90 ${duration(d.p90)} over ${d.count} tickets`;
}

function printAging(out: Out, s: ProjectStats): void {
  out.line(
    `\n${paint(out, "bold", `Work in progress (${s.aging.total})`)}  active, review and blocked, by age`,
  );
  out.line(`  ${s.aging.buckets.map((b) => `${b.label} ${b.count}`).join("  ")}`);
  for (const t of s.aging.oldest) {
    const age = `${t.ageDays.toFixed(1)}d`.padStart(7);
    out.line(`  ${paint(out, "cyan", t.id)}  ${age}  ${t.status}  ${t.assignee ?? "-"}  ${t.title}`);
  }
}

function printAgents(out: Out, s: ProjectStats): void {
  out.line(`\n${paint(out, "bold", "Agents")}`);
  if (s.agents.length === 0) {
    out.line("  no assigned tickets");
    return;
  }
  const width = Math.max(5, ...s.agents.map((a) => a.agent.length));
  out.line(
    paint(out, "dim", `  ${"AGENT".padEnd(width)}  ASSIGNED  WORK IN PROGRESS  COMPLETED  MEDIAN CYCLE`),
  );
  for (const a of s.agents) {
    const cycle = a.medianCycleHours === null ? "-" : duration(a.medianCycleHours);
    out.line(
      `  ${a.agent.padEnd(width)}  ${String(a.assigned).padStart(8)}  ${String(a.inProgress).padStart(16)}  ${String(a.completed).padStart(9)}  ${cycle}`,
    );
  }
}
