import {
  INTERCHANGE_VERSION,
  InterchangeEnvelopeSchema,
  InterchangeTicketSchema,
  isInterchangeDocument,
} from "../interchange.js";
import { parseJson } from "./json.js";
import type { ImportRecord, ProblemLog, SourceFile, SourceMapper } from "./types.js";
import { asList, asText } from "./values.js";

/**
 * Trackdown's own JSON interchange document (what `export --format json` writes). Every field
 * and the body come over as they are, custom keys and key order included; only IDs that clash
 * with the target project, and statuses or types it does not have, change.
 */

const RECORD_KEYS = new Set([
  ...["id", "type", "title", "status", "priority", "assignee", "tags", "parent", "depends_on", "blocks"],
  ...["related", "duplicate_of", "sprint", "estimate", "time_spent", "workflow", "claim", "runs"],
  ...["created", "updated", "started", "completed", "body"],
]);

export const trackdownMapper: SourceMapper = {
  format: "trackdown",
  select: (files) => files.filter((f) => f.toLowerCase().endsWith(".json")),
  map: mapDocument,
};

function mapDocument(source: SourceFile, log: ProblemLog): ImportRecord[] {
  const report = log.at(source.file);
  const json = parseJson(source, report);
  if (json === undefined) return [];
  if (!isInterchangeDocument(json)) {
    report("not-a-ticket", "info", 'not a Trackdown export (no "format": "trackdown")', "skipped the file");
    return [];
  }
  const envelope = InterchangeEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const issues = envelope.error.issues.map((i) => `${i.path.join(".") || "document"}: ${i.message}`);
    report(
      "invalid-record",
      "error",
      `not a valid Trackdown export: ${issues.join("; ")}`,
      "skipped the file",
    );
    return [];
  }
  if (envelope.data.version > INTERCHANGE_VERSION) {
    const message = `export format version ${envelope.data.version} is newer than this Trackdown reads (${INTERCHANGE_VERSION})`;
    report("invalid-record", "error", message, "skipped the file; upgrade Trackdown to import it");
    return [];
  }
  return envelope.data.tickets.flatMap((raw, index) => mapTicket(source.file, raw, index, log));
}

function mapTicket(file: string, raw: unknown, index: number, log: ProblemLog): ImportRecord[] {
  const checked = InterchangeTicketSchema.safeParse(raw);
  const data = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => `${i.path.join(".") || "ticket"}: ${i.message}`);
    const where = `tickets[${index}]`;
    log.at(file, asText(data.id))(
      "invalid-record",
      "error",
      `${where} is not a valid ticket: ${issues.join("; ")}`,
      "not imported",
    );
    return [];
  }
  const text = (key: string) => asText(data[key]);
  const fields = Object.fromEntries(Object.entries(data).filter(([key]) => !RECORD_KEYS.has(key)));
  return [
    {
      file,
      sourceId: text("id"),
      type: text("type"),
      title: text("title"),
      status: text("status"),
      priority: text("priority"),
      assignee: text("assignee"),
      tags: asList(data.tags),
      parent: text("parent"),
      depends_on: asList(data.depends_on),
      blocks: asList(data.blocks),
      related: asList(data.related),
      duplicate_of: text("duplicate_of"),
      sprint: text("sprint"),
      estimate: checked.data.estimate,
      time_spent: checked.data.time_spent,
      workflow: data.workflow ?? undefined,
      claim: data.claim ?? undefined,
      runs: data.runs ?? undefined,
      created: text("created"),
      updated: text("updated"),
      started: text("started"),
      completed: text("completed"),
      body: checked.data.body,
      comments: [],
      fields,
      order: Object.keys(data),
      verbatim: true,
    },
  ];
}
