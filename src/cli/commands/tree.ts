import type { Command } from "@commander-js/extra-typings";
import { formatMinutes } from "../../core/duration.js";
import { type TreeNode, ticketTree } from "../../service/relations-tree.js";
import { examples, withService } from "../context.js";
import { type Out, paint } from "../output.js";
import { registerBatch } from "./batch.js";
import { registerSprint } from "./sprint.js";
import { registerTemplates } from "./templates.js";
import { registerTime } from "./time.js";

/** Planning: `tree`, `batch`, `templates`, `time`, `sprint`. */
export function registerPlanning(program: Command): void {
  registerTree(program);
  registerBatch(program);
  registerTemplates(program);
  registerTime(program);
  registerSprint(program);
}

export function registerTree(program: Command): void {
  program
    .command("tree")
    .description("Show the hierarchy under a ticket (epic → issues → tasks) with progress rolled up")
    .argument("[id]", "ticket ID or unique prefix (default: every top-level ticket with children)")
    .option("--json", "print the tree as JSON (times in minutes)")
    .addHelpText(
      "after",
      `${examples(["trackdown tree EP-a1b2", "trackdown tree", "trackdown tree EP-a1b2 --json | jq '.[0].progress'"])}
Progress counts the leaves below a ticket (tickets without children): done and cancelled
ones are finished. Estimates and time spent add up over the whole subtree.
`,
    )
    .action(async (id, options, command) => {
      await withService(command, (service, out) => {
        const trees = ticketTree(service.project, id);
        if (options.json) return out.json(trees);
        if (trees.length === 0) return out.line("No ticket has children yet (set --parent when creating)");
        for (const tree of trees) printNode(out, tree, "", "");
      });
    });
}

function printNode(out: Out, node: TreeNode, lead: string, childLead: string): void {
  const status = paint(out, node.progress.open === 0 ? "green" : "yellow", `[${node.status}]`);
  const parts = [`${lead}${paint(out, "cyan", node.id)}`, node.title, status];
  if (node.children.length > 0) {
    const p = node.progress;
    parts.push(`${p.done + p.cancelled}/${p.total} done (${p.percent}%)`);
  }
  const time = [
    node.estimateMinutes > 0 ? `est ${formatMinutes(node.estimateMinutes)}` : "",
    node.spentMinutes > 0 ? `spent ${formatMinutes(node.spentMinutes)}` : "",
  ].filter((t) => t !== "");
  if (time.length > 0) parts.push(paint(out, "dim", time.join(", ")));
  out.line(parts.join("  "));
  node.children.forEach((child, i) => {
    const last = i === node.children.length - 1;
    printNode(out, child, `${childLead}${last ? "└── " : "├── "}`, `${childLead}${last ? "    " : "│   "}`);
  });
}
