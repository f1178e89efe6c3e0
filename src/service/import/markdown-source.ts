import { readSourceMarkdown } from "./frontmatter.js";
import { type Data, mapGenericRecord } from "./generic.js";
import { extractComments, stripBoilerplate } from "./markdown-body.js";
import type { ImportRecord, ProblemLog, Reporter, SourceFile } from "./types.js";
import { asText } from "./values.js";

/** What the Markdown importers share: reading frontmatter leniently, comments, boilerplate. */

/** Markdown files that are documentation, not tickets. */
const NOT_TICKETS = /(^|\/)(readme|index|changelog|contributing|license)\.md$|(^|\/)templates?\//i;

export function selectMarkdown(files: readonly string[], folders: RegExp): string[] {
  return files.filter((f) => f.toLowerCase().endsWith(".md") && folders.test(f) && !NOT_TICKETS.test(f));
}

export interface MarkdownTicket {
  readonly file: string;
  readonly data: Data;
  /** The body as read; `prepare` may clean it up. */
  body: string;
  readonly report: Reporter;
}

/**
 * Reads one file, lets the format move its own keys into place (`prepare`), and maps the rest
 * with the shared field spellings. Files without frontmatter or without any ticket field are
 * reported and skipped.
 */
export function mapMarkdownFile(
  source: SourceFile,
  log: ProblemLog,
  prepare: (ticket: MarkdownTicket) => Data,
  finish?: (record: ImportRecord, ticket: MarkdownTicket) => void,
): ImportRecord[] {
  const doc = readSourceMarkdown(source.text, log.at(source.file));
  if (!doc) return [];
  const id = ["id", "pr_id", "task_id", "issue_id", "epic_id"].map((k) => asText(doc.data[k])).find(Boolean);
  const report = log.at(source.file, id);
  if (id === undefined && asText(doc.data.title) === undefined) {
    report("not-a-ticket", "info", "frontmatter has neither an ID nor a title", "skipped the file");
    return [];
  }
  const ticket: MarkdownTicket = { file: source.file, data: { ...doc.data }, body: doc.body, report };
  const data = prepare(ticket);
  const { body, comments } = extractComments(stripBoilerplate(ticket.body, asText(data.title)));
  const record = mapGenericRecord({ file: source.file, data, body, report });
  record.comments.push(...comments);
  finish?.(record, ticket);
  return [record];
}

/** `tasks/archive/TSK-1.md` → true: the tool archived it. */
export function inArchive(file: string): boolean {
  return /(^|\/)archived?\//i.test(file);
}

/** Tags a record the source had archived; a live record sharing its ID keeps the ID. */
export function markArchived(record: ImportRecord): void {
  record.archived = true;
  if (!record.tags?.includes("archived")) record.tags = [...(record.tags ?? []), "archived"];
}

/** The type a folder name implies: `epics/` → epic, `prs/` → pr. */
export function folderType(file: string): string | undefined {
  const folders = file.toLowerCase().split("/").slice(0, -1).reverse();
  const known: Record<string, string> = {
    epics: "epic",
    issues: "issue",
    tasks: "task",
    prs: "pr",
    bugs: "bug",
  };
  for (const folder of folders) if (known[folder]) return known[folder];
  return undefined;
}
