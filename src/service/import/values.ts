import type { Config } from "../../core/config.js";
import { PRIORITIES, type Priority } from "../../core/schema.js";
import { squash } from "./statuses.js";
import type { Reporter } from "./types.js";

/** Normalising single values from a source: types, priorities, dates, plain strings and lists. */

const TYPE_WORDS: Readonly<Record<string, string>> = {
  epic: "epic initiative theme",
  issue: "issue ticket story userstory",
  task: "task subtask chore job spike research documentation docs refactor todo",
  bug: "bug defect bugfix fix incident problem regression",
  feature: "feature enhancement improvement featurerequest request",
  pr: "pr pullrequest mergerequest mr",
};

const TYPE_OF_WORD = new Map(
  Object.entries(TYPE_WORDS).flatMap(([type, words]) => words.split(" ").map((w) => [w, type] as const)),
);

/**
 * A source type to a type of this project: by name or prefix, then by synonym (`enhancement` →
 * feature, `pull_request` → pr); anything else becomes the default type and keeps its name as a tag.
 */
export function mapType(
  config: Config,
  raw: string | undefined,
  report: Reporter,
): { type: string; tag?: string } {
  const key = squash(raw ?? "");
  if (key === "") return { type: config.default_type };
  for (const [name, def] of Object.entries(config.types)) {
    if (squash(name) === key || squash(def.prefix) === key) return { type: name };
  }
  const synonym = TYPE_OF_WORD.get(key);
  if (synonym !== undefined && synonym in config.types) return { type: synonym };
  const tag = (raw ?? "")
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  report(
    "unknown-type",
    "fixed",
    `type "${raw}" is not a type of this project`,
    `imported as ${config.default_type}, tagged "${tag}"`,
  );
  return { type: config.default_type, tag };
}

const PRIORITY_WORDS: Readonly<Record<Priority, string>> = {
  critical: "critical urgent blocker highest showstopper p0 crit",
  high: "high major important p1 hi",
  medium: "medium normal moderate default p2 med mid",
  low: "low minor trivial lowest p3 p4 lo",
};

const PRIORITY_OF_WORD = new Map(
  Object.entries(PRIORITY_WORDS).flatMap(([p, words]) =>
    words.split(" ").map((w) => [w, p as Priority] as const),
  ),
);

export function mapPriority(raw: unknown, report: Reporter): Priority | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  const key = squash(String(raw));
  const found = PRIORITY_OF_WORD.get(key);
  if (found !== undefined) return found;
  report(
    "unknown-priority",
    "fixed",
    `priority "${String(raw)}" is not one of ${PRIORITIES.join(", ")}`,
    'set to "medium"',
  );
  return "medium";
}

/**
 * A source date to an ISO-8601 UTC timestamp without fractions (`2025-07-21T09:30:59Z`). Dates
 * without a zone are taken as UTC; date-only values as midnight UTC; numbers as epoch seconds
 * (or milliseconds when large). Undefined when there is no value or it is not a date.
 */
export function toIsoUtc(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === "") return undefined;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw) || raw <= 0) return undefined;
    return iso(new Date(raw > 1e11 ? raw : raw * 1000));
  }
  if (typeof raw !== "string") return undefined;
  const text = raw.trim();
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i.exec(
      text,
    );
  if (match) {
    const [, y, mo, d, h = "00", mi = "00", s = "00", zone] = match;
    const offset = zone === undefined || zone.toUpperCase() === "Z" ? "Z" : zoneOffset(zone);
    return iso(new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`));
  }
  // Other spellings a tool may write (RFC 2822, `Jul 21, 2025`): what the platform parses.
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) || !/\d{4}/.test(text) ? undefined : iso(new Date(parsed));
}

function zoneOffset(zone: string): string {
  const digits = zone.replace(":", "");
  return `${digits.slice(0, 3)}:${digits.slice(3, 5) || "00"}`;
}

function iso(date: Date): string | undefined {
  const time = date.getTime();
  if (Number.isNaN(time)) return undefined;
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A trimmed non-empty string from a string, number or boolean. */
export function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/**
 * A list of strings from a list, a single value, or a comma-separated string. Items that are
 * objects give their name (`[{ "name": "bug" }]`, as GitHub writes labels and assignees).
 */
export function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [value];
  return items.flatMap((item) => {
    const text = asText(isNamed(item) ? (item.name ?? item.login ?? item.title ?? item.id) : item);
    return text === undefined ? [] : [text];
  });
}

function isNamed(value: unknown): value is Record<"name" | "login" | "title" | "id", unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Hours as a Trackdown duration (`1.5` → `1h30m`); undefined for anything else. */
export function hoursToDuration(value: unknown): string | undefined {
  const hours = typeof value === "string" ? Number(value) : value;
  if (typeof hours !== "number" || !Number.isFinite(hours) || hours <= 0) return undefined;
  const minutes = Math.round(hours * 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}` || undefined;
}

/** The value without a leading `@` (`@codex` → `codex`): Trackdown names agents plainly. */
export function plainName(value: string): string {
  return value.trim().replace(/^@+/, "");
}
