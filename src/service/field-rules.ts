import type { Config } from "../core/config.js";
import { invalidInput } from "../core/errors.js";
import { TITLE_MAX, TicketFieldsSchema } from "../core/schema.js";
import type { ListChange } from "./inputs.js";

/** Checks and normalisations shared by create and update; each error names value and rule. */

export function normalizeType(config: Config, value: string): string {
  const key = value.trim().toLowerCase();
  if (Object.hasOwn(config.types, key)) return key;
  const byPrefix = Object.entries(config.types).find(([, def]) => def.prefix.toLowerCase() === key);
  if (byPrefix) return byPrefix[0];
  throw invalidInput(`Unknown type "${value}"; accepted: ${Object.keys(config.types).join(", ")}`, {
    value,
    accepted: Object.keys(config.types),
  });
}

export function normalizeTitle(value: string): string {
  const title = value.trim();
  if (title === "") throw invalidInput("Title must not be empty", { field: "title" });
  if (/[\r\n]/.test(title)) throw invalidInput("Title must be one line", { field: "title", value: title });
  // Tabs and other control characters would break tab-separated output and terminals.
  if ([...title].some((ch) => ch < " " || ch === "\u007f")) {
    throw invalidInput("Title must not contain tabs or control characters", { field: "title", value: title });
  }
  if (title.length > TITLE_MAX) {
    throw invalidInput(`Title is ${title.length} characters; at most ${TITLE_MAX} are accepted`, {
      field: "title",
    });
  }
  return title;
}

/** Bodies are Markdown text: refuse binary content and anything over the configured size. */
export function checkBody(config: Config, body: string): string {
  if (body.includes("\0") || body.includes("\uFFFD")) {
    throw invalidInput("Body looks like binary data (NUL or invalid UTF-8); tickets hold Markdown text", {
      field: "body",
    });
  }
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > config.limits.body_bytes) {
    throw invalidInput(
      `Body is ${bytes} bytes; at most ${config.limits.body_bytes} are accepted (limits.body_bytes)`,
      {
        field: "body",
        bytes,
        limit: config.limits.body_bytes,
      },
    );
  }
  return body;
}

export function normalizeTags(values: readonly string[]): string[] {
  const tags = values.map((t) => t.trim()).filter((t) => t !== "");
  for (const tag of tags) {
    if (/[\s,]/.test(tag))
      throw invalidInput(`Tag "${tag}" contains a space or comma`, { field: "tags", value: tag });
  }
  return [...new Set(tags)];
}

/** Applies a list change: a plain array replaces; `set`, then `remove`, then `add`. */
export function applyListChange(current: readonly string[], change: ListChange, same = sameText): string[] {
  if (Array.isArray(change)) return [...change];
  let next = change.set ? [...change.set] : [...current];
  if (change.remove) next = next.filter((value) => !change.remove?.some((r) => same(r, value)));
  for (const value of change.add ?? []) if (!next.some((v) => same(v, value))) next.push(value);
  return next;
}

const sameText = (a: string, b: string): boolean => a === b;

const KNOWN_FIELDS = new Set(Object.keys(TicketFieldsSchema.shape));

/** Custom keys must not shadow a core field (those have their own typed options). */
export function checkCustomFields(fields: Record<string, unknown>): void {
  for (const key of Object.keys(fields)) {
    if (KNOWN_FIELDS.has(key)) {
      throw invalidInput(`"${key}" is a core field; set it with its own option, not as a custom field`, {
        field: key,
      });
    }
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      throw invalidInput(
        `Custom field name "${key}" must start with a letter and hold letters, digits, _ . -`,
        {
          field: key,
        },
      );
    }
  }
}
