import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
let root: string;

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, "--root", root, ...args], {
      env: { ...process.env, TRACKDOWN_AGENT: "e2e-agent", NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const json = async <T>(...args: string[]): Promise<T> =>
  JSON.parse((await cli(...args, "--json")).stdout) as T;
const listIds = async (query = "") =>
  (await json<{ tickets: { id: string }[] }>("list", ...(query ? [query] : []), "--sort", "id")).tickets.map(
    (t) => t.id,
  );

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-e2e-archive-"));
  await exec(process.execPath, [CLI, "init", root]);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("archive through the CLI", () => {
  it("moves closed tickets to tickets/archive/, hides them from list, finds them with is:archived", async () => {
    const done = (await cli("create", "Done work")).stdout.trim();
    const dropped = (await cli("create", "Dropped work")).stdout.trim();
    const open = (await cli("create", "Open work")).stdout.trim();
    await cli("complete", done);
    await cli("transition", dropped, "cancelled");

    expect((await json<{ moved: unknown[] }>("archive", "--older-than", "30d")).moved).toEqual([]);
    const dry = await json<{ dryRun: boolean; moved: { id: string; to: string }[] }>("archive", "--dry-run");
    expect(dry.dryRun).toBe(true);
    expect(dry.moved.map((m) => m.id).sort()).toEqual([done, dropped].sort());
    expect(await listIds()).toHaveLength(3);

    const real = await cli("archive");
    expect(real.stdout.trim().split("\n").sort()).toEqual([done, dropped].sort());
    expect(real.stderr).toContain("moved 2 tickets to tickets/archive/");
    expect(await listIds()).toEqual([open]);
    expect(await listIds("is:archived")).toEqual([done, dropped].sort());
    const shown = await json<{ path: string }>("show", done);
    expect(shown.path).toMatch(new RegExp(`^tickets/archive/${done}-done-work\\.md$`));
    expect(readFileSync(join(root, "TICKET_REGISTRY.md"), "utf8")).toContain("Archived: 2.");
  });

  it("keeps a commented archived ticket in the archive; unarchive brings it back", async () => {
    const id = (await cli("create", "Archived then discussed")).stdout.trim();
    await cli("complete", id);
    await cli("archive");
    expect((await cli("comment", id, "One more note")).code).toBe(0);
    const after = await json<{ path: string; activity: { text: string }[] }>("show", id);
    expect(after.path).toMatch(/^tickets\/archive\//);
    expect(after.activity.at(-1)?.text).toBe("One more note");

    const back = await json<{ path: string }>("unarchive", id);
    expect(back.path).toMatch(/^tickets\/completed\//);
    expect(existsSync(join(root, after.path))).toBe(false);
    expect(await listIds()).toEqual([id]);
  });

  it("names a bad --older-than value and an unarchive of a ticket that is not archived", async () => {
    const bad = await cli("archive", "--older-than", "soon");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--older-than "soon" is not an age');
    const id = (await cli("create", "Never archived")).stdout.trim();
    const refused = await cli("unarchive", id);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("not archived");
  });
});
