import { appendActivity } from "../../core/body.js";
import type { Config } from "../../core/config.js";
import {
  type LoadedTicket,
  parseTicketFile,
  ticketFileName,
  ticketPathFor,
} from "../../store/ticket-files.js";
import { stringifyField } from "../../store/ticket-format.js";
import type { NormalizedRecord } from "./normalize.js";
import type { ResolvedRelations } from "./relations.js";
import type { Reporter, SourceFormat } from "./types.js";

/**
 * The ticket file an imported record becomes: frontmatter in Trackdown's key order (or the
 * source's, for Trackdown's own format), the body with a provenance line in its activity, a
 * path in the folder of its status. Every file is parsed back and validated as the index will
 * read it before anything is written; a record that would not make a valid ticket is reported
 * and left out.
 */

export interface PlannedTicket {
  readonly id: string;
  readonly sourceId?: string | undefined;
  readonly file: string;
  readonly title: string;
  readonly status: string;
  /** Project-relative target path. */
  readonly path: string;
  /** The file as it will be written, parsed back: what the index records once it is. */
  readonly loaded: Extract<LoadedTicket, { ok: true }>;
}

export interface RenderContext {
  readonly config: Config;
  readonly format: SourceFormat;
  readonly actor: string;
  readonly now: string;
  /** Renders one frontmatter field (see memoizedFieldRenderer). */
  readonly renderField: (key: string, value: unknown) => string;
}

const KEY_ORDER = [
  ...["id", "type", "title", "status", "priority", "assignee", "tags", "parent", "depends_on", "blocks"],
  ...["related", "duplicate_of", "sprint", "estimate", "time_spent", "workflow", "claim", "runs"],
  ...["created", "updated", "started", "completed", "imported_from"],
];

export function renderRecord(
  n: NormalizedRecord,
  id: string,
  relations: ResolvedRelations,
  importedFrom: string | undefined,
  ctx: RenderContext,
  report: Reporter,
): PlannedTicket | undefined {
  const { unresolved, ...links } = relations;
  const data: Record<string, unknown> = {
    ...n.fields,
    id,
    ...links,
    ...(importedFrom === undefined ? {} : { imported_from: importedFrom }),
    ...unresolved,
  };
  const fields = ordered(data, n.record.order);
  const body = renderBody(n, ctx);
  const title = typeof fields.title === "string" ? fields.title : "";
  const path = ticketPathFor(ctx.config, n.status, ticketFileName(id, title));
  const text = `---\n${Object.entries(fields)
    .map(([key, value]) => ctx.renderField(key, value))
    .join("")}---\n${body}`;
  // Parsed back as the index will read it: the YAML, the schema, the body's size.
  const probe = parseTicketFile(text, path, { path, size: text.length, mtimeMs: 0 });
  const error = checkBody(ctx.config, body) ?? (probe.ok ? undefined : probe.error);
  if (error !== undefined || !probe.ok) {
    report("invalid-record", "error", `the ticket would be invalid: ${error}`, "not imported");
    return undefined;
  }
  return {
    id,
    sourceId: n.record.sourceId,
    file: n.record.file,
    title,
    status: n.status,
    path,
    loaded: probe,
  };
}

/**
 * The store's field writer, memoised: an import repeats most (key, value) pairs (type, status,
 * priority, tags) and YAML stringification dominates its cost. The text is exactly what
 * renderTicketText gives, since that joins the same per-field renderings.
 */
export function memoizedFieldRenderer(limit = 100_000): (key: string, value: unknown) => string {
  const memo = new Map<string, string>();
  return (key, value) => {
    const memoKey = `${key}\u0000${typeof value === "string" ? value : JSON.stringify(value)}`;
    let text = memo.get(memoKey);
    if (text === undefined) {
      text = stringifyField(key, value);
      if (memo.size < limit) memo.set(memoKey, text);
    }
    return text;
  };
}

/** Known keys in Trackdown's order (or the source's), then custom keys as they came; no empties. */
function ordered(
  data: Record<string, unknown>,
  sourceOrder: readonly string[] | undefined,
): Record<string, unknown> {
  const rank = new Map((sourceOrder ?? KEY_ORDER).map((key, i) => [key, i]));
  const keys = Object.keys(data).filter((key) => {
    const value = data[key];
    return value !== undefined && !(Array.isArray(value) && value.length === 0);
  });
  const known = keys.filter((k) => rank.has(k)).sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  const rest = keys.filter((k) => !rank.has(k));
  return Object.fromEntries([...known, ...rest].map((key) => [key, data[key]]));
}

function renderBody(n: NormalizedRecord, ctx: RenderContext): string {
  if (n.record.verbatim) return n.body;
  const trimmed = n.body.replace(/\r\n?/g, "\n").trim();
  const source = n.record.sourceId === undefined ? "" : ` (${n.record.sourceId})`;
  return appendActivity(trimmed === "" ? "\n" : `\n${trimmed}\n`, {
    at: ctx.now,
    author: ctx.actor,
    kind: "event",
    text: `imported from ${ctx.format} ${n.record.file}${source}`,
  });
}

function checkBody(config: Config, body: string): string | undefined {
  if (body.includes("\0")) return "the body holds NUL characters (binary data)";
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > config.limits.body_bytes) {
    return `the body is ${bytes} bytes; at most ${config.limits.body_bytes} are accepted (limits.body_bytes)`;
  }
  return undefined;
}
