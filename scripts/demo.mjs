#!/usr/bin/env node
// `npm start`: builds a demo project and walks through Trackdown from the CLI, so a newcomer
// sees the file layout, the query language and the workflow without any setup.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { initProject, TicketManager } from "../dist/index.js";

const cli = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const root = process.argv[2] ?? mkdtempSync(join(tmpdir(), "trackdown-demo-"));

function trackdown(...args) {
  return execFileSync(process.execPath, [cli, "--root", root, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, TRACKDOWN_AGENT: "demo-pm" },
  });
}

function run(...args) {
  process.stdout.write(`\n$ trackdown ${args.join(" ")}\n`);
  process.stdout.write(trackdown(...args));
}

await initProject(root, { project: "Demo" });
const pm = new TicketManager(root, { actor: "demo-pm" });
const epic = await pm.createTicket({ type: "epic", title: "Importer rewrite", priority: "high" });
const research = await pm.createTicket({
  type: "task",
  title: "Survey the formats people export",
  parent: epic.id,
  assignee: "research-agent",
  tags: ["importer"],
  description: "List the ticket formats of ai-trackdown, Backlog.md and Task Master.",
});
const bug = await pm.createTicket({
  type: "bug",
  title: "Import error on duplicate IDs",
  priority: "critical",
  parent: epic.id,
  depends_on: [research.id],
  tags: ["importer", "backend"],
  criteria: ["reproduce with a fixture", "duplicates get fresh IDs"],
  description: "Importing a folder with two EP-0001 files crashes the importer.",
});
await pm.createTicket({
  type: "feature",
  title: "Dark mode for the dashboard",
  priority: "low",
  tags: ["web"],
});
await pm.transition(research.id, "in_progress");
await pm.comment(research.id, "Found three layouts; notes in the ticket body.");
pm.close();

console.log(`Demo project: ${root}`);
run("list");
run("list", "priority:>=high", "is:open");
run("search", "duplicate");
run("complete", research.id);
try {
  run("complete", bug.id);
} catch (error) {
  process.stdout.write(`(refused, as it should be) ${error.stderr}`);
}
run("show", bug.id);
process.stdout.write(`\nThe ticket file, as it sits in the repository:\n\n`);
const { path } = JSON.parse(trackdown("show", bug.id, "--json"));
process.stdout.write(readFileSync(join(root, path), "utf8"));
process.stdout.write(`\nTry it yourself:  node ${cli} --root ${root} list --help\n`);
