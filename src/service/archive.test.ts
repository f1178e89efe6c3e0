import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TrackdownError } from "../core/errors.js";
import { archiveTickets, unarchiveTicket } from "./archive.js";
import type { TicketEvent } from "./events.js";
import { initProject } from "./init.js";
import { Project } from "./project.js";
import { TicketService } from "./ticket-service.js";
import { validateProject } from "./validate.js";

let root: string;
let service: TicketService;
let clock: Date;
const DAY = 86_400_000;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-archive-"));
  await initProject(root);
  clock = new Date("2026-03-01T10:00:00Z");
  service = new TicketService(Project.open({ root }), { actor: "alice", now: () => clock });
});

afterEach(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

const ids = (query: string) => service.list(query, { sort: "id" }).tickets.map((t) => t.id);
const later = (days: number) => {
  clock = new Date(clock.getTime() + days * DAY);
};

async function fixture() {
  const old = await service.create({ title: "Old finished work", description: "zeppelin notes" });
  await service.transition(old.id, "completed");
  const dropped = await service.create({ title: "Dropped idea" });
  await service.transition(dropped.id, "cancelled");
  later(40);
  const recent = await service.create({ title: "Recent finished work" });
  await service.transition(recent.id, "completed");
  const open = await service.create({ title: "Still open" });
  later(1);
  return { old: old.id, dropped: dropped.id, recent: recent.id, open: open.id };
}

describe("archive", () => {
  it("moves closed tickets older than the cutoff into tickets/archive/, byte for byte", async () => {
    const t = await fixture();
    const before = service.get(t.old);
    const beforeText = readFileSync(join(root, before.path), "utf8");
    const events: TicketEvent[] = [];
    service.on((e) => events.push(e));

    const report = await archiveTickets(service, { olderThan: "30d" });

    expect(report.moved.map((m) => m.id).sort()).toEqual([t.old, t.dropped].sort());
    const after = service.get(t.old);
    expect(after.path).toBe(`tickets/archive/${before.path.split("/").at(-1)}`);
    expect(readFileSync(join(root, after.path), "utf8")).toBe(beforeText);
    expect(existsSync(join(root, before.path))).toBe(false);
    expect(events.map((e) => e.type)).toEqual(["archived", "archived"]);
  });

  it("hides archived tickets from listings unless the query says is:archived", async () => {
    const t = await fixture();
    await archiveTickets(service, { olderThan: "30d" });
    expect(ids("")).toEqual([t.recent, t.open].sort());
    expect(ids("is:closed")).toEqual([t.recent]);
    expect(ids("is:archived")).toEqual([t.old, t.dropped].sort());
    expect(ids("is:archived status:completed")).toEqual([t.old]);
    expect(ids("-is:archived")).toEqual([t.recent, t.open].sort());
    expect(ids("zeppelin")).toEqual([]);
    expect(ids("zeppelin is:archived")).toEqual([t.old]);
    expect(service.get(t.old).id).toBe(t.old); // show/get still find it by ID
  });

  it("--dry-run reports the moves and changes nothing; a query narrows the candidates", async () => {
    const t = await fixture();
    const dry = await archiveTickets(service, { dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.moved.map((m) => m.id).sort()).toEqual([t.old, t.dropped, t.recent].sort());
    expect(dry.moved.find((m) => m.id === t.old)?.to).toMatch(/^tickets\/archive\//);
    expect(ids("is:archived")).toEqual([]);

    const some = await archiveTickets(service, { query: "status:cancelled" });
    expect(some.moved.map((m) => m.id)).toEqual([t.dropped]);
    expect(ids("is:archived")).toEqual([t.dropped]);
  });

  it("keeps an archived ticket in the archive through writes while it stays closed", async () => {
    const t = await fixture();
    await archiveTickets(service, {});
    await service.comment(t.old, "Still relevant for the audit");
    await service.update(t.old, { tags: ["audit"] });
    const after = service.get(t.old);
    expect(after.path).toMatch(/^tickets\/archive\//);
    expect(after.activity.at(-1)?.text).toBe("Still relevant for the audit");
    expect(validateProject(service.project).problems).toEqual([]);
  });

  it("reopening an archived ticket brings it back to its status folder (an open ticket is never hidden)", async () => {
    const t = await fixture();
    await archiveTickets(service, {});
    const reopened = await service.transition(t.old, "pending");
    expect(reopened.path).toMatch(/^tickets\/pending\//);
    expect(ids("")).toContain(t.old);
  });

  it("unarchive moves a ticket back; refuses one that is not archived", async () => {
    const t = await fixture();
    await archiveTickets(service, {});
    const back = await unarchiveTicket(service, t.dropped);
    expect(back.path).toMatch(/^tickets\/cancelled\//);
    expect(ids("is:archived")).not.toContain(t.dropped);
    const error = (await unarchiveTicket(service, t.open).catch((e: unknown) => e)) as TrackdownError;
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain("not archived");
  });

  it("names a bad --older-than value and the accepted forms", async () => {
    const error = (await archiveTickets(service, { olderThan: "a month" }).catch(
      (e: unknown) => e,
    )) as TrackdownError;
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain('"a month"');
    expect(error.message).toContain("30d");
  });
});
