import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { DEFAULT_CONFIG } from "../core/config.js";
import { blockedReasons, registryFigures } from "./index-reports.js";
import { type ProjectPaths, projectPaths } from "./project.js";
import { ticketPathFor } from "./ticket-files.js";
import { TicketIndex } from "./ticket-index.js";

/**
 * A long-lived index keeps the registry's lists per status category (CategoryMemo) while another
 * connection — another process, as far as SQLite knows — writes the tickets: it must not read
 * again what no write touched, and must read again what one did. (index-reports.test.ts holds
 * the figures of a long-lived index to core's after rounds of random writes.)
 */

let paths: ProjectPaths;
let kept: TicketIndex;
let writer: TicketIndex;

interface Fields {
  status: string;
  title?: string;
  assignee?: string;
  started?: string;
  completed?: string;
  blocked_reason?: string;
}

/** Writes ticket `id` with these fields in its status's folder; returns its relative path. */
function writeTicket(id: string, fields: Fields): string {
  const rel = ticketPathFor(DEFAULT_CONFIG, fields.status, `${id}.md`);
  const lines = [
    `id: ${id}`,
    "type: task",
    `title: ${fields.title ?? `Ticket ${id}`}`,
    `status: ${fields.status}`,
    "priority: medium",
    "created: '2026-03-01T09:00:00Z'",
    `updated: '2026-03-0${1 + (Number(id.slice(4)) % 9)}T10:00:00Z'`,
  ];
  for (const key of ["assignee", "started", "completed", "blocked_reason"] as const) {
    if (fields[key] !== undefined) lines.push(`${key}: '${fields[key]}'`);
  }
  mkdirSync(dirname(join(paths.root, rel)), { recursive: true });
  writeFileSync(join(paths.root, rel), `---\n${lines.join("\n")}\n---\n\nBody.\n`);
  return rel;
}

/** The figures and blocked reasons as an index that has kept nothing reads them. */
function freshReport(): unknown {
  const fresh = TicketIndex.open(paths, DEFAULT_CONFIG);
  try {
    return { figures: registryFigures(fresh), reasons: blockedReasons(fresh) };
  } finally {
    fresh.close();
  }
}

const keptReport = () => ({ figures: registryFigures(kept), reasons: blockedReasons(kept) });

beforeEach(() => {
  paths = projectPaths(mkdtempSync(join(tmpdir(), "td-memo-")));
  mkdirSync(paths.dotDir, { recursive: true });
  const done = { status: "completed", assignee: "ana", started: "2026-03-02T09:00:00Z" };
  for (let i = 0; i < 12; i++) writeTicket(`TSK-${i}`, { status: "pending" });
  for (let i = 12; i < 18; i++) writeTicket(`TSK-${i}`, { status: "in_progress", assignee: "bo" });
  for (let i = 18; i < 21; i++) writeTicket(`TSK-${i}`, { status: "blocked", blocked_reason: "API" });
  for (let i = 21; i < 30; i++)
    writeTicket(`TSK-${i}`, { ...done, completed: `2026-03-0${i - 20}T12:00:00Z` });
  writer = TicketIndex.open(paths, DEFAULT_CONFIG);
  writer.refresh();
  kept = TicketIndex.open(paths, DEFAULT_CONFIG);
});

afterEach(() => {
  kept.close();
  writer.close();
  rmSync(paths.root, { recursive: true, force: true });
});

it("reads a category's list again only when a ticket of that category was written", () => {
  const reads = vi.spyOn(kept.db, "prepare");
  const inProgressReads = () =>
    reads.mock.calls.filter(([sql]) => sql.includes("t.category IN ('active', 'review')")).length;
  registryFigures(kept);
  expect(inProgressReads()).toBe(1);
  writeTicket("TSK-30", { status: "pending" });
  writer.refresh();
  registryFigures(kept);
  expect(inProgressReads()).toBe(1);
  writeTicket("TSK-13", { status: "in_progress", title: "Renamed" });
  writer.refresh();
  expect(registryFigures(kept).inProgress.map((t) => t.title)).toContain("Renamed");
  expect(inProgressReads()).toBe(2);
});

it("reads everything again after another connection rebuilt the index", () => {
  registryFigures(kept);
  // A rebuild starts the counts over, and reading the same six tickets in progress counts six
  // writes again, as their first reading did: only the new generation tells the lists apart.
  writeTicket("TSK-12", { status: "in_progress", title: "Read by the rebuild" });
  writer.rebuild();
  expect(registryFigures(kept).inProgress.map((t) => t.title)).toContain("Read by the rebuild");
  expect(keptReport()).toEqual(freshReport());
});
