import { existsSync, readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { invalidInput, notFound, TrackdownError } from "../core/errors.js";
import { parseTicketText } from "../store/ticket-format.js";
import { type CreateInput, CreateInputSchema } from "./inputs.js";
import type { Project } from "./project.js";
import { DEFAULT_TEMPLATES } from "./templates-defaults.js";
import { mergeTemplate, type Template, templateDefaults } from "./templates-merge.js";

/**
 * Ticket templates: `.trackdown/templates/<name>.md`, a frontmatter of defaults and a body
 * skeleton. `create --template bug` fills a new ticket from one; explicit input wins.
 */

export type { Template };

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

function templatePath(project: Project, name: string): string {
  return join(project.paths.templatesDir, `${name}.md`);
}

export interface TemplateEntry {
  readonly name: string;
  readonly path: string;
  readonly template?: Template;
  /** Why the file cannot be used, when it cannot. */
  readonly error?: string;
}

/** Every template of the project, by name; a broken one is listed with its problem. */
export function listTemplates(project: Project): TemplateEntry[] {
  return listNames(project).map((name) => {
    const path = `.trackdown/templates/${name}.md`;
    if (!NAME.test(name)) return { name, path, error: "the name must be lower-case letters, digits, - or _" };
    try {
      return { name, path, template: loadTemplate(project, name) };
    } catch (error) {
      if (!(error instanceof TrackdownError)) throw error;
      return { name, path, error: error.message };
    }
  });
}

export function loadTemplate(project: Project, name: string): Template {
  const key = name.trim().toLowerCase();
  const file = templatePath(project, key);
  if (!NAME.test(key) || !existsSync(file)) {
    const known = listNames(project);
    throw notFound(
      `No template "${name}"; ${known.length > 0 ? `available: ${known.join(", ")}` : "the project has none"} (files in .trackdown/templates/)`,
      { value: name, accepted: known },
    );
  }
  const text = readFileSync(file, "utf8");
  const rel = `.trackdown/templates/${key}.md`;
  const doc = /^\uFEFF?---[ ]*\r?\n/.test(text) ? parseTicketText(text) : { data: {}, body: text };
  const defaults = templateDefaults(doc.data, rel);
  const check = CreateInputSchema.safeParse({ title: "template check", ...defaults });
  if (!check.success) {
    const issues = check.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw invalidInput(`Template ${rel} has invalid defaults: ${issues.join("; ")}`, { file: rel, issues });
  }
  const body = doc.body.replace(/\r\n?/g, "\n").trim();
  return { name: key, path: rel, defaults, body: body === "" ? "\n" : `\n${body}\n` };
}

function listNames(project: Project): string[] {
  try {
    return readdirSync(project.paths.templatesDir)
      .filter((file) => file.endsWith(".md"))
      .map((file) => file.slice(0, -3))
      .sort();
  } catch {
    return [];
  }
}

/** The create input with the named template merged under it; without a template, unchanged. */
export function withTemplate<T extends CreateInput>(project: Project, input: T): T {
  if (input.template === undefined) return input;
  const { template, ...rest } = input;
  return mergeTemplate(loadTemplate(project, template), rest as T);
}

/** Writes the default templates (bug, feature, task, epic) that do not exist yet. */
export async function installDefaultTemplates(dir: string, created: string[]): Promise<void> {
  for (const [name, text] of Object.entries(DEFAULT_TEMPLATES)) {
    const file = join(dir, `${name}.md`);
    if (existsSync(file)) continue;
    try {
      await writeFile(file, text, { flag: "wx" });
      created.push(file);
    } catch (error) {
      // Created by someone else a moment ago: theirs stays.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}
