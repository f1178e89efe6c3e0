/**
 * The one error type of Trackdown. Every failure a user can cause carries a code; entry points
 * (CLI, server, MCP) map the code through ERROR_TABLE and render the message. Nothing in between
 * catches and swallows.
 */

export const ERROR_CODES = [
  "NOT_FOUND",
  "INVALID_INPUT",
  "CONFLICT",
  "LOCKED",
  "GATE",
  "UNAUTHORIZED",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorMapping {
  /** Process exit code of the CLI. */
  readonly exit: number;
  /** HTTP status of the REST API. */
  readonly http: number;
  /** One line for documentation and `--help`. */
  readonly meaning: string;
}

export const ERROR_TABLE: Readonly<Record<ErrorCode, ErrorMapping>> = {
  INVALID_INPUT: { exit: 2, http: 400, meaning: "bad argument, field value, query or file" },
  NOT_FOUND: { exit: 3, http: 404, meaning: "no ticket, project or file by that name" },
  CONFLICT: { exit: 4, http: 409, meaning: "stale revision, duplicate ID, or held claim" },
  LOCKED: { exit: 5, http: 423, meaning: "another writer held the ticket's lock too long" },
  GATE: { exit: 6, http: 422, meaning: "the workflow refused a transition" },
  UNAUTHORIZED: { exit: 7, http: 401, meaning: "missing or insufficient credentials" },
  INTERNAL: { exit: 1, http: 500, meaning: "a bug or an I/O failure" },
};

export type ErrorDetails = Readonly<Record<string, unknown>>;

export class TrackdownError extends Error {
  override readonly name = "TrackdownError";
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetails } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isTrackdownError(value: unknown): value is TrackdownError {
  return value instanceof TrackdownError;
}

/** Wraps anything thrown into a TrackdownError, keeping the original as `cause`. */
export function toTrackdownError(value: unknown): TrackdownError {
  if (value instanceof TrackdownError) return value;
  const message = value instanceof Error ? value.message : String(value);
  return new TrackdownError("INTERNAL", message, {}, { cause: value });
}

export const invalidInput = (message: string, details?: ErrorDetails): TrackdownError =>
  new TrackdownError("INVALID_INPUT", message, details);

export const notFound = (message: string, details?: ErrorDetails): TrackdownError =>
  new TrackdownError("NOT_FOUND", message, details);

export const conflict = (message: string, details?: ErrorDetails): TrackdownError =>
  new TrackdownError("CONFLICT", message, details);
