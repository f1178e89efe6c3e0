import { z } from "zod";
import { ERROR_CODES } from "../core/errors.js";
import { RunSchema, TicketFieldsSchema, WorkflowStepSchema } from "../core/schema.js";
import { CreateInputSchema, UpdateInputSchema } from "../service/inputs.js";

/**
 * The API's request and response schemas. Requests reuse the service's input schemas (strict
 * here: an unknown key is a typo to report, not to drop); responses are built from the ticket's
 * frontmatter schema. Both feed the OpenAPI document.
 */

const force = z.boolean().optional().describe("Override the transition table and gates (recorded)");
const reason = z.string().optional().describe("Why; recorded in the activity log");

export const CreateBody = CreateInputSchema.strict();
export const PatchBody = UpdateInputSchema.extend({ force, reason }).strict();
export const TransitionBody = z
  .object({ status: z.string().min(1).describe("Target status or alias"), force, reason })
  .strict();
export const CommentBody = z
  .object({ text: z.string().min(1).describe("Markdown text of the comment") })
  .strict();
export const NextBody = z
  .object({
    query: z.string().optional().describe("Narrow the ready queue with the query language"),
    claim: z.boolean().optional().describe("Claim the ticket found, atomically"),
  })
  .strict();
export const OrchestrateBody = z
  .object({
    agents: z.array(z.string().min(1)).min(1).describe("Agents in the order their steps run"),
    force: z.boolean().optional().describe("Replace a workflow whose steps have started"),
  })
  .strict();
export const StepBody = z
  .object({
    note: z.string().optional().describe("A note recorded on the step (the reason, for fail)"),
    percent: z.number().int().min(0).max(100).optional().describe("Progress, for the progress action"),
  })
  .strict();

export const TicketSummarySchema = TicketFieldsSchema.extend({
  path: z.string().describe("Relative to the project root"),
  revision: z.string().describe("Hash of the file; the ETag"),
});
export const TicketSchema = TicketSummarySchema.extend({ body: z.string() });
export const TicketResultSchema = TicketSchema.extend({
  warnings: z.array(z.string()).optional().describe("Things worth knowing about the change"),
});
export const ActivitySchema = z.looseObject({
  kind: z.enum(["comment", "event"]),
  at: z.string(),
  author: z.string(),
  text: z.string(),
});
export const TicketDetailSchema = TicketSchema.extend({
  description: z.string(),
  criteria: z.array(z.looseObject({ text: z.string(), done: z.boolean() })),
  activity: z.array(ActivitySchema),
});
export const ProblemSchema = z.object({ path: z.string(), error: z.string() });
export const TicketListSchema = z.object({
  tickets: z.array(TicketSummarySchema),
  total: z.number().int().describe("Matches before limit and offset"),
  problems: z.array(ProblemSchema).describe("Files under tickets/ that could not be read"),
});
export const DeletedSchema = z.object({ id: z.string(), path: z.string(), deleted: z.literal(true) });
export const NextResultSchema = TicketSummarySchema.describe(
  "The best ready ticket (claimed when asked); 404 NOT_FOUND when nothing is ready",
);
export const WorkflowViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  steps: z.array(WorkflowStepSchema.extend({ step: z.number().int() })),
  current: z.union([z.object({ step: z.number().int(), agent: z.string(), status: z.string() }), z.null()]),
  finished: z.boolean(),
});
export const StepResultSchema = z.object({
  ticket: TicketSchema,
  step: z.number().int().describe("1-based number of the step that changed"),
  state: WorkflowStepSchema,
});
export const RunsSchema = z.object({ id: z.string(), runs: z.array(RunSchema) });
export const ProjectRunsSchema = z.object({ runs: z.array(RunSchema.extend({ ticket: z.string() })) });
export const RegistrySyncSchema = z.object({
  path: z.string(),
  written: z.boolean(),
  tickets: z.number().int(),
  bytes: z.number().int(),
  durationMs: z.number(),
});

/** Figures whose shape is documented in the service; the API passes them through as JSON. */
export const looseObject = (description: string) => z.looseObject({}).describe(description);
export const looseArray = (description: string) => z.array(z.looseObject({})).describe(description);

export const ErrorSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string().describe("What was wrong, with the offending value and what is accepted"),
    details: z.record(z.string(), z.unknown()),
  }),
});
