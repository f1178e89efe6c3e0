import { getStats } from "./endpoints.js";

/**
 * The project's statuses in workflow order, with their category. The API has no config route
 * yet, so the names come from `/api/stats` over no ticket (its `byStatus` lists every configured
 * status in config order, even at zero) and categories from the usual names.
 */

export type Category = "todo" | "active" | "blocked" | "review" | "done" | "cancelled";

export interface StatusInfo {
  readonly name: string;
  readonly label: string;
  readonly category: Category;
}

const KNOWN: Record<string, Category> = {
  pending: "todo",
  open: "todo",
  todo: "todo",
  backlog: "todo",
  in_progress: "active",
  doing: "active",
  review: "review",
  blocked: "blocked",
  completed: "done",
  done: "done",
  closed: "done",
  cancelled: "cancelled",
  canceled: "cancelled",
};

const CATEGORY_ORDER: readonly Category[] = ["todo", "active", "blocked", "review", "done", "cancelled"];

export const labelOf = (status: string): string => {
  const words = status.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function ordered(statuses: StatusInfo[]): StatusInfo[] {
  return [...statuses].sort(
    (a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category),
  );
}

let cached: Promise<StatusInfo[]> | undefined;

export function loadStatuses(): Promise<StatusInfo[]> {
  cached ??= fetchStatuses().catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

/** A query that matches no ticket: the figures come back empty, with every status listed. */
const NOTHING = "id:-";

async function fetchStatuses(): Promise<StatusInfo[]> {
  const stats = await getStats(NOTHING);
  return ordered(
    Object.keys(stats.byStatus).map((name) => ({
      name,
      label: labelOf(name),
      category: KNOWN[name] ?? "todo",
    })),
  );
}

/** The default configuration's statuses: what the board shows until the project's arrive. */
export const DEFAULT_STATUSES: readonly StatusInfo[] = ordered(
  ["pending", "in_progress", "review", "blocked", "completed", "cancelled"].map((name) => ({
    name,
    label: labelOf(name),
    category: KNOWN[name] ?? "todo",
  })),
);

export const categoryOf = (statuses: readonly StatusInfo[], status: string): Category =>
  statuses.find((s) => s.name === status)?.category ?? KNOWN[status] ?? "todo";
