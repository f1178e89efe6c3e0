import type { ActivityEntry, Criterion } from "../core/body.js";
import { invalidInput } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import type { Claim, Run, TicketSummary } from "../core/schema.js";
import { categoryOf, isClosedCategory } from "../core/workflow.js";
import { renderContextMarkdown } from "./context-pack-render.js";
import type { TicketDetail, TicketService } from "./ticket-service.js";
import { viewWorkflow, type WorkflowView } from "./workflows.js";

/**
 * Everything an agent needs to work on one ticket, compact enough for a prompt: its fields,
 * description, criteria, neighbours, workflow, claim, last run and recent activity. A
 * character budget trims the oldest activity first, then the description.
 */

export interface TicketRef {
  readonly id: string;
  readonly title: string | null;
  /** `missing` when the ID names no ticket. */
  readonly status: string;
}

export interface ContextPack {
  readonly id: string;
  readonly title: string;
  readonly type: string;
  readonly status: string;
  readonly priority: string;
  readonly assignee: string | null;
  readonly tags: string[];
  readonly sprint: string | null;
  readonly estimate: string | number | null;
  readonly created: string;
  readonly updated: string;
  readonly path: string;
  readonly revision: string;
  readonly description: string;
  readonly criteria: Criterion[];
  readonly parent: TicketRef | null;
  readonly dependencies: (TicketRef & { done: boolean })[];
  readonly children: { total: number; done: number; open: number; by_status: Record<string, number> };
  readonly workflow: Pick<WorkflowView, "steps" | "current" | "finished"> | null;
  readonly claim: Claim | null;
  readonly last_run: Run | null;
  readonly activity: ActivityEntry[];
  /** What the activity count and the budget left out. */
  readonly omitted: { activity: number; description_chars: number; output_tail: boolean };
}

export interface ContextOptions {
  /** How many of the newest activity entries to include (default 10). */
  readonly activity?: number | undefined;
  /** A budget in characters for the rendered pack (Markdown, or JSON with `format: "json"`). */
  readonly maxChars?: number | undefined;
  readonly format?: "markdown" | "json" | undefined;
}

export const DEFAULT_CONTEXT_ACTIVITY = 10;
export const MIN_CONTEXT_CHARS = 200;

/** The pack for a ticket, trimmed to `maxChars` of the chosen format when a budget is given. */
export function contextPack(
  service: TicketService,
  idText: string,
  options: ContextOptions = {},
): ContextPack {
  const limit = checkCount(options.activity);
  const budget = checkBudget(options.maxChars);
  const pack = buildPack(service, service.get(idText), limit);
  if (budget === undefined) return pack;
  const measure =
    options.format === "json"
      ? (p: ContextPack) => JSON.stringify(p).length
      : (p: ContextPack) => renderContextMarkdown(p).length;
  return fitToBudget(pack, budget, measure);
}

/** The pack as compact Markdown, never longer than `maxChars` when a budget is given. */
export function contextMarkdown(
  service: TicketService,
  idText: string,
  options: ContextOptions = {},
): string {
  const text = renderContextMarkdown(contextPack(service, idText, { ...options, format: "markdown" }));
  const budget = options.maxChars;
  if (budget === undefined || text.length <= budget) return text;
  const marker = "\n…(cut to fit the budget)\n";
  return `${text.slice(0, budget - marker.length)}${marker}`;
}

function checkCount(value: number | undefined): number {
  if (value === undefined) return DEFAULT_CONTEXT_ACTIVITY;
  if (!Number.isInteger(value) || value < 0) {
    throw invalidInput(`The activity count must be a whole number of 0 or more; got ${value}`, {
      field: "activity",
    });
  }
  return value;
}

function checkBudget(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < MIN_CONTEXT_CHARS) {
    throw invalidInput(
      `The budget must be a whole number of at least ${MIN_CONTEXT_CHARS} characters; got ${value}`,
      {
        field: "max_chars",
      },
    );
  }
  return value;
}

function buildPack(service: TicketService, ticket: TicketDetail, limit: number): ContextPack {
  const { config, index } = service.project;
  const refOf = (id: string, found: TicketSummary | undefined): TicketRef => ({
    id: found?.id ?? id,
    title: found?.title ?? null,
    status: found?.status ?? "missing",
  });
  const related = index.byIds([...ticket.depends_on, ...(ticket.parent ? [ticket.parent] : [])].map(idKey));
  const byKey = new Map(related.map((t) => [idKey(t.id), t]));
  const children = index.referencing(ticket.id, "parent");
  const byStatus: Record<string, number> = {};
  for (const child of children) byStatus[child.status] = (byStatus[child.status] ?? 0) + 1;
  const done = children.filter((c) => isClosedCategory(categoryOf(config, c.status))).length;
  const view = viewWorkflow(ticket);
  const recent = limit === 0 ? [] : ticket.activity.slice(-limit);
  return {
    id: ticket.id,
    title: ticket.title,
    type: ticket.type,
    status: ticket.status,
    priority: ticket.priority,
    assignee: ticket.assignee ?? null,
    tags: ticket.tags,
    sprint: ticket.sprint ?? null,
    estimate: ticket.estimate ?? null,
    created: ticket.created,
    updated: ticket.updated,
    path: ticket.path,
    revision: ticket.revision,
    description: ticket.description,
    criteria: ticket.criteria,
    parent: ticket.parent ? refOf(ticket.parent, byKey.get(idKey(ticket.parent))) : null,
    dependencies: ticket.depends_on.map((id) => {
      const ref = refOf(id, byKey.get(idKey(id)));
      const closed = ref.status !== "missing" && isClosedCategory(categoryOf(config, ref.status));
      return { ...ref, done: closed };
    }),
    children: { total: children.length, done, open: children.length - done, by_status: byStatus },
    workflow:
      view.steps.length > 0 ? { steps: view.steps, current: view.current, finished: view.finished } : null,
    claim: ticket.claim ?? null,
    last_run: ticket.runs?.at(-1) ?? null,
    activity: recent,
    omitted: { activity: ticket.activity.length - recent.length, description_chars: 0, output_tail: false },
  };
}

const CUT = "…";

/** Trims the oldest activity, then the description, then the last run's output, until it fits. */
export function fitToBudget(
  pack: ContextPack,
  budget: number,
  measure: (p: ContextPack) => number,
): ContextPack {
  let fitted = pack;
  while (measure(fitted) > budget && fitted.activity.length > 0) {
    fitted = {
      ...fitted,
      activity: fitted.activity.slice(1),
      omitted: { ...fitted.omitted, activity: fitted.omitted.activity + 1 },
    };
  }
  const full = pack.description;
  let kept = full.length;
  // JSON escapes make a character of text cost more than one: cut again until it fits.
  for (let over = measure(fitted) - budget; over > 0 && kept > 0; over = measure(fitted) - budget) {
    kept = Math.max(0, kept - over - CUT.length);
    fitted = {
      ...fitted,
      description: kept > 0 ? `${full.slice(0, kept).trimEnd()}${CUT}` : "",
      omitted: { ...fitted.omitted, description_chars: full.length - kept },
    };
  }
  if (measure(fitted) > budget && fitted.last_run?.output_tail) {
    const { output_tail: _dropped, ...run } = fitted.last_run;
    fitted = { ...fitted, last_run: run as Run, omitted: { ...fitted.omitted, output_tail: true } };
  }
  return fitted;
}
