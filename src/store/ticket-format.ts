import { invalidInput, TrackdownError } from "../core/errors.js";
import { editFields, type FieldChanges, locateFields } from "./frontmatter-edit.js";
import { type Frontmatter, locateFrontmatter, readFrontmatter } from "./frontmatter-parse.js";
import { assertStorable, isPlainObject, stringifyField } from "./frontmatter-stringify.js";

export { stringifyField };

/**
 * Ticket files as text: a `---` line, YAML frontmatter, a closing `---` line, the Markdown body.
 * Updates edit only the lines of the fields that change, so comments, blank lines, key order,
 * quoting and unknown keys survive and git diffs stay one line wide (DESIGN §3). Pure string work.
 */

export interface TicketDocument {
  readonly text: string;
  readonly data: Record<string, unknown>;
  readonly body: string;
}

export interface TicketChanges {
  set?: Record<string, unknown>;
  unset?: readonly string[];
  body?: string;
}

interface Plan extends FieldChanges {
  readonly result: Record<string, unknown>;
}

export function parseTicketText(text: string): TicketDocument {
  const layout = locateFrontmatter(text);
  const { data } = readFrontmatter(text.slice(layout.yamlStart, layout.yamlEnd));
  return { text, data, body: text.slice(layout.bodyStart) };
}

export function updateTicketText(doc: TicketDocument, changes: TicketChanges): string {
  const { text } = doc;
  const layout = locateFrontmatter(text);
  const frontmatter = readFrontmatter(text.slice(layout.yamlStart, layout.yamlEnd));
  const plan = planChanges(frontmatter.data, changes);
  const bodyChanged = changes.body !== undefined && changes.body !== text.slice(layout.bodyStart);
  if (plan.set.size === 0 && plan.unset.size === 0 && !bodyChanged) return text;
  const source =
    plan.set.size + plan.unset.size === 0 ? frontmatter.source : rewriteYaml(frontmatter, plan, layout.eol);
  let closing = text.slice(layout.yamlEnd, layout.bodyStart);
  const body = changes.body ?? text.slice(layout.bodyStart);
  // A file that ends right after `---` needs a line break before a body is added.
  if (body !== "" && !closing.endsWith("\n")) closing += layout.eol;
  return text.slice(0, layout.yamlStart) + source + closing + body;
}

export function renderTicketText(data: Record<string, unknown>, body: string): string {
  const fields = Object.entries(data).map(([key, value]) => stringifyField(key, value));
  return `---\n${fields.join("")}---\n${body}`;
}

/** Keeps only the changes that change something; `result` is the data the new text must hold. */
function planChanges(data: Record<string, unknown>, changes: TicketChanges): Plan {
  const set = new Map<string, unknown>();
  const unset = new Set<string>();
  const result = { ...data };
  for (const key of changes.unset ?? []) {
    if (changes.set && Object.hasOwn(changes.set, key) && changes.set[key] !== undefined) {
      throw invalidInput(`Field "${key}" is both set and unset; pick one`, { field: key });
    }
    if (Object.hasOwn(data, key)) unset.add(key);
  }
  for (const [key, value] of Object.entries(changes.set ?? {})) {
    if (value === undefined) {
      if (Object.hasOwn(data, key)) unset.add(key);
    } else if (!Object.hasOwn(data, key) || !deepEqual(data[key], value)) {
      assertStorable(key, value);
      set.set(key, value);
    }
  }
  for (const key of unset) delete result[key];
  // defineProperty, not assignment: a field named `__proto__` must stay a field.
  for (const [key, value] of set)
    Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
  return { set, unset, result };
}

/**
 * Edits the changed fields' lines in place. If that cannot be done faithfully (a flow mapping,
 * explicit `?` keys, an alias whose anchor was rewritten) the fields are written afresh instead:
 * correct data beats a small diff. Either way the new YAML is re-read and compared.
 */
function rewriteYaml(frontmatter: Frontmatter, plan: Plan, eol: string): string {
  const fields = locateFields(frontmatter);
  if (fields) {
    const edited = editFields(frontmatter.source, fields, plan, eol);
    if (holdsData(edited, plan.result)) return edited;
  }
  const rendered = Object.entries(plan.result)
    .map(([key, value]) => stringifyField(key, value))
    .join("");
  const fresh = eol === "\n" ? rendered : rendered.replaceAll("\n", eol);
  if (holdsData(fresh, plan.result)) return fresh;
  throw new TrackdownError("INTERNAL", "Frontmatter could not be written so that it reads back the same", {
    fields: [...plan.set.keys()],
  });
}

function holdsData(source: string, expected: Record<string, unknown>): boolean {
  try {
    return deepEqual(readFrontmatter(source).data, expected);
  } catch {
    // The text we produced does not parse: the caller falls back to a full render.
    return false;
  }
}

/** Data equality as YAML sees it: map key order and `undefined` properties do not count. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => deepEqual(item, b[index]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  return (
    keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]))
  );
}
