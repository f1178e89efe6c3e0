import {
  type AgentTally,
  agentStatsOf,
  categorizer,
  completionOf,
  HOUR_MS,
  tallyTickets,
  timeOf,
} from "./analytics.js";
import { activity } from "./body.js";
import { type Config, STATUS_CATEGORIES, type StatusCategory } from "./config.js";
import { PRIORITY_RANK, type TicketFacts } from "./schema.js";
import { categoryOf } from "./workflow.js";

/**
 * TICKET_REGISTRY.md, rendered from ticket summaries alone. The output is a pure function of
 * its input — no clock, no locale, every sort fully tie-broken — so it is byte-identical as long
 * as the tickets are, and a regeneration that changes nothing causes no git churn. Ages are
 * measured to the "as of" time: the newest `updated` among the tickets.
 */

export interface RegistryInput {
  readonly project: string;
  readonly config: Config;
  /** Where the registry lives, relative to the project root; links are relative to it. */
  readonly registryPath: string;
  readonly figures: RegistryFigures;
  /** Why each blocked ticket is blocked, by ticket ID (see blockedReason). */
  readonly blockedReasons: ReadonlyMap<string, string>;
}

/**
 * What the registry shows: counts, and the facts of only the tickets it lists by name.
 * `registryFigures` gathers them from ticket facts; the index gathers the same with SQL
 * (store/index-reports.ts), so a registry of 100k tickets does not read 100k of them.
 */
export interface RegistryFigures {
  readonly total: number;
  /** Tickets per status. */
  readonly byStatus: ReadonlyMap<string, number>;
  /** Tickets under tickets/archive/. */
  readonly archived: number;
  /** The newest readable `updated` (the greater text on a tie); undefined when none is readable. */
  readonly asOf: string | undefined;
  /** Tickets in an active or review status, in any order. */
  readonly inProgress: readonly TicketFacts[];
  /** Tickets in a blocked status, in any order. */
  readonly blocked: readonly TicketFacts[];
  /** How many tickets are to do, and the TO_DO_SHOWN most urgent of them (URGENCY order). */
  readonly toDo: number;
  readonly toDoShown: readonly TicketFacts[];
  /** The RECENTLY_COMPLETED done tickets completed last (RECENCY order). */
  readonly recentlyCompleted: readonly TicketFacts[];
  /** Tickets per status category in each sprint. */
  readonly sprints: ReadonlyMap<string, ReadonlyMap<StatusCategory, number>>;
  readonly agents: ReadonlyMap<string, AgentTally>;
}

export const RECENTLY_COMPLETED = 20;
/** The to-do list shows the most urgent tickets only, so the file stays small at 100k tickets. */
export const TO_DO_SHOWN = 50;
const IN_PROGRESS: readonly StatusCategory[] = ["active", "review"];
const NONE = "_None._";

/**
 * The to-do order: most urgent priority first, then the oldest (an unreadable `created` counts
 * as the epoch), then by ID. The index sorts by the same keys in SQL.
 */
export function byUrgency(a: TicketFacts, b: TicketFacts): number {
  return (
    (PRIORITY_RANK[b.priority] ?? 0) - (PRIORITY_RANK[a.priority] ?? 0) ||
    (timeOf(a.created) ?? 0) - (timeOf(b.created) ?? 0) ||
    byId(a, b)
  );
}

/** The recently-completed order: completed last first (unreadable: the epoch), then by ID. */
export function byRecency(a: TicketFacts, b: TicketFacts): number {
  return (timeOf(b.completed) ?? 0) - (timeOf(a.completed) ?? 0) || byId(a, b);
}

/** Registry figures of ticket facts: the reference the index's SQL figures must agree with. */
export function registryFigures(tickets: readonly TicketFacts[], config: Config): RegistryFigures {
  const category = categorizer(config);
  const byStatus = new Map<string, number>();
  const inProgress: TicketFacts[] = [];
  const blocked: TicketFacts[] = [];
  const toDo: TicketFacts[] = [];
  const completed: TicketFacts[] = [];
  const sprints = new Map<string, Map<StatusCategory, number>>();
  let archived = 0;
  for (const t of tickets) {
    const c = category(t.status);
    byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
    if (t.path.startsWith("tickets/archive/")) archived++;
    if (IN_PROGRESS.includes(c)) inProgress.push(t);
    else if (c === "blocked") blocked.push(t);
    else if (c === "todo") toDo.push(t);
    else if (c === "done" && t.completed) completed.push(t);
    if (t.sprint) {
      const counts = sprints.get(t.sprint) ?? new Map<StatusCategory, number>();
      counts.set(c, (counts.get(c) ?? 0) + 1);
      sprints.set(t.sprint, counts);
    }
  }
  return {
    total: tickets.length,
    byStatus,
    archived,
    asOf: newestUpdate(tickets),
    inProgress,
    blocked,
    toDo: toDo.length,
    toDoShown: toDo.sort(byUrgency).slice(0, TO_DO_SHOWN),
    recentlyCompleted: completed.sort(byRecency).slice(0, RECENTLY_COMPLETED),
    sprints,
    agents: tallyTickets(tickets, config).agents,
  };
}

export function renderRegistry(input: RegistryInput): string {
  const asOf = input.figures.asOf;
  const sections = [
    header(input, asOf),
    summary(input),
    inProgress(input, asOf),
    blocked(input),
    toDo(input),
    recentlyCompleted(input),
    sprints(input),
    agents(input),
  ];
  return `${sections.join("\n\n")}\n`;
}

/**
 * Why a blocked ticket is blocked: its `blocked_reason` field (`field`), else what the last activity line
 * that moved it to a blocked status says after the move — `status pending → blocked: waiting for
 * the API` and `status review → blocked (forced: waiting for the API)` both give "waiting for the
 * API". Undefined when neither says anything.
 */
export function blockedReason(field: unknown, body: string, config: Config): string | undefined {
  if (typeof field === "string" && field.trim() !== "") return field.trim();
  const moves = activity(body).flatMap((entry) => {
    const match = /^status \S+ → ([a-z0-9_]+)(.*)$/s.exec(entry.kind === "event" ? entry.text : "");
    return match && categoryOf(config, match[1] ?? "") === "blocked" ? [match[2] ?? ""] : [];
  });
  const rest = moves.at(-1)?.trim();
  if (!rest) return undefined;
  const reason = rest
    .replace(/^\((.*)\)$/s, "$1")
    .replace(/^[:—–-]\s*/, "")
    .replace(/^(?:forced|reason):\s*/, "")
    .replace(/; overrode: .*$/s, "")
    .trim();
  return reason === "" ? undefined : reason;
}

function header(input: RegistryInput, asOf: string | undefined): string {
  const count = plural(input.figures.total, "ticket");
  const when = asOf === undefined ? "" : `, as of ${asOf} (the newest update)`;
  return [
    "# Ticket registry",
    "",
    "<!-- Generated by Trackdown from the ticket files; edits here are overwritten. Regenerate with `trackdown registry sync`. -->",
    "",
    `**${cell(input.project)}**: ${count}${when}.`,
  ].join("\n");
}

function summary({ figures, config }: RegistryInput): string {
  const known = Object.keys(config.statuses);
  const others = [...figures.byStatus.keys()].filter((s) => !known.includes(s)).sort(compareText);
  const rows = [...known, ...others].map((status) => [
    cell(status),
    String(figures.byStatus.get(status) ?? 0),
  ]);
  rows.push(["**Total**", `**${figures.total}**`]);
  const category = categorizer(config);
  let done = 0;
  let cancelled = 0;
  for (const [status, n] of figures.byStatus) {
    if (category(status) === "done") done += n;
    else if (category(status) === "cancelled") cancelled += n;
  }
  const { counted, rate } = completionOf(done, figures.total - cancelled);
  const rateText =
    rate === null
      ? "Completion rate: no tickets count yet."
      : `Completion rate: **${percent(rate)}** (${done} of ${counted} done; cancelled tickets do not count).`;
  return [
    "## Summary",
    "",
    table(["Status", "Tickets"], rows, ["---", "---:"]),
    "",
    `${rateText} Archived: ${figures.archived}.`,
  ].join("\n");
}

function inProgress(input: RegistryInput, asOf: string | undefined): string {
  const now = timeOf(asOf) ?? 0;
  const wip = input.figures.inProgress
    .map((t) => ({ t, since: timeOf(t.started ?? t.created) ?? now }))
    .sort((a, b) => a.since - b.since || byId(a.t, b.t));
  const rows = wip.map(({ t, since }) => [
    link(input, t),
    cell(t.title),
    cell(t.status),
    cell(t.assignee ?? "—"),
    t.priority,
    duration((now - since) / HOUR_MS),
  ]);
  const heading = `## In progress (${wip.length})`;
  if (rows.length === 0) return `${heading}\n\n${NONE}`;
  return `${heading}\n\n${table(["Ticket", "Title", "Status", "Assignee", "Priority", "Age"], rows)}`;
}

function blocked(input: RegistryInput): string {
  const list = [...input.figures.blocked].sort(byId);
  const rows = list.map((t) => [
    link(input, t),
    cell(t.title),
    cell(t.assignee ?? "—"),
    cell(input.blockedReasons.get(t.id) ?? "—"),
  ]);
  const heading = `## Blocked (${list.length})`;
  if (rows.length === 0) return `${heading}\n\n${NONE}`;
  return `${heading}\n\n${table(["Ticket", "Title", "Assignee", "Reason"], rows)}`;
}

function toDo(input: RegistryInput): string {
  const { toDo: count, toDoShown } = input.figures;
  const rows = toDoShown
    .slice(0, TO_DO_SHOWN)
    .map((t) => [link(input, t), cell(t.title), cell(t.type), t.priority, cell(t.assignee ?? "—")]);
  const heading = `## To do (${count})`;
  if (rows.length === 0) return `${heading}\n\n${NONE}`;
  const more =
    count > rows.length ? `\n\n${count - rows.length} more, less urgent: \`trackdown list is:todo\`.` : "";
  return `${heading}\n\n${table(["Ticket", "Title", "Type", "Priority", "Assignee"], rows)}${more}`;
}

function recentlyCompleted(input: RegistryInput): string {
  const rows = input.figures.recentlyCompleted
    .slice(0, RECENTLY_COMPLETED)
    .map((t) => [link(input, t), cell(t.title), cell(t.assignee ?? "—"), cell(t.completed ?? "")]);
  const heading = `## Recently completed (last ${RECENTLY_COMPLETED})`;
  if (rows.length === 0) return `${heading}\n\n${NONE}`;
  return `${heading}\n\n${table(["Ticket", "Title", "Assignee", "Completed"], rows)}`;
}

function sprints({ figures }: RegistryInput): string {
  const names = [...figures.sprints.keys()].sort(compareText);
  if (names.length === 0) return `## Sprints\n\n${NONE}`;
  const rows = names.map((name) => {
    const counts = figures.sprints.get(name) ?? new Map<StatusCategory, number>();
    const count = (...categories: StatusCategory[]) =>
      categories.reduce((n, c) => n + (counts.get(c) ?? 0), 0);
    const total = count(...STATUS_CATEGORIES);
    const rate = completionOf(count("done"), total - count("cancelled")).rate;
    return [
      cell(name),
      String(total),
      String(count("todo")),
      String(count("active", "review")),
      String(count("blocked")),
      String(count("done")),
      String(count("cancelled")),
      rate === null ? "—" : percent(rate),
    ];
  });
  const head = ["Sprint", "Tickets", "To do", "In progress", "Blocked", "Done", "Cancelled", "Completion"];
  return `## Sprints\n\n${table(head, rows, ["---", ...head.slice(1).map(() => "---:")])}`;
}

function agents({ figures }: RegistryInput): string {
  const rows = agentStatsOf(figures.agents).map((a) => [
    cell(a.agent),
    String(a.assigned),
    String(a.inProgress),
    String(a.completed),
    a.medianCycleHours === null ? "—" : duration(a.medianCycleHours),
  ]);
  if (rows.length === 0) return `## Agents\n\n${NONE}`;
  const head = ["Agent", "Assigned", "Work in progress", "Completed", "Median cycle time"];
  return `## Agents\n\n${table(head, rows, ["---", "---:", "---:", "---:", "---:"])}`;
}

function newestUpdate(tickets: readonly TicketFacts[]): string | undefined {
  let best: { at: number; text: string } | undefined;
  for (const t of tickets) {
    const at = timeOf(t.updated);
    if (at === undefined) continue;
    if (!best || at > best.at || (at === best.at && t.updated > best.text)) best = { at, text: t.updated };
  }
  return best?.text;
}

function table(head: readonly string[], rows: readonly string[][], align?: readonly string[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(align ?? head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Text made safe for a table cell: no pipes, no line breaks, no raw HTML. */
export function cell(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/\s*[\r\n]+\s*/g, " ");
}

function link(input: RegistryInput, ticket: TicketFacts): string {
  return `[${cell(ticket.id)}](${relativeLink(input.registryPath, ticket.path)})`;
}

/** A relative Markdown link from the file `from` to `to` (both relative to the project root). */
export function relativeLink(from: string, to: string): string {
  const fromDir = from.split("/").slice(0, -1);
  const target = to.split("/");
  let shared = 0;
  while (shared < fromDir.length && shared < target.length - 1 && fromDir[shared] === target[shared])
    shared++;
  const up = fromDir.slice(shared).map(() => "..");
  const down = target.slice(shared).map((s) => encodeURIComponent(s).replace(/[()]/g, escapeParen));
  return [...up, ...down].join("/");
}

const escapeParen = (c: string) => (c === "(" ? "%28" : "%29");

/** `<1h`, `5h` (under two days), `3.5d`. */
export function duration(hours: number): string {
  if (hours < 1) return "<1h";
  if (hours < 48) return `${Math.floor(hours)}h`;
  return `${(hours / 24).toFixed(1)}d`;
}

function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byId(a: TicketFacts, b: TicketFacts): number {
  return compareText(a.id.toUpperCase(), b.id.toUpperCase()) || compareText(a.path, b.path);
}
