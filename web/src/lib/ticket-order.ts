import type { TicketSummary } from "../api/types.js";

/** How tickets sort within a board column: most urgent first, then most recently updated. */

const RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export const priorityRank = (priority: string): number => RANK[priority] ?? 0;

export function byUrgency(a: TicketSummary, b: TicketSummary): number {
  return (
    priorityRank(b.priority) - priorityRank(a.priority) ||
    (b.updated > a.updated ? 1 : b.updated < a.updated ? -1 : 0) ||
    (a.id < b.id ? -1 : 1)
  );
}

/** Groups tickets by a key, each group sorted by urgency. */
export function groupTickets(
  tickets: Iterable<TicketSummary>,
  keyOf: (ticket: TicketSummary) => string,
): Map<string, TicketSummary[]> {
  const groups = new Map<string, TicketSummary[]>();
  for (const ticket of tickets) {
    const key = keyOf(ticket);
    const group = groups.get(key);
    if (group) group.push(ticket);
    else groups.set(key, [ticket]);
  }
  for (const group of groups.values()) group.sort(byUrgency);
  return groups;
}
