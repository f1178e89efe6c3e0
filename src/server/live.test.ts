import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../service/init.js";
import { TicketService } from "../service/ticket-service.js";
import { EventHub, type HubMessage, publishServiceEvents } from "./event-hub.js";
import { InFlight } from "./in-flight.js";
import { type Live, startLive } from "./live.js";
import { idFromPath } from "./live-files.js";
import { silentLogger } from "./logger.js";
import { ServerMetrics } from "./metrics.js";
import { RegistryScheduler } from "./registry-scheduler.js";

let root: string;
let service: TicketService;
let hub: EventHub;
let live: Live;
let seen: HubMessage[];
let inFlight: InFlight;
let registry: RegistryScheduler;
/** The server tracks every request; a write made outside one would race the watcher. */
const tracked = <T>(work: Promise<T>): Promise<T> => inFlight.track(work);

/** Resolves with the first message (already seen or coming) that matches; no sleeping. */
function next(match: (m: HubMessage) => boolean): Promise<HubMessage> {
  const found = seen.find(match);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const stop = hub.subscribe((message) => {
      if (!match(message)) return;
      stop();
      resolve(message);
    });
  });
}

const fileChanged = (path: string) => (m: HubMessage) =>
  m.event === "file-changed" && (JSON.parse(m.data) as { path: string }).path === path;
const seq = (m: HubMessage) => Number(m.id.split("-")[1]);
const data = (m: HubMessage) => JSON.parse(m.data) as Record<string, unknown>;
const edit = (path: string, from: string, to: string) => {
  const file = join(root, path);
  writeFileSync(file, readFileSync(file, "utf8").replace(from, to));
};

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-live-"));
  await initProject(root);
  service = TicketService.open({ root, actor: "server" });
  hub = new EventHub();
  seen = [];
  hub.subscribe((message) => seen.push(message));
  publishServiceEvents(service, hub);
  inFlight = new InFlight();
  registry = new RegistryScheduler({
    project: service.project,
    log: silentLogger(),
    child: false,
    debounceMs: 5,
  });
  live = startLive({
    service,
    hub,
    log: silentLogger(),
    metrics: new ServerMetrics(),
    inFlight,
    registry,
    debounceMs: 20,
  });
  await live.ready;
});

afterEach(async () => {
  live.close();
  await registry.close();
  await service.flush();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

describe("live files", () => {
  it("reflects a hand edit in the index, the stream and the registry", async () => {
    const ticket = await tracked(service.create({ title: "Typed by hand" }));
    edit(ticket.path, "title: Typed by hand", "title: Edited in an editor");
    const message = await next(fileChanged(ticket.path));
    expect(data(message)).toMatchObject({
      source: "file",
      change: "changed",
      id: ticket.id,
      ticket: { title: "Edited in an editor" },
    });
    expect(service.list(`"Edited in an editor"`).total).toBe(1);
    await registry.flush();
    expect(readFileSync(join(root, "TICKET_REGISTRY.md"), "utf8")).toContain("Edited in an editor");
  });

  it("does not announce the server's own writes twice", async () => {
    const mine = await tracked(service.create({ title: "Written by the server" }));
    const other = await tracked(service.create({ title: "Edited by hand" }));
    await tracked(service.update(mine.id, { priority: "high" }));
    await tracked(service.transition(mine.id, "in_progress"));
    edit(other.path, "title: Edited by hand", "title: Edited by hand again");
    await next(fileChanged(other.path));
    await live.settle();
    const aboutMine = seen.filter((m) => m.event === "file-changed" && data(m).id === mine.id);
    expect(aboutMine).toEqual([]);
    expect(
      seen
        .filter((m) => data(m).ticket && (data(m).ticket as { id: string }).id === mine.id)
        .map((m) => m.event),
    ).toEqual(["created", "updated", "transitioned"]);
  });

  it("announces files added, moved and deleted by hand", async () => {
    const ticket = await tracked(service.create({ title: "Moving" }));
    const copy = readFileSync(join(root, ticket.path), "utf8").replaceAll(ticket.id, "TSK-h4nd");
    writeFileSync(join(root, "tickets/pending/TSK-h4nd-by-hand.md"), copy);
    expect(data(await next(fileChanged("tickets/pending/TSK-h4nd-by-hand.md")))).toMatchObject({
      change: "added",
      id: "TSK-h4nd",
    });
    const movedTo = ticket.path.replace("/pending/", "/review/");
    renameSync(join(root, ticket.path), join(root, movedTo));
    expect(data(await next(fileChanged(movedTo)))).toMatchObject({
      change: "changed",
      previous_path: ticket.path,
    });
    rmSync(join(root, "tickets/pending/TSK-h4nd-by-hand.md"));
    await next((m) => m.event === "file-changed" && data(m).change === "removed");
    await live.settle();
    expect(service.list("").tickets.map((t) => [t.id, t.path])).toEqual([[ticket.id, movedTo]]);
    expect(seen.filter((m) => m.event === "file-changed" && data(m).path === ticket.path)).toEqual([]);
  });

  it("reports a malformed edit as a problem and recovers when it is fixed", async () => {
    const ticket = await tracked(service.create({ title: "Fragile" }));
    const good = readFileSync(join(root, ticket.path), "utf8");
    writeFileSync(join(root, ticket.path), good.replace("title: Fragile", "title: [unclosed"));
    const problem = await next((m) => m.event === "problem");
    expect(data(problem)).toMatchObject({ source: "file", path: ticket.path });
    expect(service.problems().map((p) => p.path)).toEqual([ticket.path]);
    writeFileSync(join(root, ticket.path), good.replace("title: Fragile", "title: Fixed"));
    expect(data(await next((m) => fileChanged(ticket.path)(m) && seq(m) > seq(problem)))).toMatchObject({
      ticket: { title: "Fixed" },
    });
    expect(service.problems()).toEqual([]);
    expect(live.facts()).toMatchObject({ alive: true, problems: 0, pending: 0 });
  });

  it("watches a folder created by hand, rescanning once", async () => {
    const ticket = await tracked(service.create({ title: "Filed away" }));
    const text = readFileSync(join(root, ticket.path), "utf8").replaceAll(ticket.id, "TSK-f01d");
    mkdirSync(join(root, "tickets/someday"));
    await next((m) => m.event === "reset");
    writeFileSync(join(root, "tickets/someday/TSK-f01d-filed.md"), text);
    expect(data(await next(fileChanged("tickets/someday/TSK-f01d-filed.md")))).toMatchObject({
      change: "added",
    });
    expect(live.facts()).toMatchObject({ folders: 8 });
    expect(
      service
        .list("")
        .tickets.map((t) => t.id)
        .sort(),
    ).toEqual([ticket.id, "TSK-f01d"].sort());
  });

  it("reports a changed config.yaml, which applies on restart", async () => {
    appendFileSync(join(root, ".trackdown/config.yaml"), "default_type: bug\n");
    const message = await next((m) => m.event === "config-changed");
    expect(data(message)).toMatchObject({ path: ".trackdown/config.yaml", valid: true, applied: false });
  });

  it("keeps reads from scanning every file while the watcher is live", async () => {
    await service.create({ title: "One" });
    expect(service.refresh()).toMatchObject({ scanned: 0 });
    live.close();
    expect(service.refresh().scanned).toBe(1);
  });
});

describe("idFromPath", () => {
  it("reads the ID from a ticket's file name", () => {
    expect(idFromPath("tickets/pending/TSK-7f3k-fix-import.md")).toBe("TSK-7f3k");
    expect(idFromPath("tickets/TSK-0042.md")).toBe("TSK-0042");
    expect(idFromPath("tickets/notes.md")).toBeUndefined();
  });
});
