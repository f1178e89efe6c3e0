import { invalidInput, type TrackdownError } from "./errors.js";

/** A stretch of the query source, as offsets (UTF-16 code units, end exclusive). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Formats an error pointer: the query, then a caret line under span. */
export function pointAt(source: string, span: Span): string {
  // Tabs and newlines would shift the caret line, so every whitespace shows as one space.
  const line = source.replace(/\s/g, " ");
  const start = Math.min(Math.max(span.start, 0), source.length);
  const width = Math.max(1, Math.min(span.end, source.length) - start);
  return `${line}\n${" ".repeat(start)}${"^".repeat(width)}`;
}

export interface QueryProblem {
  /** What is wrong, naming the token: `Unknown field "stauts"`. */
  readonly problem: string;
  readonly token: string;
  readonly span: Span;
  /** What would have been accepted; listed after `label` in the message. */
  readonly accepted: readonly string[];
  /** `accepted fields`, `write a date like` … */
  readonly label: string;
  /** A last sentence of advice, after the list. */
  readonly hint?: string;
}

/**
 * The INVALID_INPUT error for a bad query token: the message names the token, its column (1-based)
 * and what is accepted; details carry the same plus a caret pointer for terminals.
 */
export function queryError(source: string, problem: QueryProblem): TrackdownError {
  const column = problem.span.start + 1;
  const hint = problem.hint === undefined ? "" : `; ${problem.hint}`;
  const message = `${problem.problem} in query at column ${column}; ${problem.label}: ${problem.accepted.join(", ")}${hint}`;
  return invalidInput(message, {
    token: problem.token,
    position: column,
    span: problem.span,
    accepted: problem.accepted,
    pointer: pointAt(source, problem.span),
  });
}
