#!/usr/bin/env node
import { runOnServer } from "./serve-client.js";

/*
 * The `trackdown` executable. When the project's `trackdown serve` is running and takes the
 * command, it runs there (cli/serve-client.ts); otherwise this process loads the CLI and runs it.
 * Kept to Node's own modules until then, so a served command costs little more than Node's start.
 * No top-level await: the build also emits this file as CommonJS, which starts faster.
 */

// `trackdown list | head -1`: the reader left; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

void runOnServer(process.argv.slice(2)).then(async (code) => {
  if (code === undefined) await import("./main.js");
  else process.exitCode = code;
});
