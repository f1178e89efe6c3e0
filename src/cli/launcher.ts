#!/usr/bin/env node
import { join } from "node:path";
import { requireWithCodeCache } from "./compile-cache.js";
import { runOnServer } from "./serve-client.js";

/*
 * The `trackdown` executable. When the project's `trackdown serve` is running and takes the
 * command, it runs there (cli/serve-client.ts); otherwise this process loads the CLI and runs it.
 * Kept to Node's own modules until then, so a served command costs little more than Node's start.
 *
 * The build emits this file as CommonJS (dist/trackdown.cjs), which starts faster than an ES
 * module, beside the CLI bundled as CommonJS too (dist/main.cjs), compiled with V8's code cache.
 * Unbundled (dist/cli/launcher.js, an ES module) it imports the CLI's modules as they are.
 */

// `trackdown list | head -1`: the reader left; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

void runOnServer(process.argv.slice(2)).then(async (code) => {
  if (code !== undefined) process.exitCode = code;
  else if (typeof require === "function") requireWithCodeCache(join(__dirname, "main.cjs"));
  else await import("./main.js");
});
