import { z } from "zod";
import { DurationSchema, PrioritySchema } from "../core/schema.js";

/**
 * Inputs of the service's write calls. The CLI, the REST API and MCP all validate against these
 * same schemas, so a field means the same thing on every surface.
 */

const text = z.string();
const idRef = z.string().min(1);

/** A list field change: replace it, or add and remove values. */
export const ListChangeSchema = z.union([
  z.array(text),
  z.object({
    set: z.array(text).optional(),
    add: z.array(text).optional(),
    remove: z.array(text).optional(),
  }),
]);
export type ListChange = z.infer<typeof ListChangeSchema>;

export const CreateInputSchema = z.object({
  type: text.optional(),
  title: text,
  priority: PrioritySchema.optional(),
  status: text.optional(),
  assignee: text.optional(),
  tags: z.array(text).optional(),
  parent: idRef.optional(),
  depends_on: z.array(idRef).optional(),
  blocks: z.array(idRef).optional(),
  related: z.array(idRef).optional(),
  duplicate_of: idRef.optional(),
  sprint: text.optional(),
  estimate: DurationSchema.optional(),
  /** The description; combined with `criteria` into the body. */
  description: text.optional(),
  criteria: z.array(text).optional(),
  /** The whole Markdown body; wins over description and criteria. */
  body: text.optional(),
  /** Custom frontmatter keys, kept as given. */
  fields: z.record(z.string(), z.unknown()).optional(),
  /** A template in .trackdown/templates/ whose defaults and body skeleton fill what is not given. */
  template: text.optional(),
});
export type CreateInput = z.input<typeof CreateInputSchema>;

export const UpdateInputSchema = z.object({
  title: text.optional(),
  type: text.optional(),
  priority: PrioritySchema.optional(),
  /** Moving status through update runs the same rules and gates as a transition. */
  status: text.optional(),
  assignee: text.nullable().optional(),
  parent: idRef.nullable().optional(),
  duplicate_of: idRef.nullable().optional(),
  sprint: text.nullable().optional(),
  estimate: DurationSchema.nullable().optional(),
  time_spent: DurationSchema.nullable().optional(),
  tags: ListChangeSchema.optional(),
  depends_on: ListChangeSchema.optional(),
  blocks: ListChangeSchema.optional(),
  related: ListChangeSchema.optional(),
  description: text.optional(),
  body: text.optional(),
  /** Custom frontmatter keys; null removes one. */
  fields: z.record(z.string(), z.unknown()).optional(),
});
export type UpdateInput = z.input<typeof UpdateInputSchema>;

export interface WriteOptions {
  /** Refuse the write with CONFLICT unless the ticket is still at this revision. */
  readonly ifRevision?: string | undefined;
}

export interface TransitionOptions extends WriteOptions {
  readonly force?: boolean | undefined;
  readonly reason?: string | undefined;
}
