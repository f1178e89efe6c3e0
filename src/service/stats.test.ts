import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { archiveTickets } from "./archive.js";
import { initProject } from "./init.js";
import { Project } from "./project.js";
import { projectStats } from "./stats.js";
import { TicketService } from "./ticket-service.js";

let root: string;
let service: TicketService;
let clock: Date;
const HOUR = 3_600_000;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-stats-"));
  await initProject(root);
  clock = new Date("2026-03-02T09:00:00Z"); // a Monday
  service = new TicketService(Project.open({ root }), { actor: "ana", now: () => clock });
});

afterEach(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

const tick = (hours: number) => {
  clock = new Date(clock.getTime() + hours * HOUR);
};

async function fixture() {
  const bug = await service.create({ type: "bug", title: "Crash on start", assignee: "ana" });
  const task = await service.create({ title: "Write docs", assignee: "bo" });
  await service.create({ title: "Someday" });
  tick(1);
  await service.transition(bug.id, "in_progress");
  await service.transition(task.id, "in_progress");
  tick(10);
  await service.transition(bug.id, "completed");
  tick(20);
  await service.transition(task.id, "completed");
  return { bug: bug.id, task: task.id };
}

describe("projectStats", () => {
  it("computes the figures from the index, with the service's clock", async () => {
    await fixture();
    const stats = projectStats(service);
    expect(stats.now).toBe("2026-03-03T16:00:00.000Z");
    expect(stats.total).toBe(3);
    expect(stats.byStatus.completed).toBe(2);
    expect(stats.completionRate).toBeCloseTo(2 / 3, 4);
    expect(stats.cycleTimeHours).toEqual({ count: 2, median: 20, p90: 28 });
    expect(stats.leadTimeHours.median).toBe(21);
    expect(stats.throughput.at(-1)).toEqual({ week: "2026-W10", start: "2026-03-02", completed: 2 });
    expect(stats.agents.map((a) => [a.agent, a.completed, a.medianCycleHours])).toEqual([
      ["ana", 1, 10],
      ["bo", 1, 30],
    ]);
  });

  it("narrows to a query and names it in the result", async () => {
    await fixture();
    const bugs = projectStats(service, " type:bug ");
    expect(bugs.query).toBe("type:bug");
    expect(bugs.total).toBe(1);
    expect(bugs.cycleTimeHours.median).toBe(10);
  });

  it("counts archived tickets unless the query speaks of the archive itself", async () => {
    await fixture();
    await archiveTickets(service, {});
    expect(service.list("").total).toBe(1);
    expect(projectStats(service).total).toBe(3);
    expect(projectStats(service).byStatus.completed).toBe(2);
    expect(projectStats(service, "is:archived").total).toBe(2);
    expect(projectStats(service, "-is:archived").total).toBe(1);
    expect(projectStats(service, "type:bug").total).toBe(1);
  });
});
