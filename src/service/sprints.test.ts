import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "./init.js";
import { closeSprint, createSprint, listSprints, showSprint } from "./sprints.js";
import { currentSprint, localDate } from "./sprints-file.js";
import { TicketService } from "./ticket-service.js";

let root: string;
let service: TicketService;
let clock: Date;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-sprints-"));
  await initProject(root);
  // Midday, so the local date is the same in every time zone the tests may run in.
  clock = new Date("2026-01-07T12:00:00Z");
  service = TicketService.open({ root, actor: "pm", now: () => clock });
  await createSprint(service.context, {
    name: "S1",
    start: "2026-01-05",
    end: "2026-01-16",
    goal: "Importer",
  });
  await createSprint(service.context, { name: "S2", start: "2026-01-19", end: "2026-01-30" });
});

afterEach(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

describe("sprints", () => {
  it("are stored in .trackdown/sprints.yaml and refuse bad or duplicate definitions", async () => {
    const text = readFileSync(join(root, ".trackdown", "sprints.yaml"), "utf8");
    expect(text).toContain("name: S1");
    expect(text).toContain("goal: Importer");
    await expect(
      createSprint(service.context, { name: "s1", start: "2026-02-01", end: "2026-02-02" }),
    ).rejects.toThrow("A sprint named S1 exists already");
    await expect(
      createSprint(service.context, { name: "S3", start: "2026-02-10", end: "2026-02-01" }),
    ).rejects.toThrow(/ends \(2026-02-01\) before it starts/);
    await expect(
      createSprint(service.context, { name: "S3", start: "2026-02-30", end: "2026-03-01" }),
    ).rejects.toThrow(/start: is not a date in the calendar/);
    await expect(
      createSprint(service.context, { name: "S 3", start: "2026-02-01", end: "2026-03-01" }),
    ).rejects.toThrow(/name: must be letters/);
  });

  it("make sprint:current the sprint whose dates contain today", async () => {
    const inS1 = await service.create({ title: "In S1", sprint: "S1" });
    await service.create({ title: "In S2", sprint: "S2" });
    expect(service.list("sprint:current").tickets.map((t) => t.id)).toEqual([inS1.id]);
    clock = new Date("2026-01-20T12:00:00Z");
    expect(service.list("sprint:current").tickets.map((t) => t.title)).toEqual(["In S2"]);
    clock = new Date("2026-01-17T12:00:00Z");
    expect(() => service.list("sprint:current")).toThrow(/needs a current sprint, and none is set/);
    const states = listSprints(service.context).map((s) => [s.name, s.state, s.current]);
    expect(states).toEqual([
      ["S1", "ended", false],
      ["S2", "planned", false],
    ]);
  });

  it("pick an open sprint over a closed one when dates overlap", () => {
    const sprints = [
      { name: "A", start: "2026-01-01", end: "2026-01-31", closed: "2026-01-10T00:00:00Z" },
      { name: "B", start: "2026-01-10", end: "2026-01-20" },
    ];
    expect(currentSprint(sprints, "2026-01-12")?.name).toBe("B");
    expect(localDate(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });

  it("close, carrying unfinished tickets over to the next sprint and recording which", async () => {
    const done = await service.create({ title: "Done", sprint: "S1", status: "completed" });
    const open = await service.create({ title: "Open", sprint: "S1", estimate: "2h" });
    const active = await service.create({ title: "Active", sprint: "S1", status: "in_progress" });
    const shown = showSprint(service.context, "s1");
    expect(shown.tickets).toEqual({ total: 3, done: 1, cancelled: 0, open: 2 });
    expect(shown.estimateMinutes).toBe(120);

    const result = await closeSprint(service.context, "S1", { carryOverTo: "S2" });
    expect(result.unfinished.sort()).toEqual([open.id, active.id].sort());
    expect(result.carried.sort()).toEqual([open.id, active.id].sort());
    expect(service.get(open.id).sprint).toBe("S2");
    expect(service.get(active.id).body).toContain("carried over from sprint S1 to S2");
    expect(service.get(done.id).sprint).toBe("S1");
    const closed = listSprints(service.context).find((s) => s.name === "S1");
    expect(closed).toMatchObject({
      state: "closed",
      closed: "2026-01-07T12:00:00Z",
      closed_by: "pm",
      carried_over: { to: "S2" },
    });
    await expect(closeSprint(service.context, "S1")).rejects.toThrow(/was closed at 2026-01-07T12:00:00Z/);
  });

  it("carry over all or nothing: a failure half-way leaves every ticket in the old sprint", async () => {
    for (const title of ["A", "B", "C"]) await service.create({ title, sprint: "S1" });
    const failing = closeSprint(service.context, "S1", {
      carryOverTo: "S2",
      beforeWrite: (index) => {
        if (index === 2) throw new Error("disk full");
      },
    });
    await expect(failing).rejects.toThrow("disk full");
    expect(service.list("sprint:S1").total).toBe(3);
    expect(service.list("sprint:S2").total).toBe(0);
    expect(listSprints(service.context)[0]?.state).not.toBe("closed");
  });

  it("name the known sprints when one is missing", async () => {
    await expect(closeSprint(service.context, "S9")).rejects.toThrow('No sprint named "S9"; known: S1, S2');
    expect(existsSync(join(root, ".trackdown", "sprints.yaml"))).toBe(true);
  });
});
