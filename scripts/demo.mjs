#!/usr/bin/env node
// `npm start`: builds a realistic demo project in a temporary folder (epics, ~40 tickets across
// every status, agents holding claims, workflows part-way through, runs that passed and failed,
// comments, a current sprint) and serves the live dashboard on it until Ctrl-C.
//
//   node scripts/demo.mjs [folder] [--port 4600] [--no-serve]
//
// Eight weeks of history are replayed with a simulated clock, so the metrics have a past.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import {
  initProject,
  orchestrateWorkflow,
  runTracked,
  stepDone,
  stepProgress,
  stepStart,
  TicketService,
} from "../dist/index.js";
import { silentLogger } from "../dist/server/logger.js";
import { startServer } from "../dist/server/start.js";
import { createSprint } from "../dist/service/sprints.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { port: { type: "string", default: "4600" }, "no-serve": { type: "boolean", default: false } },
});
const root = positionals[0] ?? mkdtempSync(join(tmpdir(), "trackdown-demo-"));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const realNow = Date.now();

/**
 * The simulated clock: history starts eight weeks ago and ends at the real present. While a run's
 * command executes, time goes 600 times faster, so a 200 ms run is recorded as two minutes.
 */
let clock = realNow - 56 * DAY;
let fastSince;
const now = () => new Date(fastSince === undefined ? clock : clock + (Date.now() - fastSince) * 600);
const at = (ms) => {
  clock = Math.min(ms, realNow);
};

/** A small deterministic random source, so every demo project looks the same. */
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = (list) => list[Math.floor(random() * list.length)];

await initProject(root, { project: "Acme Checkout" });
const service = TicketService.open({ root, actor: "maria", now, onWarning: () => {} });
const as = (agent) => service.as(agent);

const AGENTS = ["planner-agent", "coder-agent", "reviewer-agent", "qa-agent", "docs-agent"];
const PEOPLE = ["maria", "sam"];

const EPICS = {
  checkout: ["Checkout revamp", "high", ["web", "payments"]],
  importer: ["Importer rewrite", "medium", ["backend", "importer"]],
  agents: ["Agent platform", "critical", ["agents"]],
  observability: ["Observability", "medium", ["ops"]],
};

const TASKS = [
  ["checkout", "task", "Split the payment form into steps", "high", ["web"]],
  ["checkout", "bug", "Card declined message shows raw error code", "critical", ["web", "payments"]],
  ["checkout", "feature", "Apple Pay and Google Pay buttons", "medium", ["payments"]],
  ["checkout", "task", "Persist the cart across devices", "medium", ["backend"]],
  ["checkout", "bug", "Coupon field accepts expired codes", "high", ["payments"]],
  ["checkout", "task", "Address autocomplete behind a flag", "low", ["web"]],
  ["checkout", "feature", "One-click reorder from order history", "medium", ["web"]],
  ["checkout", "task", "Accessibility pass on the checkout flow", "high", ["web", "a11y"]],
  ["checkout", "bug", "Totals round differently on the receipt", "medium", ["payments"]],
  ["checkout", "task", "Load-test the order endpoint at 2k rps", "medium", ["backend", "perf"]],
  ["importer", "task", "Survey the ticket formats people export", "medium", ["research"]],
  ["importer", "bug", "Import fails on duplicate IDs", "critical", ["importer"]],
  ["importer", "task", "Map Jira priorities onto ours", "medium", ["importer"]],
  ["importer", "feature", "Dry-run mode that prints the plan", "medium", ["importer", "cli"]],
  ["importer", "task", "Keep comments and their authors", "low", ["importer"]],
  ["importer", "bug", "Unicode titles lose their accents", "high", ["importer"]],
  ["importer", "task", "Golden tests for three export formats", "medium", ["testing"]],
  ["importer", "task", "Document the importer options", "low", ["docs"]],
  ["agents", "feature", "Lease renewal from long-running agents", "high", ["agents"]],
  ["agents", "task", "Context packs include neighbour tickets", "medium", ["agents"]],
  ["agents", "bug", "Two agents can claim the same ticket under load", "critical", ["agents", "concurrency"]],
  ["agents", "task", "Per-agent success rate in the overview", "medium", ["agents", "metrics"]],
  ["agents", "feature", "Retry a failed workflow step", "high", ["agents"]],
  ["agents", "task", "Record the output tail of every run", "medium", ["agents"]],
  ["agents", "task", "Stale-agent alert after two missed heartbeats", "medium", ["agents", "ops"]],
  ["agents", "bug", "Step progress jumps back after a restart", "high", ["agents"]],
  ["observability", "task", "Structured logs to stderr", "medium", ["ops"]],
  ["observability", "feature", "Prometheus metrics endpoint", "medium", ["ops", "metrics"]],
  ["observability", "task", "Dashboards for queue depth and cycle time", "low", ["ops"]],
  ["observability", "bug", "Health check reports stale index as fresh", "high", ["ops"]],
  ["observability", "task", "Alert on error-rate spikes", "medium", ["ops"]],
  [null, "task", "Upgrade to Node 22 in CI", "low", ["infra"]],
  [null, "bug", "Flaky test in the watcher suite", "medium", ["testing"]],
  [null, "task", "Write the release notes for 0.2", "low", ["docs"]],
  [null, "feature", "Dark mode for the dashboard", "low", ["web"]],
  [null, "task", "Rotate the staging API tokens", "high", ["security"]],
];

/** Where each ticket ends up, in TASKS order: the board shows every column. */
const FATES = [
  "completed",
  "in_progress",
  "review",
  "pending",
  "completed",
  "pending",
  "completed",
  "in_progress",
  "completed",
  "blocked",
  "completed",
  "in_progress",
  "completed",
  "review",
  "pending",
  "completed",
  "completed",
  "pending",
  "in_progress",
  "completed",
  "in_progress",
  "review",
  "pending",
  "completed",
  "blocked",
  "in_progress",
  "completed",
  "pending",
  "cancelled",
  "completed",
  "pending",
  "completed",
  "in_progress",
  "pending",
  "pending",
  "review",
];

const epics = {};
for (const [key, [title, priority, tags]] of Object.entries(EPICS)) {
  epics[key] = await service.create({
    type: "epic",
    title,
    priority,
    tags,
    description: `Everything that belongs to **${title}**.`,
  });
  at(clock + 3 * HOUR);
}

const tickets = [];
for (const [i, [epic, type, title, priority, tags]] of TASKS.entries()) {
  at(clock + random() * 30 * HOUR + 4 * HOUR);
  const fate = FATES[i] ?? "pending";
  const open = fate !== "completed" && fate !== "cancelled";
  const ticket = await service.create({
    type,
    title,
    priority,
    tags,
    parent: epic ? epics[epic].id : undefined,
    assignee: random() < 0.8 ? pick([...AGENTS, ...PEOPLE]) : undefined,
    sprint: open || random() < 0.4 ? "sprint-12" : undefined,
    estimate: pick(["2h", "4h", "1d", "2d", "3d"]),
    description: describe(title, type),
    criteria: open && random() < 0.6 ? ["Covered by a test", "Docs updated"] : undefined,
  });
  tickets.push({ ...ticket, fate });
}

/** Replays each ticket's life: started some hours after creation, finished days later. */
for (const ticket of tickets) {
  const { id, fate } = ticket;
  if (fate === "pending") continue;
  at(Date.parse(ticket.created) + (2 + random() * 40) * HOUR);
  const actor = ticket.assignee ?? "maria";
  if (fate === "cancelled") {
    await as(actor).transition(id, "cancelled", { reason: "Superseded by the platform work" });
    continue;
  }
  await as(actor).transition(id, "in_progress");
  if (fate === "in_progress") continue;
  at(clock + (6 + random() * 90) * HOUR);
  if (fate === "blocked") {
    await as(actor).transition(id, "blocked", { reason: "waiting for the payments sandbox" });
    continue;
  }
  await as(actor).transition(id, "review");
  if (fate === "review") continue;
  at(clock + (1 + random() * 30) * HOUR);
  await as("reviewer-agent").transition(id, "completed");
}

// A current sprint that started last week.
at(realNow - 2 * HOUR);
const day = (ms) => new Date(ms).toISOString().slice(0, 10);
await createSprint(service.context, {
  name: "sprint-12",
  start: day(realNow - 6 * DAY),
  end: day(realNow + 7 * DAY),
  goal: "Ship the new checkout and a safe importer",
});

// Workflows part-way through: planner → coder → reviewer.
const inProgress = tickets.filter((t) => t.fate === "in_progress");
for (const [n, ticket] of inProgress.slice(0, 4).entries()) {
  at(realNow - (5 - n) * HOUR);
  await orchestrateWorkflow(service, ticket.id, ["planner-agent", "coder-agent", "reviewer-agent"], {
    force: true,
  });
  await stepStart(as("planner-agent"), ticket.id, "Reading the ticket and its neighbours");
  at(clock + 40 * 60_000);
  await stepDone(as("planner-agent"), ticket.id, "Plan written to the ticket");
  if (n === 3) continue;
  await stepStart(as("coder-agent"), ticket.id);
  at(clock + 25 * 60_000);
  await stepProgress(as("coder-agent"), ticket.id, [35, 60, 80][n] ?? 50, "Tests written, implementing");
}

// Runs: a few passing and failing commands recorded by `trackdown run`.
const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
const command = (code, ms) => [process.execPath, "-e", `setTimeout(() => process.exit(${code}), ${ms})`];
const runOn = [...inProgress.slice(4, 7), ...tickets.filter((t) => t.fate === "review").slice(0, 2)];
for (const [n, ticket] of runOn.entries()) {
  at(realNow - (90 - n * 12) * 60_000);
  const agent = ["coder-agent", "qa-agent", "coder-agent", "docs-agent", "qa-agent"][n];
  const code = n === 1 ? 1 : 0;
  fastSince = Date.now();
  await runTracked(as(agent), ticket.id, {
    command: command(code, 20 + n * 15),
    stdout: quiet,
    stderr: quiet,
  });
  fastSince = undefined;
}

// Live claims, held by agents right now.
for (const ticket of tickets.filter((t) => t.fate === "pending").slice(0, 3)) {
  at(realNow - (2 + random() * 12) * 60_000);
  const agent = pick(["coder-agent", "qa-agent", "docs-agent"]);
  await as(agent)
    .claim(ticket.id)
    .catch(() => undefined);
}

// Conversation.
const COMMENTS = [
  ["reviewer-agent", "Looks good overall; please add a test for the empty-cart case."],
  [
    "sam",
    "I can reproduce this on Safari only. Attaching the steps:\n\n1. Add two items\n2. Apply `SPRING24`\n3. Reload",
  ],
  ["coder-agent", "Root cause: the total is rounded **before** tax. Fix incoming."],
  ["qa-agent", "Verified on staging — all **12** scenarios pass."],
  ["maria", "Let's keep this in the sprint; it blocks the release notes."],
];
for (const [n, ticket] of tickets.slice(0, 12).entries()) {
  const [author, text] = COMMENTS[n % COMMENTS.length];
  at(realNow - (60 - n * 4) * 60_000);
  await as(author).comment(ticket.id, text);
}

clock = realNow;
await service.flush();
console.log(`Demo project (${tickets.length + Object.keys(epics).length} tickets): ${root}`);

if (values["no-serve"]) {
  service.close();
} else {
  const live = TicketService.open({ root, actor: "dashboard" });
  const server = await startServer({ service: live, port: Number(values.port), logger: silentLogger() });
  console.log(`\n  Trackdown dashboard:  ${server.url}/board\n`);
  console.log(
    `  Try, in another terminal:  node dist/trackdown.cjs --root ${root} create "Hello from the CLI"`,
  );
  console.log("  Press Ctrl-C to stop.");
  const stop = async () => {
    await server.close();
    live.close();
    service.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function describe(title, type) {
  const what =
    type === "bug" ? "Steps to reproduce, then what should happen instead." : "What and why, briefly.";
  return `${title}.\n\n${what} See the parent epic for context; links like https://example.com/spec stay clickable.`;
}
