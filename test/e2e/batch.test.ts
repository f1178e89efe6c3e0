import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/** `batch update` through the built CLI: dry run, all-or-nothing, and recovery after SIGKILL. */

const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
let root: string;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function td(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, "--root", root, ...args],
      { env: { ...process.env, TRACKDOWN_AGENT: "lead", NO_COLOR: "1", ...env } },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function ok(args: string[]): Promise<string> {
  const result = await td(args);
  if (result.code !== 0) throw new Error(`trackdown ${args.join(" ")} → ${result.code}: ${result.stderr}`);
  return result.stdout.trim();
}

/** Every file under tickets/, path → bytes. */
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

async function seed(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) ids.push(await ok(["create", `Ticket ${i}`, "--tag", "k"]));
  return ids;
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-e2e-batch-"));
  await ok(["init"]);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("batch update", () => {
  it("previews with --dry-run, then applies", async () => {
    const ids = await seed(3);
    const before = snapshot();
    const preview = JSON.parse(
      await ok([
        "batch",
        "update",
        "tag:k",
        "--set",
        "priority=high",
        "--add-tag",
        "x",
        "--dry-run",
        "--json",
      ]),
    );
    expect(preview.dryRun).toBe(true);
    expect(preview.changed).toHaveLength(3);
    expect(preview.changed[0].changes).toEqual([
      { field: "priority", before: "medium", after: "high" },
      { field: "tags", before: ["k"], after: ["k", "x"] },
    ]);
    expect(snapshot()).toEqual(before);

    const written = await ok(["batch", "update", "tag:k", "--set", "priority=high", "--add-tag", "x"]);
    expect(written.split("\n").sort()).toEqual([...ids].sort());
    expect(await ok(["list", "tag:x", "priority:high"])).toContain(ids[0]);
  });

  it("names the bad field and the accepted ones", async () => {
    await seed(1);
    const result = await td(["batch", "update", "tag:k", "--set", "tags=x"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--set cannot change "tags"; accepted: status, priority');
  });

  it("writes nothing when one ticket refuses (files byte-identical)", async () => {
    await seed(3);
    await ok(["create", "Gated", "--tag", "k", "--criteria", "Reviewed"]);
    const before = snapshot();
    const result = await td(["batch", "update", "tag:k", "--set", "status=completed"]);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/Nothing was written: 1 of 4 tickets refused the change/);
    expect(snapshot()).toEqual(before);
    const dry = await td(["batch", "update", "tag:k", "--set", "status=completed", "--dry-run"]);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain("refused");
  });

  it("rolls back every ticket when a write fails half-way", async () => {
    await seed(4);
    const before = snapshot();
    const result = await td(["batch", "update", "tag:k", "--set", "status=in_progress"], {
      TRACKDOWN_FAILPOINT: "batch-write:3",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("failpoint batch-write:3");
    expect(snapshot()).toEqual(before);
  });

  it("a batch killed with SIGKILL half-way is rolled back by the next command", async () => {
    await seed(5);
    const before = snapshot();
    const child = spawn(
      process.execPath,
      [CLI, "--root", root, "batch", "update", "tag:k", "--set", "status=in_progress"],
      {
        env: { ...process.env, TRACKDOWN_AGENT: "lead", TRACKDOWN_FAILPOINT: "batch-write:3:hang" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    await reached(child, "failpoint batch-write:3 reached");
    // Two tickets are written (and moved to in-progress/) when the writer dies.
    const halfway = snapshot();
    expect([...halfway.keys()].filter((p) => p.startsWith("tickets/in-progress/"))).toHaveLength(2);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const next = await td(["list", "tag:k"]);
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/rolled back interrupted batch [0-9a-f]+: restored 2 tickets/);
    expect(next.stdout.trim().split("\n")).toHaveLength(5);
    expect(next.stdout).not.toContain("in_progress");
    expect(snapshot()).toEqual(before);
    expect(readdirSync(join(root, ".trackdown", "cache")).filter((f) => f.startsWith("batch-"))).toEqual([]);
  }, 60_000);
});

/** Resolves when the child prints `marker` on stderr; rejects if it exits first. */
function reached(child: ChildProcess, marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString("utf8");
      if (seen.includes(marker)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code} before "${marker}": ${seen}`)));
  });
}
