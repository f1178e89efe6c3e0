import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ERROR_TABLE, type ErrorCode, TrackdownError, toTrackdownError } from "../core/errors.js";

/**
 * HTTP statuses more precise than the error table's, for errors raised by the server itself
 * (a read-only token on a write is 403, not 401). Kept beside the error, not in its details, so
 * the JSON body stays the same on every surface.
 */
const statusOverrides = new WeakMap<TrackdownError, number>();

/** A stale `If-Match`/`ifRevision`: the service names the expected and actual revisions. */
export function isStaleRevision(error: TrackdownError): boolean {
  return (
    error.code === "CONFLICT" &&
    typeof error.details.expected === "string" &&
    typeof error.details.actual === "string"
  );
}

/** The status an error leaves the API with: the table's, 412 for a stale revision, or an override. */
export function httpStatusOf(error: TrackdownError): number {
  if (isStaleRevision(error)) return 412;
  return statusOverrides.get(error) ?? ERROR_TABLE[error.code].http;
}

/** Every error leaves the API as `{ error: { code, message, details } }`. */
export function errorResponse(c: Context, error: unknown): Response {
  const failure = toTrackdownError(error);
  const status = httpStatusOf(failure) as ContentfulStatusCode;
  if (failure.code === "UNAUTHORIZED" && status === 401)
    c.header("WWW-Authenticate", 'Bearer realm="trackdown"');
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
  status?: number,
): TrackdownError {
  const error = new TrackdownError(code, message, details);
  if (status !== undefined) statusOverrides.set(error, status);
  return error;
}
