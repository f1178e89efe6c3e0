import { ERROR_TABLE, toTrackdownError } from "../core/errors.js";
import type { Sink } from "./output.js";

/** The CLI's one catch: render the error (JSON when asked) and return the exit code. */
export function renderError(
  error: unknown,
  json: boolean,
  stderr: Sink = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): number {
  const failure = toTrackdownError(error);
  if (json) {
    stderr.write(`${JSON.stringify({ error: failure.toJSON() })}\n`);
  } else {
    stderr.write(`trackdown: ${failure.message}\n`);
    if (failure.code === "INTERNAL" && env.TRACKDOWN_DEBUG && error instanceof Error) {
      stderr.write(`${error.stack ?? ""}\n`);
    }
    const pointer = failure.details.pointer;
    if (typeof pointer === "string") stderr.write(`${pointer}\n`);
  }
  return ERROR_TABLE[failure.code].exit;
}
