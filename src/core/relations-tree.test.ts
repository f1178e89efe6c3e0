import { describe, expect, it } from "vitest";
import type { StatusCategory } from "./config.js";
import { buildTree, childrenByParent, type TreeItem, treeRoots } from "./relations-tree.js";

const item = (
  id: string,
  category: StatusCategory,
  parent?: string,
  time: { estimate?: string; time_spent?: string } = {},
): TreeItem => ({ id, title: id, type: "task", status: category, category, parent, ...time });

describe("tree roll-up", () => {
  // EP: ISS-1 (TSK-1 done, TSK-2 cancelled, TSK-3 open), ISS-2 (TSK-4 done), ISS-3 (no children, active)
  const items = [
    item("EP", "active", undefined, { estimate: "1h" }),
    item("ISS-1", "active", "EP", { estimate: "2h", time_spent: "30m" }),
    item("ISS-2", "done", "EP"),
    item("ISS-3", "active", "EP", { estimate: "1d" }),
    item("TSK-1", "done", "ISS-1", { estimate: "90m", time_spent: "2h" }),
    item("TSK-2", "cancelled", "ISS-1"),
    item("TSK-3", "todo", "ISS-1", { estimate: "1h", time_spent: "15m" }),
    item("TSK-4", "done", "ISS-2", { time_spent: "45m" }),
    item("LONE", "todo"),
  ];
  const children = childrenByParent(items);

  it("counts the leaves below each ticket: hand-computed on three levels", () => {
    const tree = buildTree(items[0] as TreeItem, children);
    // Leaves under EP: TSK-1 done, TSK-2 cancelled, TSK-3 open, TSK-4 done, ISS-3 open = 5.
    expect(tree.progress).toEqual({ total: 5, done: 2, cancelled: 1, open: 2, percent: 60 });
    const [iss1, iss2, iss3] = tree.children;
    expect(iss1?.progress).toEqual({ total: 3, done: 1, cancelled: 1, open: 1, percent: 66 });
    expect(iss2?.progress).toEqual({ total: 1, done: 1, cancelled: 0, open: 0, percent: 100 });
    expect(iss3?.progress).toEqual({ total: 1, done: 0, cancelled: 0, open: 1, percent: 0 });
    expect(iss1?.children.map((c) => c.id)).toEqual(["TSK-1", "TSK-2", "TSK-3"]);
  });

  it("sums estimates and time spent over each subtree, the ticket's own included", () => {
    const tree = buildTree(items[0] as TreeItem, children);
    // 1h + 2h + 8h + 90m + 1h = 13h30m; spent 30m + 2h + 15m + 45m = 3h30m.
    expect(tree.estimateMinutes).toBe(13 * 60 + 30);
    expect(tree.spentMinutes).toBe(3 * 60 + 30);
    expect(tree.children[0]?.estimateMinutes).toBe(120 + 90 + 60);
    expect(tree.children[0]?.spentMinutes).toBe(30 + 120 + 15);
  });

  it("finds the roots, and survives a parent loop in hand-edited files", () => {
    expect(treeRoots(items, children).map((r) => r.id)).toEqual(["EP"]);
    const looped = [item("A", "todo", "B"), item("B", "todo", "A")];
    const tree = buildTree(looped[0] as TreeItem, childrenByParent(looped));
    expect(tree.children.map((c) => c.id)).toEqual(["B"]);
    expect(tree.children[0]?.children).toEqual([]);
  });
});
