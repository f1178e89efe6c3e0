import { appendActivity } from "../../core/body.js";
import type { Config } from "../../core/config.js";
import { DURATION_PATTERN, TITLE_MAX } from "../../core/schema.js";
import { categoryOf } from "../../core/workflow.js";
import type { StatusMapper } from "./statuses.js";
import type { ImportRecord, Reporter } from "./types.js";
import { asText, mapPriority, mapType, plainName, toIsoUtc } from "./values.js";

/**
 * One record's values made Trackdown values: status, type and priority mapped, dates in UTC,
 * title one line and short enough, tags without spaces, durations valid, comments in the
 * activity log. Relations stay source IDs here; ids.ts and relations.ts resolve them.
 */

export interface NormalizeContext {
  readonly config: Config;
  readonly mapStatus: StatusMapper;
  /** The import's clock reading, for values a source does not have. */
  readonly now: string;
}

export interface NormalizedRecord {
  readonly record: ImportRecord;
  readonly type: string;
  readonly status: string;
  /** Frontmatter fields except id and relations, in Trackdown's key order. */
  readonly fields: Record<string, unknown>;
  body: string;
  readonly created: string;
}

export function normalizeRecord(
  record: ImportRecord,
  ctx: NormalizeContext,
  report: Reporter,
): NormalizedRecord {
  const { config } = ctx;
  const status = ctx.mapStatus(record.status, report);
  const mapped = mapType(config, record.type, report);
  const tags = normalizeTags([...(record.tags ?? []), ...(mapped.tag ? [mapped.tag] : [])], report);
  const { title, rest } = normalizeTitle(record, report);
  const dates = normalizeDates(record, categoryOf(config, status) === "done", ctx.now, report);
  const fields: Record<string, unknown> = {
    type: mapped.type,
    title,
    status,
    priority: mapPriority(record.priority, report) ?? "medium",
    assignee: record.assignee ? plainName(record.assignee.split("\n")[0] ?? "") || undefined : undefined,
    tags,
    sprint: asText(record.sprint),
    estimate: duration("estimate", record.estimate, record, report),
    time_spent: duration("time_spent", record.time_spent, record, report),
    workflow: record.workflow,
    claim: record.claim,
    runs: record.runs,
    ...dates,
    ...record.fields,
  };
  let body = rest ? `${rest}\n\n${record.body.trimStart()}` : record.body;
  const comments = record.comments.map((c) => ({ ...c, at: toIsoUtc(c.at) ?? dates.updated }));
  for (const comment of comments.sort((a, b) => a.at.localeCompare(b.at))) {
    body = appendActivity(body, { ...comment, kind: "comment" });
  }
  return { record, type: mapped.type, status, fields, body, created: dates.created };
}

function normalizeTitle(record: ImportRecord, report: Reporter): { title: string; rest?: string } {
  const raw = record.title?.replace(/\r\n?/g, "\n").trim() ?? "";
  const [line = "", ...more] = raw.split("\n");
  let title = line.trim();
  let rest = more.join("\n").trim() || undefined;
  if (title === "") {
    const fromBody = /^\s*#*\s*(\S[^\n]*)/.exec(record.body)?.[1]?.trim();
    title = fromBody ?? (record.sourceId ? `Imported ${record.sourceId}` : "Untitled");
    report("title", "fixed", "no title", `used "${cutText(title, 60)}"`);
  } else if (rest) {
    report("title", "fixed", "title spans several lines", "kept the first line; the rest opens the body");
  }
  if (title.length > TITLE_MAX) {
    rest = [title, rest].filter(Boolean).join("\n\n");
    title = `${title.slice(0, TITLE_MAX - 3).trimEnd()}...`;
    report(
      "title",
      "fixed",
      `title is longer than ${TITLE_MAX} characters`,
      "cut it; the full title opens the body",
    );
  }
  return rest === undefined ? { title } : { title, rest };
}

function normalizeTags(values: readonly string[], report: Reporter): string[] {
  const tags = values.map((raw) => {
    const tag = raw.trim().replace(/[\s,]+/g, "-");
    if (tag !== raw.trim())
      report("invalid-value", "fixed", `tag "${raw}" holds a space or comma`, `kept as "${tag}"`);
    return tag;
  });
  return [...new Set(tags.filter((t) => t !== ""))];
}

const DATE_KEYS = ["created", "updated", "started", "completed"] as const;
type DateKey = (typeof DATE_KEYS)[number];

function normalizeDates(record: ImportRecord, done: boolean, now: string, report: Reporter) {
  const found: Partial<Record<DateKey, string>> = {};
  for (const key of DATE_KEYS) {
    const raw = record[key];
    if (raw === undefined) continue;
    const iso = toIsoUtc(raw);
    if (iso === undefined) report("invalid-date", "fixed", `${key} "${raw}" is not a date`, "left out");
    else found[key] = iso;
  }
  const known = [found.created, found.updated, found.started, found.completed].filter((d) => d !== undefined);
  const created = found.created ?? known.sort()[0] ?? now;
  if (found.created === undefined) {
    report(
      "missing-date",
      "info",
      "no creation date",
      `used ${created}${created === now ? " (the import time)" : ""}`,
    );
  }
  const updated = found.updated ?? [created, ...known].sort().at(-1) ?? created;
  const completed = found.completed ?? (done ? updated : undefined);
  return { created, updated, started: found.started, completed };
}

const UNIT_WORDS: readonly [RegExp, string][] = [
  [/weeks?|wks?/g, "w"],
  [/days?/g, "d"],
  [/hours?|hrs?/g, "h"],
  [/minutes?|mins?/g, "m"],
];

/** A valid duration (`1h30m`, or hours as a number), or the raw value kept as a custom field. */
function duration(
  key: string,
  value: unknown,
  record: ImportRecord,
  report: Reporter,
): string | number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
  let text = String(value).toLowerCase().replace(/\s+/g, "");
  for (const [words, unit] of UNIT_WORDS) text = text.replace(words, unit);
  if (DURATION_PATTERN.test(text)) return text;
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  record.fields[`source_${key}`] = value;
  report("invalid-value", "fixed", `${key} "${String(value)}" is not a duration`, `kept as "source_${key}"`);
  return undefined;
}

function cutText(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
