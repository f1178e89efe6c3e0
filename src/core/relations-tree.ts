import type { StatusCategory } from "./config.js";
import { toMinutes } from "./duration.js";
import { idKey } from "./ids.js";

/**
 * The parent hierarchy (epics contain issues contain tasks) with progress and time rolled up.
 * A ticket's progress is that of the leaves below it — tickets with no children of their own —
 * so an epic's completion is its issues', and theirs their tasks'. A leaf counts itself.
 */

export interface TreeItem {
  readonly id: string;
  readonly title: string;
  readonly type: string;
  readonly status: string;
  readonly category: StatusCategory;
  readonly parent?: string | undefined;
  /** Children are listed in creation order (then by ID). */
  readonly created?: string | undefined;
  readonly estimate?: string | number | undefined;
  readonly time_spent?: string | number | undefined;
}

export interface Progress {
  /** Leaves counted. */
  readonly total: number;
  readonly done: number;
  readonly cancelled: number;
  readonly open: number;
  /** (done + cancelled) / total, as a whole percent rounded down. */
  readonly percent: number;
}

export interface TreeNode {
  readonly id: string;
  readonly title: string;
  readonly type: string;
  readonly status: string;
  readonly progress: Progress;
  /** Own plus every descendant's, in minutes. */
  readonly estimateMinutes: number;
  readonly spentMinutes: number;
  readonly children: TreeNode[];
}

const byAge = (a: TreeItem, b: TreeItem) =>
  (a.created ?? "").localeCompare(b.created ?? "") || idKey(a.id).localeCompare(idKey(b.id));

/** Children of every ticket, by parent ID key, in creation order. */
export function childrenByParent(items: readonly TreeItem[]): Map<string, TreeItem[]> {
  const children = new Map<string, TreeItem[]>();
  for (const item of [...items].sort(byAge)) {
    if (!item.parent) continue;
    const key = idKey(item.parent);
    children.set(key, [...(children.get(key) ?? []), item]);
  }
  return children;
}

/** The tree under `root`. A parent loop in hand-edited files is cut where it closes. */
export function buildTree(root: TreeItem, children: ReadonlyMap<string, readonly TreeItem[]>): TreeNode {
  return build(root, children, new Set());
}

function build(
  item: TreeItem,
  children: ReadonlyMap<string, readonly TreeItem[]>,
  path: Set<string>,
): TreeNode {
  const key = idKey(item.id);
  const inner = new Set(path).add(key);
  const kids = (children.get(key) ?? [])
    .filter((child) => !inner.has(idKey(child.id)))
    .map((child) => build(child, children, inner));
  const progress = kids.length === 0 ? leafProgress(item.category) : sumProgress(kids.map((k) => k.progress));
  const sum = (own: number, pick: (node: TreeNode) => number) => kids.reduce((n, k) => n + pick(k), own);
  return {
    id: item.id,
    title: item.title,
    type: item.type,
    status: item.status,
    progress,
    estimateMinutes: sum(toMinutes(item.estimate) ?? 0, (k) => k.estimateMinutes),
    spentMinutes: sum(toMinutes(item.time_spent) ?? 0, (k) => k.spentMinutes),
    children: kids,
  };
}

function leafProgress(category: StatusCategory): Progress {
  return progressOf({
    total: 1,
    done: category === "done" ? 1 : 0,
    cancelled: category === "cancelled" ? 1 : 0,
  });
}

function sumProgress(parts: readonly Progress[]): Progress {
  const add = (pick: (p: Progress) => number) => parts.reduce((n, p) => n + pick(p), 0);
  return progressOf({
    total: add((p) => p.total),
    done: add((p) => p.done),
    cancelled: add((p) => p.cancelled),
  });
}

function progressOf(counts: { total: number; done: number; cancelled: number }): Progress {
  const closed = counts.done + counts.cancelled;
  return {
    ...counts,
    open: counts.total - closed,
    percent: counts.total === 0 ? 0 : Math.floor((closed * 100) / counts.total),
  };
}

/** Tickets at the top of a hierarchy: with children, and no parent among `items`. */
export function treeRoots(
  items: readonly TreeItem[],
  children: ReadonlyMap<string, readonly TreeItem[]>,
): TreeItem[] {
  const keys = new Set(items.map((i) => idKey(i.id)));
  return items
    .filter((i) => children.has(idKey(i.id)) && !(i.parent && keys.has(idKey(i.parent))))
    .sort(byAge);
}
