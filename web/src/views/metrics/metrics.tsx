import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { ApiError } from "../../api/client.js";
import { getSprint, getStats, listSprints, listTickets } from "../../api/endpoints.js";
import { categoryOf, labelOf, type StatusInfo } from "../../api/statuses.js";
import type { ProjectStats, SprintDetail, TicketSummary } from "../../api/types.js";
import { burndown, CYCLE_BUCKETS, cycleHistogram } from "../../lib/burndown.js";
import { count, hours, percent } from "../../lib/format.js";
import { useStatuses } from "../../lib/use-statuses.js";
import { useLiveEvents } from "../../live/use-live.js";
import { BarChart, BurndownChart, ColumnChart } from "./charts.js";

/**
 * Project figures as charts: status and priority distribution, weekly throughput, cycle-time
 * distribution, the current sprint's burndown and aging work in progress. Recomputed on the
 * server (`/api/stats`) whenever the live stream reports a change.
 */

interface Figures {
  readonly stats: ProjectStats;
  readonly done: TicketSummary[];
  readonly sprint: SprintDetail | undefined;
}

const PRIORITY_COLORS: Record<string, string> = {
  critical: "var(--prio-critical)",
  high: "var(--prio-high)",
  medium: "var(--prio-medium)",
  low: "var(--prio-low)",
};

async function loadFigures(): Promise<Figures> {
  const [stats, done, sprint] = await Promise.all([
    getStats(),
    listTickets({ q: "is:done", sort: "-updated", limit: 2000 }),
    currentSprint(),
  ]);
  return { stats, done: done.tickets, sprint };
}

async function currentSprint(): Promise<SprintDetail | undefined> {
  try {
    const current = (await listSprints()).find((s) => s.current);
    return current ? await getSprint(current.name) : undefined;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

export function MetricsView(): JSX.Element {
  const [figures, setFigures] = useState<Figures>();
  const [error, setError] = useState<unknown>();
  const { statuses = [] } = useStatuses();
  const load = useCallback(() => {
    loadFigures().then(
      (f) => {
        setFigures(f);
        setError(undefined);
      },
      (failure: unknown) => setError(failure),
    );
  }, []);
  useEffect(load, [load]);
  useLiveEvents(load, () => true, 300);

  if (!figures) {
    return (
      <div class="page">
        <p class="empty">{error ? (error as Error).message : "Loading…"}</p>
      </div>
    );
  }
  const { stats } = figures;
  return (
    <div class="page page-scroll">
      <div class="toolbar">
        <h1 class="page-title">Metrics</h1>
        <span class="toolbar-note">As of {new Date(stats.now).toLocaleString("en-GB")}</span>
      </div>
      <div class="kpis">
        <Kpi label="Tickets" value={count(stats.total)} note={`${stats.unassigned} unassigned`} />
        <Kpi label="Completion" value={percent(stats.completionRate)} note="done of all but cancelled" />
        <Kpi label="Work in progress" value={count(stats.aging.total)} note="active, review or blocked" />
        <Kpi
          label="Cycle time (median)"
          value={hours(stats.cycleTimeHours.median)}
          note={`p90 ${hours(stats.cycleTimeHours.p90)}`}
        />
        <Kpi
          label="Lead time (median)"
          value={hours(stats.leadTimeHours.median)}
          note={`p90 ${hours(stats.leadTimeHours.p90)}`}
        />
      </div>
      <div class="metrics">
        <ChartPanel title="Status">
          <BarChart
            title="Tickets by status"
            data={Object.entries(stats.byStatus).map(([status, value]) => ({
              label: labelOf(status),
              value,
              color: `var(--cat-${categoryOf(statuses, status)})`,
            }))}
          />
        </ChartPanel>
        <ChartPanel title="Priority">
          <BarChart
            title="Tickets by priority"
            data={Object.entries(stats.byPriority).map(([priority, value]) => ({
              label: labelOf(priority),
              value,
              color: PRIORITY_COLORS[priority],
            }))}
          />
        </ChartPanel>
        <ChartPanel
          title="Throughput per week"
          caption="Tickets completed each ISO week; the last is this week so far."
        >
          <ColumnChart
            title="Tickets completed per week"
            data={stats.throughput.map((w) => ({
              label: w.week.slice(-3),
              value: w.completed,
              note: `${w.completed} (week of ${w.start})`,
            }))}
          />
        </ChartPanel>
        <ChartPanel
          title="Cycle time"
          caption={`From start to done, over the last ${count(figures.done.length)} done tickets.`}
        >
          <ColumnChart
            title="Cycle time distribution"
            color="var(--chart-2)"
            data={cycleHistogram(figures.done).map((value, i) => ({
              label: CYCLE_BUCKETS[i]?.[0] ?? "",
              value,
            }))}
          />
        </ChartPanel>
        <SprintBurndown sprint={figures.sprint} statuses={statuses} />
        <ChartPanel
          title="Aging work in progress"
          caption="How long open work has been going since it started."
        >
          <ColumnChart
            title="Work in progress by age"
            color="var(--prio-high)"
            data={stats.aging.buckets.map((b) => ({ label: b.label, value: b.count }))}
          />
        </ChartPanel>
      </div>
    </div>
  );
}

function SprintBurndown({
  sprint,
  statuses,
}: {
  sprint: SprintDetail | undefined;
  statuses: readonly StatusInfo[];
}): JSX.Element {
  if (!sprint) {
    return (
      <ChartPanel title="Sprint burndown">
        <p class="muted">No current sprint. Create one with `trackdown sprint create`.</p>
      </ChartPanel>
    );
  }
  const today = new Date().toISOString().slice(0, 10);
  const chart = burndown(
    sprint.members,
    sprint.start,
    sprint.end,
    today,
    (s) => categoryOf(statuses, s) === "cancelled",
  );
  return (
    <ChartPanel
      title={`Burndown · ${sprint.name}`}
      caption={`${sprint.start} to ${sprint.end}${sprint.goal ? ` — ${sprint.goal}` : ""}. Dashed: the ideal line.`}
    >
      <BurndownChart
        title={`Open tickets in ${sprint.name} per day`}
        points={chart.days}
        total={chart.total}
      />
    </ChartPanel>
  );
}

function Kpi({ label, value, note }: { label: string; value: string; note: string }): JSX.Element {
  return (
    <div class="kpi">
      <div class="kpi-label">{label}</div>
      <div class="kpi-value">{value}</div>
      <div class="kpi-note">{note}</div>
    </div>
  );
}

function ChartPanel(props: { title: string; caption?: string; children: JSX.Element }): JSX.Element {
  return (
    <section class="panel" aria-label={props.title}>
      <h2>{props.title}</h2>
      {props.children}
      {props.caption ? <p class="chart-caption">{props.caption}</p> : null}
    </section>
  );
}
