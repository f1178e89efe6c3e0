import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { Script } from "node:vm";

/*
 * V8's code cache for the bundled CLI (Node 20 has no `module.enableCompileCache`). Compiling the
 * CLI's ~500 kB of JavaScript is a large share of every command's start; with the bytecode of the
 * previous run it is mostly skipped (`trackdown --version` 263 -> 234 ms measured here, and 285 ms
 * as an ES module before). Used by the CommonJS launcher only; every failure falls back to
 * ordinary compilation, and a cache that does not fit this Node or this file is rejected by V8.
 */

/** Set to 0 to compile without the cache. */
export const COMPILE_CACHE_ENV = "TRACKDOWN_COMPILE_CACHE";

interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string, ...rest: unknown[]): unknown;
}

/**
 * Requires the CommonJS bundle `entry`, compiling it and the chunks beside it (under the same
 * folder) with cached bytecode, and caching the bytecode at exit where there was none.
 */
export function requireWithCodeCache(entry: string, env = process.env): void {
  const cacheDir = env[COMPILE_CACHE_ENV] === "0" ? undefined : privateCacheDir(env);
  if (cacheDir !== undefined) cacheCompilationsUnder(dirname(entry), cacheDir);
  createRequire(entry)(entry);
}

function cacheCompilationsUnder(bundleDir: string, cacheDir: string): void {
  const proto = (Module as unknown as { prototype: CompilingModule }).prototype;
  const compile = proto._compile;
  const writes: (() => void)[] = [];
  const used = new Set<string>();
  proto._compile = function (this: CompilingModule, content: string, filename: string, ...rest: unknown[]) {
    if (!filename.startsWith(bundleDir)) return compile.call(this, content, filename, ...rest);
    // Keyed by content: V8 itself checks only the source's length, so a new build must never
    // meet the bytecode of an old one.
    const digest = sha256(content).slice(0, 24);
    const cacheFile = join(cacheDir, `${basename(filename)}-${digest}.v8`);
    used.add(cacheFile);
    const cachedData = readIfPresent(cacheFile);
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected === true)
      writes.push(() => writeAtomically(cacheFile, script.createCachedData()));
    const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
    return wrapper.call(
      this.exports,
      this.exports,
      createRequire(filename),
      this,
      filename,
      dirname(filename),
    );
  };
  // At exit the cache also holds the functions this run compiled lazily, not only the top level.
  process.once("exit", () => {
    if (writes.length === 0) return;
    for (const write of writes) write();
    pruneStale(cacheDir, used);
  });
}

/**
 * `~/.cache/trackdown/v8-<node>-<arch>` (or under $XDG_CACHE_HOME): the user's own folder, never
 * a shared one such as /tmp, since bytecode found there is run. Undefined when it cannot be made
 * private to this user.
 */
function privateCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  try {
    const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
    const dir = join(base, "trackdown", `v8-${process.version}-${process.arch}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    const ours = process.getuid === undefined || stat.uid === process.getuid();
    return ours && (stat.mode & 0o022) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** Caches of other builds are dropped once this old (a build that is still used writes its again). */
const STALE_MS = 14 * 24 * 3600 * 1000;

/** Every new build adds its bytecode; what older builds left is removed after a while. */
function pruneStale(cacheDir: string, used: ReadonlySet<string>): void {
  try {
    for (const name of readdirSync(cacheDir)) {
      const path = join(cacheDir, name);
      if (used.has(path)) continue;
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat && Date.now() - stat.mtimeMs > STALE_MS) rmSync(path, { force: true });
    }
  } catch {
    // Pruning is housekeeping; the next miss tries again.
  }
}

/**
 * node:crypto costs ~9 ms to load, and the launcher, which bundles this module, must stay cheap
 * for the commands a server runs: loaded only when a file is compiled.
 */
function sha256(text: string): string {
  const { createHash } = process.getBuiltinModule("node:crypto");
  return createHash("sha256").update(text).digest("hex");
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Temporary file, then rename: concurrent CLI calls never read half a cache. */
function writeAtomically(path: string, data: Buffer): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch {
    // No cache this time; the next run tries again.
  }
}
