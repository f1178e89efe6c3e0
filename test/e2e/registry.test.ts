import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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

const registry = () => readFileSync(join(root, "TICKET_REGISTRY.md"), "utf8");
const mtime = () => statSync(join(root, "TICKET_REGISTRY.md")).mtimeMs;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-e2e-registry-"));
  await exec(process.execPath, [CLI, "init", root]);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("TICKET_REGISTRY.md through the CLI", () => {
  it("is regenerated after create and transition, and matches `registry show`", async () => {
    const id = (await cli("create", "Registry e2e ticket")).stdout.trim();
    expect(registry()).toMatch(new RegExp(`## To do \\(1\\)[\\s\\S]*\\[${id}\\]\\(tickets/pending/${id}-`));

    expect((await cli("start", id)).code).toBe(0);
    const text = registry();
    expect(text).toMatch(
      new RegExp(`## In progress \\(1\\)[\\s\\S]*\\[${id}\\]\\(tickets/in-progress/${id}-`),
    );
    expect(text).toContain("## To do (0)");
    expect((await cli("registry", "show")).stdout).toBe(text);
  });

  it("is left alone, byte for byte and mtime, by reads and by a sync with nothing new", async () => {
    const id = (await cli("create", "Stable registry")).stdout.trim();
    const text = registry();
    const before = mtime();

    const sync = JSON.parse((await cli("registry", "sync", "--json")).stdout) as {
      written: boolean;
      durationMs: number;
    };
    expect(sync.written).toBe(false);
    expect(sync.durationMs).toBeGreaterThanOrEqual(0);
    for (const args of [["list"], ["show", id], ["stats"], ["registry", "show"]]) {
      expect((await cli(...args)).code, args.join(" ")).toBe(0);
    }
    expect(registry()).toBe(text);
    expect(mtime()).toBe(before);
  });

  it("shows why a blocked ticket is blocked, from `block --reason`", async () => {
    const id = (await cli("create", "Needs a key")).stdout.trim();
    expect((await cli("block", id, "--reason", "waiting for the API key")).code).toBe(0);
    expect(registry()).toMatch(
      new RegExp(`\\[${id}\\]\\([^)]*\\) \\| Needs a key \\| — \\| waiting for the API key \\|`),
    );
  });

  it("converges on every ticket when several processes write at once", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => cli("create", `Parallel ticket ${i}`)),
    );
    const ids = results.map((r) => r.stdout.trim());
    expect(results.every((r) => r.code === 0)).toBe(true);
    const text = registry();
    expect(text).toContain("## To do (6)");
    for (const id of ids) expect(text).toContain(`[${id}]`);
  });

  it("`registry sync` rewrites a hand-edited registry; registry.auto: false stops the automatic runs", async () => {
    await cli("create", "One");
    const generated = registry();
    writeFileSync(join(root, "TICKET_REGISTRY.md"), "edited by hand\n");
    const sync = await cli("registry", "sync");
    expect(sync.stdout).toMatch(/^TICKET_REGISTRY\.md written \(1 tickets\) in \d+ ms$/m);
    expect(registry()).toBe(generated);

    writeFileSync(join(root, ".trackdown/config.yaml"), "registry:\n  auto: false\n");
    const before = registry();
    await cli("create", "Two");
    expect(registry()).toBe(before);
  });
});
