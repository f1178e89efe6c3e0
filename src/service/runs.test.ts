import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Run } from "../core/schema.js";
import type { TicketEvent } from "./events.js";
import { initProject } from "./init.js";
import { runTracked } from "./runs.js";
import { RUNS_KEPT } from "./runs-record.js";
import { TicketService } from "./ticket-service.js";
import { mutateTicket } from "./ticket-writer.js";

let root: string;
let service: TicketService;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-runs-"));
  await initProject(root);
  // Every reading of the clock moves it one second on: the run lasts exactly one reading.
  let tick = Date.parse("2026-05-01T12:00:00Z");
  const now = () => {
    tick += 1000;
    return new Date(tick);
  };
  service = TicketService.open({ root, actor: "engineer", now });
});

afterEach(async () => {
  await service.flush();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

const old = (i: number): Run => ({
  agent: "engineer",
  command: `old ${i}`,
  started: "2026-04-01T00:00:00Z",
  finished: "2026-04-01T00:00:01Z",
  duration_ms: 1000,
  exit_code: 0,
  outcome: "succeeded",
});

describe("runTracked", () => {
  it(`keeps the last ${RUNS_KEPT} runs, emits agent-run and times the run with the injected clock`, async () => {
    const ticket = await service.create({ title: "Busy" });
    await mutateTicket(service.context, ticket.id, {}, () => ({
      set: { runs: Array.from({ length: RUNS_KEPT }, (_, i) => old(i)) },
      event: (after, at) => ({ type: "updated", at, actor: "engineer", ticket: after, fields: ["runs"] }),
    }));
    const events: TicketEvent[] = [];
    service.on((e) => events.push(e));
    const stdout = new PassThrough();
    let printed = "";
    stdout.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
    });
    const result = await runTracked(service, ticket.id, {
      command: [process.execPath, "-e", "console.log('hi')"],
      stdout,
      stderr: new PassThrough(),
    });
    expect(printed).toBe("hi\n");
    expect(result.exitCode).toBe(0);
    expect(result.run).toMatchObject({ outcome: "succeeded", duration_ms: 1000, output_tail: "hi" });
    const runs = service.get(ticket.id).runs ?? [];
    expect(runs).toHaveLength(RUNS_KEPT);
    expect(runs[0]?.command).toBe("old 1");
    expect(runs.at(-1)?.command).toContain("console.log");
    const run = events.find((e) => e.type === "agent-run");
    expect(run).toMatchObject({
      type: "agent-run",
      run: { outcome: "succeeded" },
      transition: { from: "in_progress", to: "completed" },
      released_claim: false,
    });
    expect(events.map((e) => e.type)).toEqual(["transitioned", "agent-run"]);
  });

  it("refuses a run on a ticket another agent holds, before running anything", async () => {
    const ticket = await service.create({ title: "Held" });
    const other = TicketService.open({ root, actor: "qa", now: () => new Date("2026-05-01T12:00:00Z") });
    await other.claim(ticket.id);
    other.close();
    await expect(
      runTracked(service, ticket.id, { command: [process.execPath, "-e", ""], stdout: new PassThrough() }),
    ).rejects.toThrow(`${ticket.id} is claimed by qa`);
    expect(service.get(ticket.id).runs).toBeUndefined();
  });
});
