import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TrackdownError } from "../core/errors.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { runBatch } from "./batch.js";
import { journalFile, newJournal, recoverBatches, sha256, writeJournal } from "./batch-journal.js";
import { initProject } from "./init.js";
import { TicketManager } from "./ticket-manager.js";
import { TicketService } from "./ticket-service.js";

let root: string;
let service: TicketService;
let clock: Date;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-batch-"));
  await initProject(root);
  clock = new Date("2026-04-01T09:00:00Z");
  service = TicketService.open({ root, actor: "lead", now: () => clock });
});

afterEach(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

/** Every file under tickets/, path → bytes: the whole state a batch may touch. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${rel}/${entry.name}`);
      else files.set(`${rel}/${entry.name}`, readFileSync(join(dir, entry.name), "latin1"));
    }
  };
  walk(join(root, "tickets"), "tickets");
  return files;
}

const batch = (query: string, updates: Parameters<typeof runBatch>[2]["updates"], extra = {}) =>
  runBatch(service.context, (q) => service.list(q).tickets, { query, updates, ...extra });

async function seed(n: number, extra: Record<string, unknown> = {}) {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1)
    ids.push((await service.create({ title: `Ticket ${i}`, tags: ["batch"], ...extra })).id);
  return ids;
}

describe("batch update", () => {
  it("previews changes before → after with --dry-run, writing nothing", async () => {
    const [a, b] = await seed(2);
    await service.update(b ?? "", { priority: "high" });
    const before = snapshot();
    clock = new Date("2026-04-01T10:00:00Z");
    const result = await batch("tag:batch", { priority: "high", tags: { add: ["x"] } }, { dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(result.matched).toBe(2);
    const byId = new Map(result.changed.map((c) => [c.id, c.changes]));
    expect(byId.get(a ?? "")).toEqual([
      { field: "priority", before: "medium", after: "high" },
      { field: "tags", before: ["batch"], after: ["batch", "x"] },
    ]);
    expect(byId.get(b ?? "")).toEqual([{ field: "tags", before: ["batch"], after: ["batch", "x"] }]);
    expect(snapshot()).toEqual(before);
  });

  it("applies to every match, and leaves tickets that would not change alone", async () => {
    const [a, b] = await seed(2);
    const c = (await service.create({ title: "Other" })).id;
    await service.update(a ?? "", { priority: "high" });
    const untouched = readFileSync(join(root, service.get(a ?? "").path), "utf8");
    const result = await batch("tag:batch", { priority: "high" });
    expect(result.written).toEqual([b]);
    expect(result.unchanged).toEqual([a]);
    expect(service.get(b ?? "").priority).toBe("high");
    expect(service.get(c).priority).toBe("medium");
    expect(readFileSync(join(root, service.get(a ?? "").path), "utf8")).toBe(untouched);
  });

  it("moves files on a status change and records it like a transition", async () => {
    const ids = await seed(3);
    const result = await batch("tag:batch", { status: "in_progress" });
    expect(result.written).toHaveLength(3);
    for (const id of ids) {
      const ticket = service.get(id);
      expect(ticket.path).toMatch(/^tickets\/in-progress\//);
      expect(ticket.started).toBe("2026-04-01T09:00:00Z");
      expect(ticket.body).toContain("status pending → in_progress");
    }
  });

  it("changes nothing when one ticket refuses, and names it", async () => {
    const ids = await seed(3);
    const strict = await service.create({ title: "Strict", tags: ["batch"], criteria: ["Tested"] });
    const before = snapshot();
    const error = await batch("tag:batch", { status: "completed", priority: "low" }).then(
      () => undefined,
      (e: TrackdownError) => e,
    );
    expect(error).toBeInstanceOf(TrackdownError);
    expect(error?.code).toBe("GATE");
    expect(error?.message).toMatch(/^Nothing was written: 1 of 4 tickets refused the change/);
    expect(error?.message).toContain(`${strict.id}:`);
    expect(error?.message).toContain('"Tested"');
    expect(snapshot()).toEqual(before);
    expect(ids).toHaveLength(3);
  });

  it("puts every ticket back when a write fails half-way, byte for byte", async () => {
    await seed(5);
    const before = snapshot();
    const error = await runBatch(
      service.context,
      (q) => service.list(q).tickets,
      { query: "tag:batch", updates: { status: "in_progress", tags: { add: ["moved"] } } },
      {
        beforeWrite: (index) => {
          if (index === 3) throw new TrackdownError("INTERNAL", "injected failure on the 4th write");
        },
      },
    ).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toBe("injected failure on the 4th write");
    expect(snapshot()).toEqual(before);
    expect(service.list("tag:moved").total).toBe(0);
    expect(service.list("status:pending tag:batch").total).toBe(5);
    expect(readdirSync(join(root, ".trackdown", "cache")).filter((f) => f.startsWith("batch-"))).toEqual([]);
  });

  it("puts every ticket back when a real write fails among writes running at once", async () => {
    const ids = await seed(6);
    const blocked = service.get(ids[3] ?? "");
    // A stray file where the ticket would move to: its move fails with CONFLICT.
    const stray = join(root, blocked.path.replace("/pending/", "/in-progress/"));
    writeFileSync(stray, "not a ticket\n");
    const before = snapshot();
    const error = await batch("tag:batch", { status: "in_progress" }).then(
      () => undefined,
      (e: TrackdownError) => e,
    );
    expect(error?.code).toBe("CONFLICT");
    expect(error?.message).toContain("a file is already there");
    expect(snapshot()).toEqual(before);
    expect(service.list("status:pending tag:batch").total).toBe(6);
  });

  it("keeps relations symmetric across a batch", async () => {
    const target = await service.create({ title: "Target" });
    const ids = await seed(2);
    await batch("tag:batch", { depends_on: { add: [target.id] } });
    expect(service.get(target.id).blocks.sort()).toEqual([...ids].sort());
  });

  it("is what TicketManager.batchUpdateTickets does", async () => {
    await seed(2);
    const manager = new TicketManager(root, { actor: "lead", now: () => clock });
    try {
      const updated = await manager.batchUpdateTickets({
        criteria: { tags: ["batch"] },
        updates: { priority: "low" },
      });
      expect(updated.map((t) => t.priority)).toEqual(["low", "low"]);
      const refused = await manager
        .batchUpdateTickets({ criteria: { tags: ["batch"] }, updates: { status: "nonsense" } })
        .catch((e: TrackdownError) => e);
      expect((refused as TrackdownError).message).toMatch(/Nothing was written: 2 of 2 tickets refused/);
    } finally {
      manager.close();
    }
  });
});

describe("recovery of an interrupted batch", () => {
  it("restores the tickets a dead writer had changed, moves included, and leaves later edits alone", async () => {
    const [a, b, c] = await seed(3);
    const ticketA = service.get(a ?? "");
    const ticketB = service.get(b ?? "");
    const ticketC = service.get(c ?? "");
    const originalA = readFileSync(join(root, ticketA.path));
    const originalB = readFileSync(join(root, ticketB.path));
    // The dead batch wrote A in place, moved B to in-progress, and never reached C.
    const newA = originalA.toString("utf8").replace("priority: medium", "priority: low");
    const newB = originalB.toString("utf8").replace("status: pending", "status: in_progress");
    const movedB = ticketB.path.replace("/pending/", "/in-progress/");
    await writeFileAtomic(join(root, ticketA.path), newA);
    await writeFileAtomic(join(root, movedB), newB);
    rmSync(join(root, ticketB.path));
    const journal = {
      ...newJournal("deadbeef", "lead", "2026-04-01T09:00:00Z"),
      pid: 2 ** 22 + 12345, // no such process
      entries: [
        { id: ticketA.id, path: ticketA.path, original: originalA.toString("base64"), written: sha256(newA) },
        { id: ticketB.id, path: ticketB.path, original: originalB.toString("base64"), written: sha256(newB) },
        {
          id: ticketC.id,
          path: ticketC.path,
          original: readFileSync(join(root, ticketC.path)).toString("base64"),
          written: "x",
        },
      ],
    };
    await writeJournal(service.project.paths, journal);

    const reports = await recoverBatches(service.project);
    expect(reports).toEqual([{ batch: "deadbeef", restored: [ticketA.id, ticketB.id], skipped: [] }]);
    expect(readFileSync(join(root, ticketA.path))).toEqual(originalA);
    expect(readFileSync(join(root, ticketB.path))).toEqual(originalB);
    expect(existsSync(join(root, movedB))).toBe(false);
    expect(existsSync(journalFile(service.project.paths, "deadbeef"))).toBe(false);
    expect(service.get(b ?? "").status).toBe("pending");
  });

  it("leaves a batch alone while its writer is alive", async () => {
    await writeJournal(service.project.paths, newJournal("alive", "lead", "2026-04-01T09:00:00Z"));
    expect(await recoverBatches(service.project)).toEqual([]);
    expect(existsSync(journalFile(service.project.paths, "alive"))).toBe(true);
  });
});
