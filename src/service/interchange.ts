import { z } from "zod";
import { TicketFieldsSchema, TimestampSchema } from "../core/schema.js";

/**
 * Trackdown's own interchange format: a versioned JSON document holding every field of every
 * exported ticket (custom keys included) and its Markdown body. `export --format json` writes
 * it and `import --from trackdown` reads it back, so a project can be copied, merged or
 * restored without losing anything but file-level formatting.
 */

export const INTERCHANGE_FORMAT = "trackdown";
/** Bump on any change an older reader would misread; readers refuse newer versions. */
export const INTERCHANGE_VERSION = 1;

/** One ticket: the frontmatter fields exactly as the ticket schema reads them, plus `body`. */
export const InterchangeTicketSchema = TicketFieldsSchema.extend({ body: z.string() });
export type InterchangeTicket = z.infer<typeof InterchangeTicketSchema>;

export const InterchangeDocumentSchema = z.object({
  format: z.literal(INTERCHANGE_FORMAT),
  version: z.literal(INTERCHANGE_VERSION),
  exported_at: TimestampSchema,
  /** The exporting project's name (config `project`). */
  project: z.string().optional(),
  /** The query the export was narrowed by, if any. */
  query: z.string().optional(),
  tickets: z.array(InterchangeTicketSchema),
});
export type InterchangeDocument = z.infer<typeof InterchangeDocumentSchema>;

/**
 * The envelope as an importer checks it first: tickets are then validated one by one, so that
 * one bad ticket is reported by position instead of refusing the whole document.
 */
export const InterchangeEnvelopeSchema = InterchangeDocumentSchema.extend({
  version: z.number().int().positive(),
  tickets: z.array(z.unknown()),
});

/** True when `value` looks like an interchange document (whatever its version). */
export function isInterchangeDocument(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { format?: unknown }).format === INTERCHANGE_FORMAT &&
    Array.isArray((value as { tickets?: unknown }).tickets)
  );
}
