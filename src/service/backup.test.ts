import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TrackdownError } from "../core/errors.js";
import { createBackup, MANIFEST_PATH, type Manifest, sha256 } from "./backup.js";
import { restoreBackup } from "./backup-restore.js";
import { readTar, type TarEntry, writeTar } from "./backup-tar.js";
import { initProject } from "./init.js";
import { Project } from "./project.js";
import { TicketService } from "./ticket-service.js";

let dir: string;
let root: string;
let target: string;
let service: TicketService;
const clock = new Date("2026-03-01T10:00:00Z");

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "td-backup-"));
  root = join(dir, "project");
  target = join(dir, "restored");
  await initProject(root);
  writeFileSync(join(root, ".trackdown/templates/bug.md"), "## Steps\n");
  writeFileSync(join(root, ".trackdown/sprints.yaml"), "sprints: []\n");
  service = TicketService.open({ root, actor: "ana", now: () => clock });
});

afterEach(() => {
  service.close();
  rmSync(dir, { recursive: true, force: true });
});

const backupFile = () => join(dir, "backup.tar.gz");
const backup = () => createBackup(service.project, backupFile(), { now: clock });

async function rejection(promise: Promise<unknown>): Promise<TrackdownError> {
  try {
    await promise;
  } catch (error) {
    return error as TrackdownError;
  }
  throw new Error("expected a rejection");
}

/** A backup archive with the given entries; the manifest lists `listed` (default: the entries, hashed). */
function craft(entries: TarEntry[], listed?: Manifest["files"]): string {
  const manifest: Manifest = {
    format: "trackdown-backup",
    version: 1,
    created: "2026-03-01T10:00:00Z",
    project: "p",
    registry: "TICKET_REGISTRY.md",
    files: listed ?? entries.map((e) => ({ path: e.path, size: e.data.length, sha256: sha256(e.data) })),
  };
  const manifestEntry = { path: MANIFEST_PATH, data: Buffer.from(JSON.stringify(manifest)) };
  const file = join(dir, "crafted.tar.gz");
  writeFileSync(file, gzipSync(writeTar([manifestEntry, ...entries], 0)));
  return file;
}

describe("backup and restore", () => {
  it("restores into an empty folder everything the project is made of, and indexes it", async () => {
    const a = await service.create({ title: "First", description: "Body text" });
    const b = await service.create({ title: "Second" });
    await service.transition(b.id, "in_progress");
    await service.flush();
    const report = await backup();
    expect(report).toMatchObject({ tickets: 2, skipped: [] });

    const names = readTar(gunzipSync(readFileSync(backupFile()))).map((e) => e.path);
    expect(names[0]).toBe(MANIFEST_PATH);
    expect(names).toContain(".trackdown/config.yaml");
    expect(names).toContain(".trackdown/templates/bug.md");
    expect(names).toContain(".trackdown/sprints.yaml");
    expect(names).toContain("TICKET_REGISTRY.md");
    expect(names.some((n) => n.includes("cache") || n.includes("locks"))).toBe(false);

    const restored = await restoreBackup(target, backupFile());
    expect(restored.tickets).toBe(2);
    for (const name of names.filter((n) => n !== MANIFEST_PATH)) {
      expect(readFileSync(join(target, name)), name).toEqual(readFileSync(join(root, name)));
    }
    const check = TicketService.open({ root: target, actor: "bo" });
    try {
      expect(check.get(a.id).description).toBe("Body text");
      expect(check.list("status:in_progress").tickets.map((t) => t.id)).toEqual([b.id]);
    } finally {
      check.close();
    }
  });

  it("will not overwrite an existing backup file without force", async () => {
    await backup();
    const error = await rejection(backup());
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("--force");
    await createBackup(service.project, backupFile(), { now: clock, force: true });
  });

  it("refuses to overwrite a changed ticket without force; with force it restores the backup's version", async () => {
    const ticket = await service.create({ title: "Original title" });
    await backup();
    await service.update(ticket.id, { title: "Changed since the backup" });
    const error = await rejection(restoreBackup(root, backupFile()));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain(`${ticket.path} differs`);
    expect(service.get(ticket.id).title).toBe("Changed since the backup");

    const report = await restoreBackup(root, backupFile(), { force: true });
    expect(report.replaced).toContain(ticket.path);
    expect(readFileSync(join(root, ticket.path), "utf8")).toContain("title: Original title");
  });

  it("treats a ticket that moved folders since the backup as a conflict, and with force leaves one copy", async () => {
    const ticket = await service.create({ title: "Moves later" });
    await backup();
    const moved = await service.transition(ticket.id, "in_progress");
    const error = await rejection(restoreBackup(root, backupFile()));
    expect(error.message).toContain(
      `${ticket.id} is at ${moved.path} here but at ${ticket.path} in the backup`,
    );

    const report = await restoreBackup(root, backupFile(), { force: true });
    expect(report.removed).toEqual([moved.path]);
    expect(existsSync(join(root, moved.path))).toBe(false);
    const project = Project.open({ root });
    try {
      expect(project.index.duplicates()).toEqual([]);
    } finally {
      project.close();
    }
  });

  it("writes nothing when a file does not match its manifest hash", async () => {
    const good = Buffer.from("---\nid: TSK-1\n---\n");
    const file = craft(
      [{ path: "tickets/pending/TSK-1-a.md", data: Buffer.from("tampered") }],
      [{ path: "tickets/pending/TSK-1-a.md", size: 8, sha256: sha256(good) }],
    );
    const error = await rejection(restoreBackup(target, file));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain("does not match its sha256");
    expect(existsSync(target)).toBe(false);
  });

  it.each([
    ["../escape.md", '".."'],
    ["tickets/../../escape.md", '".."'],
    ["/tmp/absolute.md", "absolute"],
    [".git/hooks/pre-commit", "not part of a backup"],
    [".trackdown/cache/index.db", "not part of a backup"],
    ["tickets\\..\\x.md", "backslash"],
  ])("refuses the entry %s before touching anything (%s)", async (path, why) => {
    mkdirSync(target);
    const file = craft([
      { path: "tickets/pending/ok.md", data: Buffer.from("fine") },
      { path, data: Buffer.from("evil") },
    ]);
    const error = await rejection(restoreBackup(target, file));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain(why);
    expect(error.message).toContain("Nothing was restored");
    expect(readdirSync(target)).toEqual([]);
  });

  it("refuses files that are not gzip'd tar, or a tar without a manifest", async () => {
    writeFileSync(join(dir, "plain.txt"), "not a backup");
    expect((await rejection(restoreBackup(target, join(dir, "plain.txt")))).message).toContain("not gzip");
    writeFileSync(
      join(dir, "bare.tar.gz"),
      gzipSync(writeTar([{ path: "tickets/a.md", data: Buffer.from("x") }], 0)),
    );
    expect((await rejection(restoreBackup(target, join(dir, "bare.tar.gz")))).message).toContain(
      "no trackdown-backup.json",
    );
    expect((await rejection(restoreBackup(target, join(dir, "missing.tar.gz")))).code).toBe("NOT_FOUND");
  });
});
