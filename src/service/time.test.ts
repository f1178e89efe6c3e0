import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "./init.js";
import { TicketService } from "./ticket-service.js";
import { logTime, startTimer, stopTimer } from "./time.js";
import { buildTimeReport } from "./time-report.js";

let root: string;
let clock: Date;
const services: TicketService[] = [];

function as(agent: string): TicketService {
  const service = TicketService.open({ root, actor: agent, now: () => clock });
  services.push(service);
  return service;
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-time-"));
  await initProject(root);
  clock = new Date("2026-01-06T09:00:00Z");
});

afterEach(() => {
  for (const service of services.splice(0)) service.close();
  rmSync(root, { recursive: true, force: true });
});

describe("time log", () => {
  it("adds to time_spent and records the entry with the total", async () => {
    const dev = as("dev");
    const ticket = await dev.create({ title: "Parser", estimate: "4h" });
    await logTime(dev.context, ticket.id, "1h30m", { note: "first pass" });
    const after = await logTime(dev.context, ticket.id, "45m");
    expect(after.time_spent).toBe("2h15m");
    const lines = dev.get(ticket.id).activity.map((a) => a.text);
    expect(lines).toContain("logged 1h30m (total 1h30m of 4h estimated): first pass");
    expect(lines).toContain("logged 45m (total 2h15m of 4h estimated)");
  });

  it("refuses what is not a positive duration", async () => {
    const dev = as("dev");
    const ticket = await dev.create({ title: "Parser" });
    await expect(logTime(dev.context, ticket.id, "soon")).rejects.toThrow(/"soon" is not a duration/);
    await expect(logTime(dev.context, ticket.id, "0h")).rejects.toThrow(/more than zero/);
  });
});

describe("timers", () => {
  it("log the time between start and stop, read from the injected clock", async () => {
    const dev = as("dev");
    const ticket = await dev.create({ title: "Parser" });
    const started = await startTimer(dev.context, ticket.id);
    expect(started.timer).toEqual({ agent: "dev", started: "2026-01-06T09:00:00Z" });
    clock = new Date("2026-01-06T10:25:20Z");
    const stopped = await stopTimer(dev.context, ticket.id, { note: "done for now" });
    expect(stopped.timer).toBeUndefined();
    expect(stopped.time_spent).toBe("1h25m");
    expect(dev.get(ticket.id).activity.at(-1)?.text).toBe(
      "timer stopped: logged 1h25m (total 1h25m): done for now",
    );
  });

  it("run one per ticket, and are stopped by their owner unless forced", async () => {
    const ticket = await as("dev").create({ title: "Parser" });
    await startTimer(as("dev").context, ticket.id);
    await expect(startTimer(as("qa").context, ticket.id)).rejects.toThrow(
      `${ticket.id} already has a timer of dev running since 2026-01-06T09:00:00Z`,
    );
    await expect(stopTimer(as("qa").context, ticket.id)).rejects.toThrow(
      /started by dev; stop it as dev, or pass --force/,
    );
    clock = new Date("2026-01-06T09:30:00Z");
    const forced = await stopTimer(as("qa").context, ticket.id, { force: true });
    expect(forced.time_spent).toBe("30m");
    await expect(stopTimer(as("qa").context, ticket.id)).rejects.toThrow(/has no timer running/);
  });
});

describe("time report", () => {
  it("rolls estimate and time spent up per epic and per sprint", async () => {
    const pm = as("pm");
    const epic = await pm.create({ type: "epic", title: "Importer", estimate: "2h" });
    const issue = await pm.create({ type: "issue", title: "CSV", parent: epic.id, sprint: "S1" });
    const t1 = await pm.create({ title: "Parse", parent: issue.id, estimate: "3h", sprint: "S1" });
    const t2 = await pm.create({ title: "Map", parent: issue.id, estimate: "1h", sprint: "S2" });
    const lone = await pm.create({ title: "Lone", estimate: "30m" });
    await logTime(pm.context, t1.id, "4h");
    await logTime(pm.context, t2.id, "20m");
    await logTime(pm.context, epic.id, "1h");
    const all = pm.list().tickets;
    const report = buildTimeReport(all, all);
    const row = (id: string) => report.tickets.find((r) => r.id === id);
    expect(row(t1.id)).toMatchObject({
      estimateMinutes: 180,
      spentMinutes: 240,
      remainingMinutes: -60,
      epic: epic.id,
    });
    expect(row(lone.id)?.epic).toBeUndefined();
    expect(report.epics).toEqual([
      {
        key: epic.id,
        title: "Importer",
        tickets: 4,
        unestimated: 1,
        estimateMinutes: 120 + 180 + 60,
        spentMinutes: 60 + 240 + 20,
        remainingMinutes: 360 - 320,
      },
      expect.objectContaining({ key: "(none)", tickets: 1, estimateMinutes: 30, spentMinutes: 0 }),
    ]);
    expect(report.sprints.map((s) => [s.key, s.tickets, s.estimateMinutes, s.spentMinutes])).toEqual([
      ["S1", 2, 180, 240],
      ["S2", 1, 60, 20],
      ["(none)", 2, 150, 60],
    ]);
    expect(report.total).toMatchObject({ tickets: 5, estimateMinutes: 390, spentMinutes: 320 });
    // What remains counts estimated tickets only: the unestimated issue's time is not "over".
    expect(report.sprints[0]?.remainingMinutes).toBe(180 - 240);
    const unestimated = buildTimeReport([{ ...t2, estimate: undefined, time_spent: "1h" }], all);
    expect(unestimated.total.remainingMinutes).toBeUndefined();
  });
});
