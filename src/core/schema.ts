import { z } from "zod";

/**
 * The ticket's frontmatter, as zod schemas. They are the single source of the types, of the
 * validation of files and inputs, and (later) of the API and MCP schemas.
 */

export const PRIORITIES = ["critical", "high", "medium", "low"] as const;
export const PrioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof PrioritySchema>;

/** Rank used for sorting and for `priority:>=high`: a higher rank is more urgent. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
};

/** `TSK-7f3k`, `EP-0001`, `BUG-12`: a prefix of letters and digits, a dash, a suffix. */
export const ID_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,15}-[A-Za-z0-9]{1,32}$/;
export const IdSchema = z
  .string()
  .regex(ID_PATTERN, "must look like PREFIX-SUFFIX (letters/digits), for example TSK-7f3k");

/** ISO-8601 timestamps are kept as strings: never turned into Date and back (DESIGN §3). */
export const TIMESTAMP_PATTERN =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
export const TimestampSchema = z
  .string()
  .regex(TIMESTAMP_PATTERN, "must be an ISO-8601 date or timestamp, for example 2026-01-31T09:30:00Z");

/** `90m`, `1h30m`, `2d`, `1w` — or a number of hours. */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?[wdhm])+$/;
export const DurationSchema = z.union([
  z.string().regex(DURATION_PATTERN, "must be a duration like 90m, 1h30m, 2d"),
  z.number().nonnegative(),
]);

const nullable = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === null ? undefined : value), schema.optional());

const idList = z.preprocess((value) => (value === null ? [] : value), z.array(IdSchema).default([]));

export const STEP_STATUSES = ["pending", "in_progress", "completed", "failed", "skipped"] as const;
export const WorkflowStepSchema = z.looseObject({
  agent: z.string().min(1),
  status: z.enum(STEP_STATUSES).default("pending"),
  progress: z.number().int().min(0).max(100).default(0),
  started: nullable(TimestampSchema),
  finished: nullable(TimestampSchema),
  note: nullable(z.string()),
});
export type WorkflowStep = z.infer<typeof WorkflowStepSchema>;

export const ClaimSchema = z.looseObject({
  agent: z.string().min(1),
  since: TimestampSchema,
  expires: TimestampSchema,
});
export type Claim = z.infer<typeof ClaimSchema>;

/** One execution of `trackdown run` on a ticket; the ticket keeps the last few. */
export const RUN_OUTCOMES = ["succeeded", "failed", "interrupted"] as const;
export const RunSchema = z.looseObject({
  agent: z.string().min(1),
  command: z.string(),
  started: TimestampSchema,
  finished: TimestampSchema,
  duration_ms: z.number().int().nonnegative(),
  exit_code: z.number().int(),
  outcome: z.enum(RUN_OUTCOMES),
  /** The workflow step (1-based) the run worked on, if any. */
  step: nullable(z.number().int().positive()),
  output_tail: nullable(z.string()),
});
export type Run = z.infer<typeof RunSchema>;

/** A running timer (`trackdown time start`): stopping it logs the time since `started`. */
export const TimerSchema = z.looseObject({
  agent: z.string().min(1),
  started: TimestampSchema,
});
export type Timer = z.infer<typeof TimerSchema>;

export const TITLE_MAX = 300;

export const TicketFieldsSchema = z.looseObject({
  id: IdSchema,
  type: z.string().min(1),
  title: z.string().trim().min(1, "must not be empty").max(TITLE_MAX),
  status: z.string().min(1),
  priority: PrioritySchema.default("medium"),
  assignee: nullable(z.string().min(1)),
  tags: z.preprocess((value) => (value === null ? [] : value), z.array(z.string().min(1)).default([])),
  parent: nullable(IdSchema),
  depends_on: idList,
  blocks: idList,
  related: idList,
  duplicate_of: nullable(IdSchema),
  sprint: nullable(z.string().min(1)),
  estimate: nullable(DurationSchema),
  time_spent: nullable(DurationSchema),
  workflow: nullable(z.array(WorkflowStepSchema)),
  claim: nullable(ClaimSchema),
  runs: nullable(z.array(RunSchema)),
  timer: nullable(TimerSchema),
  created: TimestampSchema,
  updated: TimestampSchema,
  started: nullable(TimestampSchema),
  completed: nullable(TimestampSchema),
});
export type TicketFields = z.infer<typeof TicketFieldsSchema>;

/** The relation fields, each a list of IDs (or one ID for `parent`/`duplicate_of`). */
export const LIST_RELATIONS = ["depends_on", "blocks", "related"] as const;
export type ListRelation = (typeof LIST_RELATIONS)[number];

/** Fields the service manages itself; `update` refuses to set them directly. */
export const MANAGED_FIELDS = [
  "id",
  "created",
  "updated",
  "started",
  "completed",
  "claim",
  "workflow",
  "runs",
  "timer",
] as const;

/** A ticket as listed from the index: every field, where it lives and its revision; no body. */
export interface TicketSummary extends TicketFields {
  /** Path relative to the project root, with forward slashes. */
  readonly path: string;
  /** Hash of the file's bytes; changes whenever the file does. */
  readonly revision: string;
}

/**
 * What reports (stats, the registry) read of a ticket they list: the fields the index keeps as
 * columns, so reading them parses no JSON. A TicketSummary is one.
 */
export type TicketFacts = Pick<
  TicketSummary,
  | "id"
  | "type"
  | "title"
  | "status"
  | "priority"
  | "assignee"
  | "sprint"
  | "created"
  | "updated"
  | "started"
  | "completed"
  | "path"
>;

/** A ticket as read from disk: a summary plus its Markdown body. */
export interface Ticket extends TicketSummary {
  readonly body: string;
}
