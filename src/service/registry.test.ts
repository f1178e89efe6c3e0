import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { withLock } from "../store/locks.js";
import { initProject } from "./init.js";
import { Project } from "./project.js";
import { attachRegistry, REGISTRY_LOCK, syncRegistry } from "./registry.js";
import { TicketService } from "./ticket-service.js";

const GOLDEN = join(import.meta.dirname, "../../test/golden/registry");
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "td-registry-"));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const registryText = () => readFileSync(join(root, "TICKET_REGISTRY.md"), "utf8");

describe("syncRegistry on a fixed fixture", () => {
  beforeEach(() => cpSync(join(GOLDEN, "project"), root, { recursive: true }));

  it("renders the golden registry byte for byte", async () => {
    const project = Project.open({ root });
    try {
      const report = await syncRegistry(project);
      expect(report).toMatchObject({ path: "TICKET_REGISTRY.md", written: true, tickets: 12 });
      const golden = join(GOLDEN, "TICKET_REGISTRY.md");
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, registryText());
      expect(registryText()).toBe(readFileSync(golden, "utf8"));
    } finally {
      project.close();
    }
  });

  it("does not rewrite an unchanged registry (same bytes, same mtime), even from a fresh index", async () => {
    const first = Project.open({ root });
    await syncRegistry(first);
    first.close();
    const before = statSync(join(root, "TICKET_REGISTRY.md")).mtimeMs;
    const text = registryText();
    rmSync(join(root, ".trackdown/cache"), { recursive: true, force: true });
    const second = Project.open({ root });
    try {
      const report = await syncRegistry(second);
      expect(report.written).toBe(false);
      expect(registryText()).toBe(text);
      expect(statSync(join(root, "TICKET_REGISTRY.md")).mtimeMs).toBe(before);
    } finally {
      second.close();
    }
  });

  it("writes to registry.path, with links relative to it", async () => {
    writeFileSync(
      join(root, ".trackdown/config.yaml"),
      'project: "Golden project"\nregistry:\n  path: docs/REGISTRY.md\n',
    );
    const project = Project.open({ root });
    try {
      await syncRegistry(project);
      const text = readFileSync(join(root, "docs/REGISTRY.md"), "utf8");
      expect(text).toContain("[TSK-a002](../tickets/in-progress/TSK-a002-parse-a-b-headers-in-imports.md)");
      expect(existsSync(join(root, "TICKET_REGISTRY.md"))).toBe(false);
    } finally {
      project.close();
    }
  });
});

describe("automatic regeneration", () => {
  beforeEach(async () => {
    await initProject(root);
  });

  it("regenerates after changes made through the service, once flushed", async () => {
    const service = TicketService.open({ root, actor: "ana" });
    try {
      const ticket = await service.create({ title: "Registry follows changes" });
      await service.flush();
      expect(registryText()).toMatch(
        new RegExp(`## To do \\(1\\)[\\s\\S]*\\[${ticket.id}\\]\\(tickets/pending/`),
      );
      await service.transition(ticket.id, "in_progress");
      await service.flush();
      expect(registryText()).toMatch(
        new RegExp(`## In progress \\(1\\)[\\s\\S]*\\[${ticket.id}\\]\\(tickets/in-progress/`),
      );
    } finally {
      service.close();
    }
  });

  it("coalesces a burst of events into one run", async () => {
    const service = new TicketService(Project.open({ root }), { actor: "ana" });
    try {
      const track = vi.spyOn(service, "track");
      attachRegistry(service, () => {});
      for (let i = 0; i < 5; i++)
        service.events.emit({ type: "deleted", at: "", actor: "ana", id: "TSK-x", path: "" });
      expect(track).toHaveBeenCalledTimes(1);
      await service.flush();
      expect(existsSync(join(root, "TICKET_REGISTRY.md"))).toBe(true);
      service.events.emit({ type: "deleted", at: "", actor: "ana", id: "TSK-x", path: "" });
      expect(track).toHaveBeenCalledTimes(2);
      await service.flush();
    } finally {
      service.close();
    }
  });

  it("never runs twice at once: a change during a run makes that run go round once more", async () => {
    const service = new TicketService(Project.open({ root }), { actor: "ana" });
    try {
      const track = vi.spyOn(service, "track");
      attachRegistry(service, () => {});
      // Hold the registry lock, so the first run waits inside syncRegistry while we write again.
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const locked = new Promise<void>((acquired) => {
        void withLock(service.project.paths.locksDir, REGISTRY_LOCK, 10_000, async () => {
          acquired();
          await gate;
        });
      });
      await locked;
      const first = await service.create({ title: "First" });
      await new Promise((resolve) => setImmediate(resolve)); // the run has started, and waits
      const second = await service.create({ title: "Second" });
      expect(track).toHaveBeenCalledTimes(1);
      release();
      await service.flush();
      expect(registryText()).toContain(`[${first.id}]`);
      expect(registryText()).toContain(`[${second.id}]`);
    } finally {
      service.close();
    }
  });

  it("is off with registry.auto: false", async () => {
    writeFileSync(join(root, ".trackdown/config.yaml"), "registry:\n  auto: false\n");
    const service = TicketService.open({ root, actor: "ana" });
    try {
      await service.create({ title: "No registry" });
      await service.flush();
      expect(existsSync(join(root, "TICKET_REGISTRY.md"))).toBe(false);
    } finally {
      service.close();
    }
  });

  it("reports a failed regeneration as a warning; the change itself stays", async () => {
    mkdirSync(join(root, "TICKET_REGISTRY.md")); // a folder where the file should go
    const warnings: string[] = [];
    const service = TicketService.open({ root, actor: "ana", onWarning: (m) => warnings.push(m) });
    try {
      const ticket = await service.create({ title: "Saved anyway" });
      await service.flush();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain("TICKET_REGISTRY.md was not regenerated");
      expect(service.get(ticket.id).title).toBe("Saved anyway");
    } finally {
      service.close();
    }
  });
  it("skips its scan when no other process regenerated since this one looked", async () => {
    const first = TicketService.open({ root, actor: "ana" });
    await first.create({ title: "First" }); // the project's first regeneration, which scans
    await first.flush();
    first.close();
    const service = TicketService.open({ root, actor: "ana" }); // the next CLI command
    try {
      const { index } = service.project;
      await service.create({ title: "Second" });
      const before = index.refreshes;
      await service.flush();
      expect(registryText()).toContain("Second");
      expect(index.refreshes).toBe(before); // nobody else regenerated: no second scan

      await service.create({ title: "Third" });
      const again = index.refreshes;
      await service.flush();
      expect(index.refreshes).toBe(again); // its own regeneration's stamp is still there
      expect(registryText()).toContain("Third");
    } finally {
      service.close();
    }
  });

  it("scans again when another process regenerated since this one looked", async () => {
    const mine = TicketService.open({ root, actor: "ana" });
    const theirs = TicketService.open({ root, actor: "bo" }); // another process, as far as files go
    try {
      mine.refresh(); // this process looks at the files...
      const late = await theirs.create({ title: "Written by the other process after that" });
      await theirs.flush(); // ...and the other one regenerates before this one does
      const looked = mine.project.index.refreshes;
      mine.events.emit({ type: "deleted", at: "", actor: "ana", id: "TSK-none", path: "" });
      await mine.flush();
      expect(mine.project.index.refreshes).toBe(looked + 1);
      expect(registryText()).toContain(late.id); // not overwritten by a render that missed it
    } finally {
      mine.close();
      theirs.close();
    }
  });
});
