/**
 * The launcher compiles the bundled CLI with V8's code cache (cli/compile-cache.ts). What must
 * hold: the cache is written once and then used; a changed file never runs old bytecode, even at
 * the same length (V8 checks only the length); it can be turned off; and a cache folder that
 * other users could write to is never used.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it, onTestFinished } from "vitest";
import { DIST, tempDir } from "./helpers.js";

const MODULE = pathToFileURL(join(DIST, "cli", "compile-cache.js")).href;

/** A two-file CommonJS "bundle" whose entry prints what its chunk says. */
function writeBundle(dir: string, word: string): string {
  mkdirSync(join(dir, "chunks"), { recursive: true });
  writeFileSync(join(dir, "chunks", "say.cjs"), `module.exports = () => "${word}";\n`);
  const entry = join(dir, "main.cjs");
  writeFileSync(entry, `process.stdout.write(require("./chunks/say.cjs")());\n`);
  return entry;
}

function run(entry: string, env: Record<string, string>): string {
  const script = `import(${JSON.stringify(MODULE)}).then((m) => m.requireWithCodeCache(${JSON.stringify(entry)}))`;
  const result = spawnSync(process.execPath, ["-e", script], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

const cacheFiles = (cacheHome: string) => {
  const root = join(cacheHome, "trackdown");
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".v8"))
    .sort();
};

describe("the code cache of the bundled CLI", () => {
  it("is written on the first run, used on the next, and keyed by content", async () => {
    const dir = await tempDir(onTestFinished, "td-v8-");
    const cacheHome = join(dir, "cache");
    const entry = writeBundle(join(dir, "dist"), "first");
    const env = { XDG_CACHE_HOME: cacheHome };
    expect(run(entry, env)).toBe("first");
    const written = cacheFiles(cacheHome);
    expect(written).toHaveLength(2); // the entry and its chunk
    expect(run(entry, env)).toBe("first");
    expect(cacheFiles(cacheHome)).toEqual(written); // read, not rewritten

    writeBundle(join(dir, "dist"), "later"); // same length, new content
    expect(run(entry, env)).toBe("later");
    expect(cacheFiles(cacheHome)).toHaveLength(3); // the chunk's new bytecode beside the old
  });

  it("is not used with TRACKDOWN_COMPILE_CACHE=0, nor in a folder others can write to", async () => {
    const dir = await tempDir(onTestFinished, "td-v8-");
    const entry = writeBundle(join(dir, "dist"), "plain");
    const off = join(dir, "off");
    expect(run(entry, { XDG_CACHE_HOME: off, TRACKDOWN_COMPILE_CACHE: "0" })).toBe("plain");
    expect(() => readdirSync(join(off, "trackdown"))).toThrow();

    const shared = join(dir, "shared");
    const folder = join(shared, "trackdown", `v8-${process.version}-${process.arch}`);
    mkdirSync(folder, { recursive: true });
    chmodSync(folder, 0o777);
    expect(run(entry, { XDG_CACHE_HOME: shared })).toBe("plain");
    expect(readdirSync(folder)).toEqual([]);
  });
});
