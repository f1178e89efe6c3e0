import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ERROR_TABLE, type ErrorCode, TrackdownError, toTrackdownError } from "../core/errors.js";

/** Every error leaves the API as `{ error: { code, message, details } }` with the table's status. */
export function errorResponse(c: Context, error: unknown): Response {
  const failure = toTrackdownError(error);
  const status = ERROR_TABLE[failure.code].http as ContentfulStatusCode;
  const body =
    failure.code === "INTERNAL"
      ? { code: failure.code, message: "Internal error; see the server log", details: {} }
      : failure.toJSON();
  return c.json({ error: body }, status);
}

export function httpError(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): TrackdownError {
  return new TrackdownError(code, message, details);
}
