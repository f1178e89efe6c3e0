#!/usr/bin/env node
/**
 * Bundles the CLI after `tsc` (run by `npm run build`):
 *
 *   dist/trackdown.cjs  the `trackdown` executable (cli/launcher.ts): CommonJS, because a
 *                       CommonJS entry starts ~15 ms sooner than an ES module (no ESM loader),
 *                       and a command that a running server takes needs nothing else.
 *   dist/main.js        the CLI itself (cli/main.ts), an ES module the launcher imports when it
 *                       runs the command in its own process; shared code in dist/chunks/.
 *
 * better-sqlite3 stays external (a native addon).
 */
import { rmSync } from "node:fs";
import { build } from "rolldown";

rmSync("dist/chunks", { recursive: true, force: true });
rmSync("dist/trackdown.mjs", { force: true }); // the entry of builds before the launcher

await build({
  input: "dist/cli/main.js",
  platform: "node",
  external: ["better-sqlite3"],
  logLevel: "warn",
  output: {
    format: "esm",
    dir: "dist",
    entryFileNames: "main.js",
    chunkFileNames: "chunks/[name]-[hash].mjs",
    minify: true,
  },
});

await build({
  input: "dist/cli/launcher.js",
  platform: "node",
  // The launcher imports "./main.js": dist/cli/main.js unbundled, dist/main.js from here.
  external: ["./main.js"],
  logLevel: "warn",
  output: { format: "cjs", file: "dist/trackdown.cjs", minify: true },
});
