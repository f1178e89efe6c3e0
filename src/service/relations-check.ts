import { idKey } from "../core/ids.js";
import {
  assertNoDependencyCycle,
  assertNoParentCycle,
  diffIds,
  NEW_TICKET,
  type RelationFacts,
} from "../core/relations.js";
import type { Ticket } from "../core/schema.js";
import { SUMMARY_COLUMNS } from "../store/index-schema.js";
import type { Project } from "./project.js";

/**
 * The cycle check of every write that changes `depends_on`, `blocks` or `parent`: create,
 * update and batch call it before anything is written, and a cycle is refused with its path.
 */

type RelationChange = Partial<Record<"parent" | "depends_on" | "blocks", unknown>>;

/**
 * Refuses `set` on `current` (undefined for a ticket being created) if it would close a
 * dependency or parent cycle: `would create a dependency cycle: A → B → C → A`.
 */
export function assertNoCycles(project: Project, current: Ticket | undefined, set: RelationChange): void {
  const next = nextFacts(current, set);
  const added = (before: readonly string[] | undefined, after: readonly string[]) =>
    diffIds(before ?? [], after).added.length > 0;
  // A new ticket has no edges yet: it can only close a cycle if it both waits and blocks.
  const dependencies = current
    ? added(current.depends_on, next.depends_on) || added(current.blocks, next.blocks)
    : next.depends_on.length > 0 && next.blocks.length > 0;
  const parents =
    current !== undefined && next.parent !== undefined && idKey(next.parent) !== idKey(current.parent ?? "");
  assertNoCyclesMany(project, [next], { dependencies, parents });
}

/** The same check for several tickets changed together (a batch). */
export function assertNoCyclesMany(
  project: Project,
  changed: readonly RelationFacts[],
  what: { dependencies: boolean; parents: boolean },
): void {
  if (changed.length === 0 || (!what.dependencies && !what.parents)) return;
  const current = relationFacts(project);
  if (what.dependencies) assertNoDependencyCycle(current, changed);
  if (what.parents) {
    const withParent = changed.filter((c) => c.parent !== undefined);
    assertNoParentCycle(current, withParent);
  }
}

/** A ticket's relations after `set` is applied. */
export function nextFacts(current: Ticket | undefined, set: RelationChange): RelationFacts {
  const list = (value: unknown, fallback: readonly string[] = []) =>
    Array.isArray(value) ? value.map(String) : fallback;
  const parent = "parent" in set ? set.parent : current?.parent;
  return {
    id: current?.id ?? NEW_TICKET,
    parent: typeof parent === "string" ? parent : undefined,
    depends_on: list(set.depends_on, current?.depends_on),
    blocks: list(set.blocks, current?.blocks),
  };
}

/** Every ticket that takes part in a dependency or parent relation, from the index. */
function relationFacts(project: Project): RelationFacts[] {
  const rows = project.index.summaries(
    `SELECT ${SUMMARY_COLUMNS} FROM tickets t WHERE t.rowid IN
       (SELECT ticket FROM relations WHERE kind IN ('depends_on', 'blocks', 'parent'))`,
    [],
  );
  const seen = new Set<string>();
  return rows.flatMap((t) => {
    // A duplicated ID (doctor's business) is counted once.
    if (seen.has(idKey(t.id))) return [];
    seen.add(idKey(t.id));
    return [{ id: t.id, parent: t.parent, depends_on: t.depends_on, blocks: t.blocks }];
  });
}
