#!/usr/bin/env node
/**
 * Bundles the CLI after `tsc` (run by `npm run build`):
 *
 *   dist/trackdown.cjs  the `trackdown` executable (cli/launcher.ts). CommonJS, because a
 *                       CommonJS entry starts ~15 ms sooner than an ES module (no ESM loader),
 *                       and a command that a running server takes needs nothing else.
 *   dist/main.cjs       the CLI itself (cli/main.ts), which the launcher requires when it runs the
 *                       command in its own process; shared code in dist/chunks/. CommonJS too,
 *                       so it can be compiled with V8's code cache (cli/compile-cache.ts).
 *
 * better-sqlite3 stays external (a native addon). dist/build-id names this build.
 */
import { randomUUID } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { build } from "rolldown";

rmSync("dist/chunks", { recursive: true, force: true });
// Entries of earlier builds.
for (const old of ["dist/trackdown.mjs", "dist/main.js"]) rmSync(old, { force: true });

await build({
  input: "dist/cli/main.js",
  platform: "node",
  external: ["better-sqlite3"],
  logLevel: "warn",
  output: {
    format: "cjs",
    dir: "dist",
    entryFileNames: "main.cjs",
    chunkFileNames: "chunks/[name]-[hash].cjs",
    minify: true,
  },
});

await build({
  input: "dist/cli/launcher.js",
  platform: "node",
  // Unbundled, the launcher imports "./main.js" (dist/cli/main.js); bundled, it requires main.cjs.
  external: ["./main.js"],
  logLevel: "warn",
  output: { format: "cjs", file: "dist/trackdown.cjs", minify: true },
});

// A running server takes commands only from a CLI of the same build (cli/served.ts: buildStamp).
writeFileSync("dist/build-id", `${randomUUID()}\n`);
