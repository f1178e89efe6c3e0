import { idKey } from "../core/ids.js";
import {
  buildTree,
  childrenByParent,
  type TreeItem,
  type TreeNode,
  treeRoots,
} from "../core/relations-tree.js";
import { categoryOf } from "../core/workflow.js";
import type { Project } from "./project.js";
import { resolveTicket } from "./ticket-writer.js";

export type { Progress, TreeNode } from "../core/relations-tree.js";

/**
 * The hierarchy under a ticket (or, without one, under every top-level ticket that has
 * children), with progress and time rolled up from the leaves.
 */
export function ticketTree(project: Project, idText?: string): TreeNode[] {
  const { index, config } = project;
  index.refresh();
  const items: TreeItem[] = index.allSummaries().map((t) => ({
    id: t.id,
    title: t.title,
    type: t.type,
    status: t.status,
    category: categoryOf(config, t.status),
    parent: t.parent,
    created: t.created,
    estimate: t.estimate,
    time_spent: t.time_spent,
  }));
  const children = childrenByParent(items);
  if (idText === undefined) return treeRoots(items, children).map((root) => buildTree(root, children));
  const { id } = resolveTicket(project, idText);
  const root = items.find((item) => idKey(item.id) === idKey(id));
  return root ? [buildTree(root, children)] : [];
}
