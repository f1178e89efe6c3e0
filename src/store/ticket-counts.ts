import type Database from "better-sqlite3";

/** What a ticket row is counted by in `ticket_counts` (index-schema.ts). */
export interface CountedRow {
  readonly status: string;
  readonly category: string;
  readonly assignee: string | null;
  readonly sprint: string | null;
}

/**
 * Counts a ticket row in (`+1`, written) or out (`-1`, removed): its status, its assignee and its
 * sprint (when it has them) by its category in `ticket_counts`, and one more write of its category
 * in `category_changes`. Every insert and delete of a ticket row goes through here, in the same
 * transaction, so the counts stay those of the rows.
 */
export function countRow(
  statement: (sql: string) => Database.Statement,
  row: CountedRow,
  sign: 1 | -1,
): void {
  const count = statement(
    `INSERT INTO ticket_counts (dimension, value, category, n) VALUES (?, ?, ?, ?)
     ON CONFLICT (dimension, value, category) DO UPDATE SET n = n + excluded.n`,
  );
  count.run("status", row.status, row.category, sign);
  if (row.assignee) count.run("assignee", row.assignee, row.category, sign);
  if (row.sprint) count.run("sprint", row.sprint, row.category, sign);
  statement(
    `INSERT INTO category_changes (category, changes) VALUES (?, 1)
     ON CONFLICT (category) DO UPDATE SET changes = changes + 1`,
  ).run(row.category);
}
