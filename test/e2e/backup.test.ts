import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sha256 } from "../../src/service/backup.js";
import { writeTar } from "../../src/service/backup-tar.js";

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
let dir: string;
let root: string;

async function cli(at: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, "--root", at, ...args], {
      env: { ...process.env, TRACKDOWN_AGENT: "e2e-agent", NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const ids = async (at: string) =>
  (
    JSON.parse((await cli(at, "list", "--json", "--sort", "id")).stdout) as { tickets: { id: string }[] }
  ).tickets.map((t) => t.id);

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "td-e2e-backup-"));
  root = join(dir, "project");
  await exec(process.execPath, [CLI, "init", root]);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("backup and restore through the CLI", () => {
  it("round-trips a project into an empty folder; a second restore finds everything identical", async () => {
    const a = (await cli(root, "create", "Keep me", "--body", "Important")).stdout.trim();
    const b = (await cli(root, "create", "Me too")).stdout.trim();
    await cli(root, "start", b);
    const file = join(dir, "b.tar.gz");
    const made = JSON.parse((await cli(root, "backup", file, "--json")).stdout) as { tickets: number };
    expect(made.tickets).toBe(2);

    const target = join(dir, "restored");
    const restored = await cli(target, "restore", file, "--json");
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ tickets: 2, replaced: [], removed: [] });
    expect(await ids(target)).toEqual(await ids(root));
    expect(readFileSync(join(target, "TICKET_REGISTRY.md"), "utf8")).toBe(
      readFileSync(join(root, "TICKET_REGISTRY.md"), "utf8"),
    );
    const again = JSON.parse((await cli(target, "restore", file, "--json")).stdout) as { written: string[] };
    expect(again.written).toEqual([]);
    expect((await cli(target, "show", a, "--json")).stdout).toContain("Important");
  });

  it("refuses to overwrite changed tickets without --force (exit 4), then restores with it", async () => {
    const id = (await cli(root, "create", "Before")).stdout.trim();
    const file = join(dir, "b.tar.gz");
    await cli(root, "backup", file);
    await cli(root, "update", id, "--title", "After");
    const refused = await cli(root, "restore", file);
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain("differs");
    expect(refused.stderr).toContain("--force");
    expect((await cli(root, "restore", file, "--force")).code).toBe(0);
    expect((await cli(root, "show", id, "--json")).stdout).toContain('"title": "Before"');
  });

  it("refuses an archive with a path escape before writing anything (exit 2)", async () => {
    const evil = Buffer.from("owned");
    const manifest = {
      format: "trackdown-backup",
      version: 1,
      created: "2026-01-01T00:00:00Z",
      project: "x",
      registry: "TICKET_REGISTRY.md",
      files: [
        { path: "tickets/pending/fine.md", size: 4, sha256: sha256(Buffer.from("fine")) },
        { path: "tickets/../../escaped.md", size: evil.length, sha256: sha256(evil) },
      ],
    };
    const file = join(dir, "evil.tar.gz");
    writeFileSync(
      file,
      gzipSync(
        writeTar(
          [
            { path: "trackdown-backup.json", data: Buffer.from(JSON.stringify(manifest)) },
            { path: "tickets/pending/fine.md", data: Buffer.from("fine") },
            { path: "tickets/../../escaped.md", data: evil },
          ],
          0,
        ),
      ),
    );
    const target = join(dir, "target");
    const result = await cli(target, "restore", file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('entry "tickets/../../escaped.md" is refused');
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["evil.tar.gz", "project"]);
  });
});
