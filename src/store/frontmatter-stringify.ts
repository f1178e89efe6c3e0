import { Document, isScalar, Scalar, visit } from "yaml";
import { invalidInput } from "../core/errors.js";

/**
 * Writing frontmatter values as YAML text, and refusing values that YAML would not read back
 * as the same data. Pure string work.
 */

/**
 * `compat: yaml-1.1` quotes strings that YAML 1.1 readers (PyYAML, js-yaml 3 / gray-matter, which
 * the trackers we import from use) would read as dates, booleans or numbers: `'2026-01-02T10:00:00Z'`,
 * `'yes'`. The core schema we parse with reads them as strings either way.
 */
const CREATE_OPTIONS = { schema: "core", compat: "yaml-1.1", logLevel: "error" } as const;
const STRINGIFY_OPTIONS = {
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: false,
  singleQuote: true,
};
/** Characters a YAML block scalar cannot carry literally; such strings stay double-quoted. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/** Returns "" for `undefined`: an absent field has no lines. */
export function stringifyField(key: string, value: unknown): string {
  if (value === undefined) return "";
  assertStorable(key, value);
  const doc = new Document(new Map([[key, value]]), CREATE_OPTIONS);
  visit(doc, {
    Seq(_, seq) {
      if (seq.items.every((item) => isScalar(item) && !isMultiline(item.value))) seq.flow = true;
    },
    Scalar(_, scalar) {
      if (isMultiline(scalar.value) && !UNPRINTABLE.test(scalar.value)) scalar.type = Scalar.BLOCK_LITERAL;
    },
  });
  return doc.toString(STRINGIFY_OPTIONS);
}

/**
 * `: value` plus any nested lines, as stringifyField writes them after a key. Block values are
 * indented by a fixed step whatever the key's length, so a one-letter stand-in key gives the
 * same text.
 */
export function stringifyValue(value: unknown): string {
  return stringifyField("k", value).slice(1);
}

function isMultiline(value: unknown): value is string {
  return typeof value === "string" && value.includes("\n");
}

/** Refuses values that YAML would store as something else (Date, undefined in a list, class instances). */
export function assertStorable(path: string, value: unknown): void {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) assertStorable(`${path}[${index}]`, value[index]);
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value))
      if (item !== undefined) assertStorable(`${path}.${key}`, item);
    return;
  }
  const found = value instanceof Date ? "a Date" : value === undefined ? "undefined" : typeof value;
  throw invalidInput(
    `Field "${path}" cannot be stored in frontmatter: got ${found}; accepted are strings, numbers, booleans, null, lists and maps (dates as ISO-8601 strings)`,
    { field: path },
  );
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
