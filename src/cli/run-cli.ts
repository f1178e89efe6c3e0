import { CommanderError } from "@commander-js/extra-typings";
import { ERROR_TABLE } from "../core/errors.js";
import { type CommandHost, processHost } from "./context.js";
import { renderError } from "./errors.js";
import { createProgram } from "./program.js";

/**
 * Runs one command line (`argv` as in process.argv: node, script, args...) on `host` and returns
 * its exit code: the CLI's one error boundary, for this process and for commands handed to a
 * running server.
 */
export async function runCli(argv: readonly string[], host: CommandHost = processHost): Promise<number> {
  const json = argv.includes("--json");
  const program = createProgram({ jsonErrors: json, host });
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message (or help/version, with exit code 0).
      return error.exitCode === 0 ? 0 : ERROR_TABLE.INVALID_INPUT.exit;
    }
    return renderError(error, json, host.stderr, host.env);
  }
}
