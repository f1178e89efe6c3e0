import { findCycles } from "../../core/graph.js";
import { idKey, isValidId } from "../../core/ids.js";
import type { IdAssignment } from "./ids.js";
import type { NormalizedRecord } from "./normalize.js";
import type { ProblemLog } from "./types.js";

/**
 * Relations rewritten from source IDs to final IDs. A reference resolves to the imported ticket
 * that holds (or held) that source ID, else to an existing ticket of the project; anything else
 * is kept aside as `unresolved_<field>` and reported. Children lists become the children's
 * `parent` when they name none; self-references and repeats are dropped, and so are `related`
 * entries naming the parent or a child (other trackers list an epic's issues as related),
 * except in Trackdown's own format.
 */

export interface ResolvedRelations {
  parent?: string | undefined;
  depends_on: string[];
  blocks: string[];
  related: string[];
  duplicate_of?: string | undefined;
  /** `unresolved_depends_on` and the like: references that name nothing known. */
  unresolved: Record<string, string[]>;
}

const LIST_FIELDS = ["depends_on", "blocks", "related"] as const;

export function resolveRelations(
  records: readonly NormalizedRecord[],
  assignment: IdAssignment,
  existing: ReadonlySet<string>,
  log: ProblemLog,
): ResolvedRelations[] {
  const resolve = (ref: string): string | undefined => {
    const key = idKey(ref.trim());
    return assignment.refs.get(key) ?? (isValidId(ref.trim()) && existing.has(key) ? ref.trim() : undefined);
  };
  const resolved = records.map((n, i) => {
    const own = idKey(assignment.ids[i] ?? "");
    const out: ResolvedRelations = { depends_on: [], blocks: [], related: [], unresolved: {} };
    const report = log.at(n.record.file, n.record.sourceId);
    const one = (field: string, ref: string | undefined): string | undefined => {
      if (ref === undefined || ref.trim() === "") return undefined;
      const id = resolve(ref);
      if (id === undefined) {
        const key = `unresolved_${field}`;
        out.unresolved[key] = [...(out.unresolved[key] ?? []), ref];
        report(
          "dangling-reference",
          "fixed",
          `${field} names "${ref}", which is neither in the import nor in this project`,
          `kept as "unresolved_${field}"`,
        );
      }
      return id !== undefined && idKey(id) !== own ? id : undefined;
    };
    out.parent = one("parent", n.record.parent);
    out.duplicate_of = one("duplicate_of", n.record.duplicate_of);
    for (const field of LIST_FIELDS) {
      const ids = (n.record[field] ?? []).map((ref) => one(field, ref)).filter((id) => id !== undefined);
      out[field] = unique(ids);
    }
    return out;
  });
  adoptChildren(records, assignment, resolved, resolve);
  reportCycles(records, assignment, resolved, log);
  const children = childrenByParent(resolved, assignment);
  for (const [i, out] of resolved.entries()) {
    // Other trackers list an epic's issues as "related"; Trackdown's own links are meant as given.
    if (records[i]?.record.verbatim) continue;
    const family = new Set(children.get(idKey(assignment.ids[i] ?? "")) ?? []);
    if (out.parent !== undefined) family.add(idKey(out.parent));
    out.related = out.related.filter((id) => !family.has(idKey(id)));
  }
  return resolved;
}

/** A parent's list of children fills in the `parent` of children that name none. */
function adoptChildren(
  records: readonly NormalizedRecord[],
  assignment: IdAssignment,
  resolved: ResolvedRelations[],
  resolve: (ref: string) => string | undefined,
): void {
  const indexOf = new Map(assignment.ids.map((id, i) => [idKey(id), i]));
  records.forEach((n, i) => {
    const parentId = assignment.ids[i] ?? "";
    for (const ref of n.record.children ?? []) {
      const childId = resolve(ref);
      const child = childId === undefined ? undefined : indexOf.get(idKey(childId));
      const target = child === undefined ? undefined : resolved[child];
      if (target && target.parent === undefined && child !== i) target.parent = parentId;
    }
  });
}

/** Dependency and parent cycles among the imported tickets: kept as the source has them, and reported. */
function reportCycles(
  records: readonly NormalizedRecord[],
  assignment: IdAssignment,
  resolved: readonly ResolvedRelations[],
  log: ProblemLog,
): void {
  const indexOf = new Map(assignment.ids.map((id, i) => [idKey(id), i]));
  const edges = (pick: (r: ResolvedRelations) => string[]) =>
    new Map(
      resolved.map((r, i) => [
        idKey(assignment.ids[i] ?? ""),
        pick(r)
          .map(idKey)
          .filter((k) => indexOf.has(k)),
      ]),
    );
  const kinds = [
    ["depends on", edges((r) => r.depends_on)],
    ["is a child of", edges((r) => (r.parent === undefined ? [] : [r.parent]))],
  ] as const;
  for (const [relation, graph] of kinds) {
    for (const cycle of findCycles(graph)) {
      const first = records[indexOf.get(cycle[0] ?? "") ?? -1];
      const names = cycle.map((key) => assignment.ids[indexOf.get(key) ?? -1] ?? key);
      log.at(first?.record.file ?? "", first?.record.sourceId)(
        "cycle",
        "warning",
        `cycle: ${names.join(` ${relation} `)}`,
        "kept as in the source; trackdown validate lists it until it is broken",
      );
    }
  }
}

/** Parent ID key → its children's ID keys. */
function childrenByParent(
  resolved: readonly ResolvedRelations[],
  assignment: IdAssignment,
): Map<string, string[]> {
  const children = new Map<string, string[]>();
  resolved.forEach((r, j) => {
    if (r.parent === undefined) return;
    const key = idKey(r.parent);
    const list = children.get(key) ?? [];
    list.push(idKey(assignment.ids[j] ?? ""));
    children.set(key, list);
  });
  return children;
}

function unique(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    const key = idKey(id);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
