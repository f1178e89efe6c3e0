import { TicketFieldsSchema } from "../../core/schema.js";
import type { Data, Picker } from "./generic.js";
import type { ImportRecord, Reporter } from "./types.js";

/**
 * Source fields Trackdown has no field for. Short values stay in the frontmatter as custom keys
 * (names made valid if need be); long or multi-line text moves into the body under its own
 * heading, where it reads better and does not bloat the frontmatter. Empty values are dropped.
 */

/** Text longer than this, or with a line break, goes to the body. */
export const LARGE_TEXT = 200;

const CORE_FIELDS = new Set(Object.keys(TicketFieldsSchema.shape));
const CUSTOM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.every(isEmptyValue);
  if (typeof value === "object") return Object.values(value).every(isEmptyValue);
  return false;
}

/** Keeps every key `pick` did not use, at the top level and inside `metadata`. */
export function keepStrayFields(record: ImportRecord, pick: Picker, report: Reporter): void {
  for (const [key, value] of Object.entries(pick.top)) {
    if (!pick.used.top.has(key)) keepField(record, key, value, report);
  }
  const rest: Data = {};
  for (const [key, value] of Object.entries(pick.meta)) {
    if (!pick.used.meta.has(key) && !isEmptyValue(value)) rest[key] = value;
  }
  if (Object.keys(rest).length > 0) keepField(record, "metadata", rest, report);
}

/** Adds one source field to the record as a custom key, or as a body section. */
export function keepField(record: ImportRecord, key: string, value: unknown, report: Reporter): void {
  if (isEmptyValue(value)) return;
  if (typeof value === "string" && (value.includes("\n") || value.length > LARGE_TEXT)) {
    const heading = headingOf(key);
    record.body = appendSection(record.body, heading, value);
    report(
      "stray-field",
      "fixed",
      `field "${key}" holds long text`,
      `moved into the body under "## ${heading}"`,
    );
    return;
  }
  const name = customName(key);
  if (name !== key) {
    report("stray-field", "fixed", `field "${key}" is not a valid field name here`, `kept as "${name}"`);
  } else {
    report("stray-field", "info", `field "${key}" has no Trackdown equivalent`, "kept as a custom field");
  }
  // defineProperty, not assignment: a field named `__proto__` must stay a field.
  Object.defineProperty(record.fields, name, { value, enumerable: true, writable: true, configurable: true });
}

/** A valid custom key for `key`: core names get a `source_` prefix, odd characters become `_`. */
export function customName(key: string): string {
  if (CORE_FIELDS.has(key)) return `source_${key}`;
  if (CUSTOM_NAME.test(key)) return key;
  const cleaned = key.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "");
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `x_${cleaned || "field"}`;
}

/** `testStrategy` → `Test strategy`, `implementation_notes` → `Implementation notes`. */
export function headingOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Appends `## heading` and `text` to a Markdown body. */
export function appendSection(body: string, heading: string, text: string): string {
  const content = text.replace(/\r\n?/g, "\n").trim();
  const head = body.replace(/\s+$/, "");
  return `${head}${head ? "\n\n" : ""}## ${heading}\n\n${content}\n`;
}
