import { stripMarkers } from "./markdown-body.js";
import {
  inArchive,
  type MarkdownTicket,
  mapMarkdownFile,
  markArchived,
  selectMarkdown,
} from "./markdown-source.js";
import type { ImportRecord, ProblemLog, SourceMapper } from "./types.js";
import { asText, plainName } from "./values.js";

/**
 * Backlog.md: `backlog/tasks/` (open work), `completed/`, `drafts/` and `archive/{tasks,drafts}/`,
 * one `<id> - <Title>.md` per task. Frontmatter: `id` (`task-12`, `BACK-222.1` for subtasks),
 * `status` (`To Do`, `In Progress`, `Done`, or the project's own), `assignee` (a list of
 * `@names`), `labels`, `dependencies`, `parent_task_id`, `created_date`/`updated_date` in local
 * `yyyy-mm-dd hh:mm`, plus `milestone`, `ordinal`, `references` and the like. Its body carries
 * `<!-- SECTION:...:BEGIN -->` markers and numbered checkboxes (`- [ ] #1 ...`), both cleaned up.
 * Milestone, decision and doc files are not tasks and are not read.
 */

const FOLDERS = /(^|\/)(tasks|completed|drafts|archive\/tasks|archive\/drafts)\/[^/]+$/i;

export const backlogMapper: SourceMapper = {
  format: "backlog-md",
  select: (files) => selectMarkdown(files, FOLDERS),
  link: linkByNumber,
  map: (source, log) =>
    mapMarkdownFile(source, log, prepare, (record, ticket) => {
      if (isDraft(ticket.file)) record.tags = [...(record.tags ?? []), "draft"];
      if (inArchive(ticket.file)) markArchived(record);
    }),
};

function isDraft(file: string): boolean {
  return /(^|\/)drafts\//i.test(file);
}

function prepare(ticket: MarkdownTicket): Record<string, unknown> {
  const { data, file } = ticket;
  if (asText(data.status) === undefined) {
    if (/(^|\/)completed\//i.test(file)) data.status = "Done";
    else if (isDraft(file)) data.status = "Draft";
  }
  const reporter = asText(data.reporter);
  if (reporter !== undefined) data.reporter = plainName(reporter);
  ticket.body = stripMarkers(ticket.body);
  return data;
}

/**
 * Backlog.md matches task IDs by number, whatever the prefix (`task-100` names `BACK-100` after
 * the project changed its `task_prefix`), with or without zero padding (`273.05` = `273.5`) and
 * as a bare number (`345`).
 * References spelled so are rewritten to the ID the task has; drafts are numbered apart.
 */
function linkByNumber(records: ImportRecord[], log: ProblemLog): void {
  const byNumber = new Map<string, string>();
  const exact = new Set<string>();
  for (const record of records) {
    if (record.sourceId === undefined) continue;
    exact.add(record.sourceId.toUpperCase());
    const key = numberKey(record.sourceId);
    if (key !== undefined && !byNumber.has(key)) byNumber.set(key, record.sourceId);
  }
  for (const record of records) {
    const report = log.at(record.file, record.sourceId);
    const fix = (ref: string): string => {
      if (exact.has(ref.toUpperCase())) return ref;
      const key = numberKey(ref);
      const target = key === undefined ? undefined : byNumber.get(key);
      if (target === undefined) return ref;
      report(
        "reference-spelling",
        "info",
        `reference "${ref}" is spelled differently from the ID`,
        `read as ${target}`,
      );
      return target;
    };
    if (record.parent !== undefined) record.parent = fix(record.parent);
    for (const field of ["depends_on", "blocks", "related", "children"] as const) {
      record[field] = record[field]?.map(fix);
    }
  }
}

function numberKey(id: string): string | undefined {
  const match = /^(?:([A-Za-z]+)-)?(\d+(?:\.\d+)*)$/.exec(id.trim());
  if (!match?.[2]) return undefined;
  const number = match[2]
    .split(".")
    .map((part) => String(Number.parseInt(part, 10)))
    .join(".");
  return `${match[1]?.toLowerCase() === "draft" ? "draft" : "task"}:${number}`;
}
