import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TrackdownError } from "../core/errors.js";
import { initProject } from "./init.js";
import { TicketService } from "./ticket-service.js";

let root: string;
let clock: Date;
const services: TicketService[] = [];

function as(agent: string): TicketService {
  const service = TicketService.open({ root, actor: agent, now: () => clock });
  services.push(service);
  return service;
}

async function failure(promise: Promise<unknown>): Promise<TrackdownError> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: TrackdownError) => error,
  );
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-claims-"));
  await initProject(root);
  clock = new Date("2026-05-01T12:00:00Z");
});

afterEach(() => {
  for (const service of services.splice(0)) service.close();
  rmSync(root, { recursive: true, force: true });
});

describe("ready queue and claims", () => {
  it("offers the most urgent ready ticket and skips those waiting on dependencies", async () => {
    const pm = as("pm");
    const dep = await pm.create({ title: "Dependency", priority: "low" });
    await pm.create({ title: "Waiting", priority: "critical", depends_on: [dep.id] });
    const high = await pm.create({ title: "High", priority: "high" });
    expect((await pm.next()).id).toBe(high.id);
    expect((await pm.next({ query: "priority:low" })).id).toBe(dep.id);
  });

  it("claims atomically: the holder is named to anyone else who tries", async () => {
    const ticket = await as("pm").create({ title: "Work" });
    const claimed = await as("engineer").claim(ticket.id);
    expect(claimed.status).toBe("in_progress");
    expect(claimed.assignee).toBe("engineer");
    expect(claimed.claim).toEqual({
      agent: "engineer",
      since: "2026-05-01T12:00:00Z",
      expires: "2026-05-01T12:30:00Z",
    });
    const refused = await failure(as("qa").heartbeat(ticket.id));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toBe(`${ticket.id} is claimed by engineer until 2026-05-01T12:30:00Z`);
    expect((await failure(as("qa").claim(ticket.id))).code).toBe("CONFLICT");
    const none = await failure(as("qa").next({ claim: true }));
    expect(none.code).toBe("NOT_FOUND");
    expect(none.message).toContain("Nothing ready");
  });

  it("keeps a lease alive with heartbeats and frees it when it runs out", async () => {
    const ticket = await as("pm").create({ title: "Leased" });
    const engineer = as("engineer");
    await engineer.claim(ticket.id);
    clock = new Date("2026-05-01T12:25:00Z");
    expect((await engineer.heartbeat(ticket.id)).claim?.expires).toBe("2026-05-01T12:55:00Z");
    clock = new Date("2026-05-01T12:50:00Z");
    expect((await failure(as("qa").next({ claim: true }))).code).toBe("NOT_FOUND");
    clock = new Date("2026-05-01T12:55:30Z");
    const stranger = await failure(as("qa").heartbeat(ticket.id));
    expect(stranger.message).toContain("claim by engineer expired; claim it instead");
    clock = new Date("2026-05-01T12:56:00Z");
    const qa = as("qa");
    const taken = await qa.next({ claim: true });
    expect(taken.id).toBe(ticket.id);
    expect(taken.claim?.agent).toBe("qa");
    const log = qa.get(ticket.id).activity.map((a) => `${a.author}: ${a.text}`);
    expect(log).toContain("qa: claim by engineer expired at 2026-05-01T12:55:00Z; released");
  });

  it("completing a claimed ticket ends the claim, so its lease never reopens it", async () => {
    const ticket = await as("pm").create({ title: "Done quickly" });
    const engineer = as("engineer");
    await engineer.claim(ticket.id);
    const done = await engineer.transition(ticket.id, "completed");
    expect(done.claim).toBeUndefined();
    clock = new Date("2026-05-01T14:00:00Z");
    expect(await engineer.releaseExpired()).toEqual([]);
    expect(engineer.get(ticket.id)).toMatchObject({ status: "completed", assignee: "engineer" });
  });

  it("release returns the ticket to the queue unassigned", async () => {
    const ticket = await as("pm").create({ title: "Give back" });
    const engineer = as("engineer");
    await engineer.claim(ticket.id);
    const released = await engineer.release(ticket.id);
    expect(released.status).toBe("pending");
    expect(released.claim).toBeUndefined();
    expect(released.assignee).toBeUndefined();
    expect((await as("qa").next()).id).toBe(ticket.id);
  });
});
