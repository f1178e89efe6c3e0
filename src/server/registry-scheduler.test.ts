import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../service/init.js";
import type { TicketService } from "../service/ticket-service.js";
import { silentLogger } from "./logger.js";
import { openServerService } from "./open-service.js";
import { REGISTRY_CHILD_FROM, RegistryScheduler } from "./registry-scheduler.js";

let root: string;
let service: TicketService;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-regsched-"));
  await initProject(root);
  service = openServerService({ root, actor: "server" }); // the registry is the scheduler's
});

afterEach(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

const scheduler = (options: { childFrom?: number; child?: boolean } = {}) =>
  new RegistryScheduler({ project: service.project, log: silentLogger(), debounceMs: 5, ...options });

describe("RegistryScheduler", () => {
  it("renders in the server's process below REGISTRY_CHILD_FROM tickets, in a child from there on", async () => {
    await service.create({ title: "One" });
    await service.create({ title: "Two" });
    expect(REGISTRY_CHILD_FROM).toBeGreaterThan(10_000);
    expect(scheduler().inChild()).toBe(false);
    expect(scheduler({ childFrom: 3 }).inChild()).toBe(false);
    expect(scheduler({ childFrom: 2 }).inChild()).toBe(true);
    expect(scheduler({ childFrom: 2, child: false }).inChild()).toBe(false);
  });

  it("syncHere catches up first, and covers a change waiting for the debounce", async () => {
    const registry = scheduler();
    const file = join(root, "TICKET_REGISTRY.md");
    await service.create({ title: "Seen by the catch-up" });
    registry.request(); // waiting for the debounce
    writeFileSync(file, "stale\n");
    let caughtUp = false;
    const report = await registry.syncHere(async () => {
      caughtUp = true;
      service.refresh();
    });
    expect(caughtUp).toBe(true);
    expect(report.written).toBe(true);
    expect(readFileSync(file, "utf8")).toContain("Seen by the catch-up");
    writeFileSync(file, "edited by hand after the sync\n");
    await new Promise((resolve) => setTimeout(resolve, 50)); // past the debounce: nothing runs
    expect(readFileSync(file, "utf8")).toBe("edited by hand after the sync\n");
    await registry.close();
  });
});
