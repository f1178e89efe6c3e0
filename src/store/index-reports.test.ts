import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tallyTickets } from "../core/analytics-tally.js";
import { DEFAULT_CONFIG } from "../core/config.js";
import { parseQuery } from "../core/query.js";
import { registryFigures as figuresOfTickets, TO_DO_SHOWN } from "../core/registry-figures.js";
import { compileQuery } from "./index-query.js";
import { registryFigures, statsTally } from "./index-reports.js";
import { type ProjectPaths, projectPaths } from "./project.js";
import { TicketIndex } from "./ticket-index.js";

/**
 * The SQL figures against their references in core, on messy tickets: timestamps in every form
 * the schema accepts (offsets, fractions, dates alone, a space for the T), so their text order is
 * not their time order; ties on priority and time; a status the config does not know; missing
 * assignees and sprints; archived tickets; done tickets without a completion time.
 */

let paths: ProjectPaths;
let index: TicketIndex;

const STATUSES = ["pending", "in_progress", "review", "blocked", "completed", "cancelled", "triage"];
const PRIORITIES = ["critical", "high", "medium", "low"];
const AGENTS = ["ana", "bo", "claude-qa"];

/** A timestamp on day `day` of March 2026 written in one of the forms people and tools write. */
function when(day: number, hour: number, form: number): string {
  const d = String(1 + (day % 28)).padStart(2, "0");
  const h = String(hour % 24).padStart(2, "0");
  return [
    `2026-03-${d}T${h}:00:00Z`,
    `2026-03-${d}T${h}:30:00+05:00`,
    `2026-03-${d}T${h}:00:00.250Z`,
    `2026-03-${d}`,
    `2026-03-${d} ${h}:15`,
  ][form % 5] as string;
}

function ticketText(i: number, random: () => number): { rel: string; text: string } {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const status = pick(STATUSES);
  const assignee = pick(AGENTS);
  const day = Math.floor(random() * 20);
  const lines = [
    `id: TSK-${String(i).padStart(4, "0")}`,
    "type: task",
    `title: Ticket ${i}`,
    `status: ${status}`,
    // Few values, so ties on priority and time are common and the ID must break them.
    `priority: ${pick(PRIORITIES)}`,
    `created: '${when(day, 9, Math.floor(random() * 5))}'`,
    `updated: '${when(day + 5, Math.floor(random() * 3), Math.floor(random() * 5))}'`,
  ];
  if (random() < 0.7) lines.push(`assignee: '${assignee}'`);
  if (random() < 0.6) lines.push(`sprint: '${pick(["S1", "S2", "S10"])}'`);
  if (status !== "pending" && random() < 0.8) lines.push(`started: '${when(day + 1, 10, i)}'`);
  if ((status === "completed" || status === "cancelled") && random() < 0.9) {
    lines.push(`completed: '${when(day + 1 + Math.floor(random() * 4), 8, Math.floor(random() * 5))}'`);
  }
  const folder = i % 17 === 0 ? "archive" : status;
  return { rel: `tickets/${folder}/TSK-${i}.md`, text: `---\n${lines.join("\n")}\n---\n\nBody ${i}.\n` };
}

/** A repeatable random number generator in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

beforeAll(() => {
  paths = projectPaths(mkdtempSync(join(tmpdir(), "td-reports-")));
  mkdirSync(paths.dotDir, { recursive: true });
  const random = seeded(7);
  for (let i = 0; i < 400; i++) {
    const { rel, text } = ticketText(i, random);
    mkdirSync(join(paths.root, rel, ".."), { recursive: true });
    writeFileSync(join(paths.root, rel), text);
  }
  index = TicketIndex.open(paths, DEFAULT_CONFIG);
  index.refresh();
});

afterAll(() => {
  index.close();
  rmSync(paths.root, { recursive: true, force: true });
});

const sortedMap = <V>(map: ReadonlyMap<string, V>) =>
  [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** registryFigures of `index` equals core's figures of the index's tickets; returns both. */
function expectCoreFigures(index: TicketIndex) {
  const tickets = index.allSummaries();
  const expected = figuresOfTickets(tickets, DEFAULT_CONFIG);
  const actual = registryFigures(index);
  const ids = (list: readonly { id: string }[]) => list.map((t) => t.id);
  const idSet = (list: readonly { id: string }[]) => ids(list).sort();
  expect(actual.total).toBe(tickets.length);
  expect(sortedMap(actual.byStatus)).toEqual(sortedMap(expected.byStatus));
  expect(actual.archived).toBe(expected.archived);
  expect(actual.asOf).toBe(expected.asOf);
  expect(idSet(actual.inProgress)).toEqual(idSet(expected.inProgress));
  expect(idSet(actual.blocked)).toEqual(idSet(expected.blocked));
  expect(actual.toDo).toBe(expected.toDo);
  // The shown lists are in order: the SQL order must be core's byUrgency and byRecency.
  expect(ids(actual.toDoShown)).toEqual(ids(expected.toDoShown));
  expect(ids(actual.recentlyCompleted)).toEqual(ids(expected.recentlyCompleted));
  expect(sortedMap(actual.sprints).map(([k, v]) => [k, sortedMap(v)])).toEqual(
    sortedMap(expected.sprints).map(([k, v]) => [k, sortedMap(v)]),
  );
  const agents = (map: typeof actual.agents) =>
    sortedMap(map).map(([agent, t]) => [agent, { ...t, cycles: [...t.cycles].sort((a, b) => a - b) }]);
  expect(agents(actual.agents)).toEqual(agents(expected.agents));
  return { tickets, actual };
}

describe("registryFigures (SQL)", () => {
  it("equals core's figures of every ticket", () => {
    expect(index.malformed()).toEqual([]);
    const { tickets, actual } = expectCoreFigures(index);
    expect(actual.total).toBe(400);
    expect(actual.archived).toBeGreaterThan(0);
    expect(actual.toDo).toBeGreaterThan(TO_DO_SHOWN);
    // The facts of every listed ticket are the summary's own, optional fields included.
    const defined = actual.inProgress.map((listed) => JSON.parse(JSON.stringify(listed)) as { path: string });
    for (const facts of defined) expect(tickets.find((t) => t.path === facts.path)).toMatchObject(facts);
    expect(Math.max(...defined.map((facts) => Object.keys(facts).length))).toBeGreaterThan(8);
  });

  it("still equals them in a long-lived process while another writes: kept counts and lists follow", () => {
    // The counts kept as rows are written and the lists kept per category (CategoryMemo) against core,
    // after rounds of random writes — new tickets, deletions, tickets rewritten with another
    // status, assignee or sprint — made by another connection, as another process would.
    const project = projectPaths(mkdtempSync(join(tmpdir(), "td-reports-writes-")));
    mkdirSync(project.dotDir, { recursive: true });
    const random = seeded(11);
    const write = (i: number) => {
      const { rel, text } = ticketText(i, random);
      mkdirSync(join(project.root, rel, ".."), { recursive: true });
      writeFileSync(join(project.root, rel), text);
      return rel;
    };
    const files = new Map<number, string>();
    for (let i = 0; i < 120; i++) files.set(i, write(i));
    const writer = TicketIndex.open(project, DEFAULT_CONFIG);
    const reader = TicketIndex.open(project, DEFAULT_CONFIG);
    try {
      writer.refresh();
      expectCoreFigures(reader);
      for (let round = 0; round < 12; round++) {
        for (let k = 0; k < 6; k++) {
          const i = Math.floor(random() * 140);
          const old = files.get(i);
          if (old !== undefined) rmSync(join(project.root, old));
          if (old === undefined || random() < 0.7) files.set(i, write(i));
          else files.delete(i);
        }
        writer.refresh();
        expectCoreFigures(reader);
      }
      writer.rebuild();
      expectCoreFigures(reader);
    } finally {
      writer.close();
      reader.close();
      rmSync(project.root, { recursive: true, force: true });
    }
  });
});

it("reads ticket rows only for the tickets it lists: counts and times come from indexes", () => {
  // A new connection, which has kept no list yet (CategoryMemo), so that every query is made.
  const fresh = TicketIndex.open(paths, DEFAULT_CONFIG);
  const prepare = vi.spyOn(fresh.db, "prepare");
  registryFigures(fresh);
  fresh.close();
  const statements = prepare.mock.calls.map(([sql]) => sql);
  expect(statements.length).toBeGreaterThan(8);
  const plans = statements.flatMap((sql) =>
    (index.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail),
  );
  // "SCAN t" alone is a pass over every row of the ticket table.
  expect(plans.filter((detail) => /^SCAN t\b/.test(detail) && !detail.includes("COVERING INDEX"))).toEqual(
    [],
  );
  // The short lists (LIMIT) read their rows in order from an index instead of sorting them all.
  const limited = statements.filter((sql) => /\bLIMIT\b/.test(sql));
  expect(limited).toHaveLength(2);
  for (const sql of limited) {
    const plan = index.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join("; "), sql).not.toContain("TEMP B-TREE");
  }
});

describe("statsTally (SQL)", () => {
  for (const query of ["", "priority:>=high", "assignee:ana", "-is:archived sprint:S1", "ticket"]) {
    it(`equals core's tally of the same tickets: "${query}"`, () => {
      const context = { config: DEFAULT_CONFIG, now: new Date("2026-04-01T00:00:00Z") };
      const compiled = compileQuery(parseQuery(query), context, { includeArchived: true, sort: "id" });
      const selected = index.summaries(compiled.sql, compiled.params);
      const expected = tallyTickets(selected, DEFAULT_CONFIG);
      const actual = statsTally(index, compiled.filter);
      const numbers = (values: readonly number[]) => [...values].sort((a, b) => a - b);
      expect(actual.total).toBe(selected.length);
      expect(actual.total).toBeGreaterThan(0);
      for (const key of ["byStatus", "byType", "byPriority", "byAssignee"] as const) {
        expect(sortedMap(actual[key])).toEqual(sortedMap(expected[key]));
      }
      expect(numbers(actual.completedAt)).toEqual(numbers(expected.completedAt));
      expect(numbers(actual.cycleHours)).toEqual(numbers(expected.cycleHours));
      expect(numbers(actual.leadHours)).toEqual(numbers(expected.leadHours));
      expect(actual.wip.map((t) => t.id).sort()).toEqual(expected.wip.map((t) => t.id).sort());
      const agents = (map: typeof actual.agents) =>
        sortedMap(map).map(([agent, t]) => [agent, { ...t, cycles: numbers(t.cycles) }]);
      expect(agents(actual.agents)).toEqual(agents(expected.agents));
    });
  }
});
