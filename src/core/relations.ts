import { invalidInput } from "./errors.js";
import { idKey } from "./ids.js";
import type { ListRelation } from "./schema.js";

/**
 * The relations graph: dependency and parent cycles, and the symmetric pairs (`depends_on` ↔
 * `blocks`, `related` ↔ `related`). Pure: callers hand in the facts from the index.
 */

/** Each list relation and the one kept in step with it on the other ticket. */
export const INVERSE: Readonly<Record<ListRelation, ListRelation>> = {
  depends_on: "blocks",
  blocks: "depends_on",
  related: "related",
};

/** Placeholder key of a ticket being created: its ID is not known while it is checked. */
export const NEW_TICKET = "(new ticket)";

export interface RelationFacts {
  readonly id: string;
  readonly parent?: string | undefined;
  readonly depends_on: readonly string[];
  readonly blocks: readonly string[];
}

export interface ListDiff {
  readonly added: string[];
  readonly removed: string[];
}

/** What changed between two ID lists, compared by ID key (case-insensitive). */
export function diffIds(before: readonly string[], after: readonly string[]): ListDiff {
  const beforeKeys = new Set(before.map(idKey));
  const afterKeys = new Set(after.map(idKey));
  return {
    added: unique(after.filter((id) => !beforeKeys.has(idKey(id)))),
    removed: unique(before.filter((id) => !afterKeys.has(idKey(id)))),
  };
}

function unique(ids: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const id of ids) if (!byKey.has(idKey(id))) byKey.set(idKey(id), id);
  return [...byKey.values()];
}

type Edges = Map<string, Set<string>>;

const addEdge = (edges: Edges, from: string, to: string) => {
  const targets = edges.get(from) ?? new Set<string>();
  targets.add(to);
  edges.set(from, targets);
};

/**
 * Refuses a change that would close a dependency cycle. `current` is every ticket as it is;
 * `changed` holds the new relations of the tickets being written. A dependency pair "X waits
 * for Y" exists when X.depends_on has Y or Y.blocks has X; a change adds and removes pairs on
 * both sides, as the symmetric write will.
 */
export function assertNoDependencyCycle(
  current: readonly RelationFacts[],
  changed: readonly RelationFacts[],
): void {
  const labels = labelsOf(current, changed);
  const byKey = new Map(current.map((t) => [idKey(t.id), t]));
  const edges: Edges = new Map();
  for (const t of current) {
    for (const dep of t.depends_on) addEdge(edges, idKey(t.id), idKey(dep));
    for (const blocked of t.blocks) addEdge(edges, idKey(blocked), idKey(t.id));
  }
  const starts: string[] = [];
  for (const next of changed) {
    const key = idKey(next.id);
    const before = byKey.get(key);
    const deps = diffIds(before?.depends_on ?? [], next.depends_on);
    const blocks = diffIds(before?.blocks ?? [], next.blocks);
    for (const id of deps.removed) edges.get(key)?.delete(idKey(id));
    for (const id of blocks.removed) edges.get(idKey(id))?.delete(key);
    for (const id of deps.added) addEdge(edges, key, idKey(id));
    for (const id of blocks.added) addEdge(edges, idKey(id), key);
    if (deps.added.length + blocks.added.length > 0) starts.push(key);
  }
  refuseCycle(edges, starts, labels, "dependency");
}

/** Refuses a new parent that would make a ticket its own ancestor. */
export function assertNoParentCycle(
  current: readonly RelationFacts[],
  changed: readonly RelationFacts[],
): void {
  const labels = labelsOf(current, changed);
  const edges: Edges = new Map();
  for (const t of current) if (t.parent) addEdge(edges, idKey(t.id), idKey(t.parent));
  const starts: string[] = [];
  for (const next of changed) {
    const key = idKey(next.id);
    edges.delete(key);
    if (next.parent) {
      addEdge(edges, key, idKey(next.parent));
      starts.push(key);
    }
  }
  refuseCycle(edges, starts, labels, "parent");
}

function labelsOf(current: readonly RelationFacts[], changed: readonly RelationFacts[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const t of [...current, ...changed]) labels.set(idKey(t.id), t.id);
  return labels;
}

function refuseCycle(edges: Edges, starts: readonly string[], labels: Map<string, string>, kind: string) {
  for (const start of starts) {
    const cycle = cycleThrough(edges, start);
    if (!cycle) continue;
    const path = cycle.map((key) => labels.get(key) ?? key);
    throw invalidInput(`would create a ${kind} cycle: ${path.join(" → ")}`, { cycle: path, relation: kind });
  }
}

/** The shortest path from `start` back to itself, as `[start, …, start]`, if there is one. */
export function cycleThrough(
  edges: ReadonlyMap<string, ReadonlySet<string>>,
  start: string,
): string[] | undefined {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i += 1) {
    const node = queue[i] as string;
    for (const next of edges.get(node) ?? []) {
      if (next === start) return [...pathTo(cameFrom, node, start), start];
      if (cameFrom.has(next)) continue;
      cameFrom.set(next, node);
      queue.push(next);
    }
  }
  return undefined;
}

function pathTo(cameFrom: ReadonlyMap<string, string>, node: string, start: string): string[] {
  const path = [node];
  for (let at = node; at !== start; ) {
    const previous = cameFrom.get(at);
    if (previous === undefined) break;
    path.unshift(previous);
    at = previous;
  }
  return path;
}

/** Refuses a relation from a ticket to itself, naming the field. */
export function assertNotSelf(id: string, field: string, target: string): void {
  if (idKey(id) === idKey(target)) {
    throw invalidInput(`${id} cannot refer to itself in ${field}`, { field, value: target });
  }
}
