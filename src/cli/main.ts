#!/usr/bin/env node
import { CommanderError } from "@commander-js/extra-typings";
import { ERROR_TABLE } from "../core/errors.js";
import { renderError } from "./errors.js";
import { createProgram } from "./program.js";

/** The CLI's entry point and its one error boundary. */
async function main(argv: string[]): Promise<number> {
  const program = createProgram({ jsonErrors: argv.includes("--json") });
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or help/version, with exit code 0).
      return error.exitCode === 0 ? 0 : ERROR_TABLE.INVALID_INPUT.exit;
    }
    return renderError(error, argv.includes("--json"));
  }
}

// `trackdown list | head -1`: the reader left; that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

const code = await main(process.argv);
// A command that chose its own exit code (`run` passes its child's on) keeps it.
if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
