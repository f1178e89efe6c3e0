import type Database from "better-sqlite3";
import type { StatusCategory } from "../core/config.js";

/** The meta key of the index's generation: a new one each time its tables are made. */
export const GENERATION = "generation";

/** Reads a value kept per status category, or computes it anew (see CategoryMemo.reader). */
export type KeptReader = <T>(name: string, categories: readonly StatusCategory[], compute: () => T) => T;

/**
 * What a long-lived process read about the tickets of some status categories, kept until a
 * ticket row of one of them is written. The index counts every write of a ticket row per
 * category, in whichever process makes it (ticket-counts.ts), and every rebuild of the tables
 * starts a new generation: a value is kept under its categories' counts and the generation, and
 * computed again when either has moved. So the server's registry does not read again the 1,500
 * tickets in progress because a new ticket was created in `pending`.
 */
export class CategoryMemo {
  private readonly kept = new Map<string, { readonly stamp: string; readonly value: unknown }>();

  constructor(private readonly db: Database.Database) {}

  /**
   * Takes the counts now and returns what reads through them. Call it inside the read
   * transaction of the values it guards, before reading them: a value is then never kept under
   * counts older than the rows it was computed from. Values are shared between calls, so they
   * must not be changed.
   */
  reader(): KeptReader {
    const generation = this.db.prepare(`SELECT value FROM meta WHERE key = '${GENERATION}'`).pluck().get();
    const counts = new Map(
      this.db.prepare("SELECT category, changes FROM category_changes").raw().all() as [string, number][],
    );
    return <T>(name: string, categories: readonly StatusCategory[], compute: () => T): T => {
      const stamp = `${String(generation)}:${categories.map((c) => counts.get(c) ?? 0).join(",")}`;
      const hit = this.kept.get(name);
      if (hit?.stamp === stamp) return hit.value as T;
      const value = compute();
      this.kept.set(name, { stamp, value });
      return value;
    };
  }
}
