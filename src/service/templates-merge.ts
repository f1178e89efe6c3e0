import { CRITERIA_HEADING } from "../core/body.js";
import { invalidInput } from "../core/errors.js";
import { TicketFieldsSchema } from "../core/schema.js";
import type { CreateInput } from "./inputs.js";

/**
 * How a template fills in a new ticket: its frontmatter gives defaults, its body the skeleton,
 * and whatever the caller says explicitly wins. Lists (tags, relations) are joined; a
 * description goes on top of the skeleton; explicit criteria replace the skeleton's.
 */

export interface Template {
  readonly name: string;
  /** Relative to the project root. */
  readonly path: string;
  /** Create-input fields and custom fields the template sets. */
  readonly defaults: TemplateDefaults;
  /** The body skeleton, `\n`-framed like a composed body. */
  readonly body: string;
}

export type TemplateDefaults = Omit<CreateInput, "title" | "description" | "criteria" | "body" | "template">;

const SCALARS = [
  "type",
  "priority",
  "status",
  "assignee",
  "parent",
  "duplicate_of",
  "sprint",
  "estimate",
] as const;
const LISTS = ["tags", "depends_on", "blocks", "related"] as const;
const CORE = new Set(Object.keys(TicketFieldsSchema.shape));

/** Checks a template's frontmatter: core fields a create can set, plus custom fields. */
export function templateDefaults(data: Record<string, unknown>, file: string): TemplateDefaults {
  const defaults: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  const settable = new Set<string>([...SCALARS, ...LISTS]);
  for (const [key, value] of Object.entries(data)) {
    if (value === null || value === undefined) continue;
    if (settable.has(key))
      defaults[key] = LISTS.includes(key as (typeof LISTS)[number]) ? toList(value) : value;
    else if (CORE.has(key)) {
      throw invalidInput(
        `Template ${file} sets "${key}", which a template cannot set; accepted: ${[...settable].join(", ")} and custom fields`,
        { file, field: key },
      );
    } else fields[key] = value;
  }
  if (Object.keys(fields).length > 0) defaults.fields = fields;
  return defaults as TemplateDefaults;
}

function toList(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `input` with the template's defaults and skeleton filled in under it. */
export function mergeTemplate<T extends CreateInput>(template: Template, input: T): T {
  const merged: Record<string, unknown> = { ...input };
  const defaults = template.defaults as Record<string, unknown>;
  for (const key of SCALARS) merged[key] = input[key] ?? defaults[key];
  for (const key of LISTS) {
    const joined = [...((defaults[key] as string[] | undefined) ?? []), ...(input[key] ?? [])];
    merged[key] = joined.length > 0 ? [...new Set(joined)] : undefined;
  }
  if (template.defaults.fields || input.fields)
    merged.fields = { ...template.defaults.fields, ...input.fields };
  merged.body = input.body ?? fillSkeleton(template.body, input.description, input.criteria);
  delete merged.description;
  delete merged.criteria;
  return merged as T;
}

/** The skeleton with a description put in place of its lead text and criteria replaced. */
export function fillSkeleton(
  skeleton: string,
  description: string | undefined,
  criteria: readonly string[] | undefined,
): string {
  let lines = skeleton.replace(/\r\n?/g, "\n").trim().split("\n");
  const text = description?.replace(/\r\n?/g, "\n").trim();
  if (text) {
    const firstHeading = lines.findIndex((line) => /^#{1,6} /.test(line));
    const rest = firstHeading < 0 ? [] : lines.slice(firstHeading);
    lines = rest.length > 0 ? [text, "", ...rest] : [text];
  }
  if (criteria && criteria.length > 0) lines = replaceCriteria(lines, criteria);
  const joined = lines.join("\n").trim();
  return joined === "" ? "\n" : `\n${joined}\n`;
}

function replaceCriteria(lines: readonly string[], criteria: readonly string[]): string[] {
  const items = criteria.map((c) => `- [ ] ${c}`);
  const start = lines.findIndex((line) => line.trim().toLowerCase() === CRITERIA_HEADING.toLowerCase());
  if (start < 0) return [...lines, "", CRITERIA_HEADING, "", ...items];
  const after = lines.slice(start + 1);
  const next = after.findIndex((line) => /^#{1,2} /.test(line));
  const tail = next < 0 ? [] : ["", ...after.slice(next)];
  return [...lines.slice(0, start + 1), "", ...items, ...tail];
}
