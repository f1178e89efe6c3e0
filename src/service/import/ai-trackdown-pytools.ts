import { isMap } from "./generic.js";
import {
  folderType,
  inArchive,
  type MarkdownTicket,
  mapMarkdownFile,
  markArchived,
  selectMarkdown,
} from "./markdown-source.js";
import type { SourceMapper } from "./types.js";
import { asText } from "./values.js";

/**
 * ai-trackdown's Python tool (ai-trackdown-pytools): `tasks/{epics,issues,tasks,prs}/<ID>.md`
 * (archived ones under `archive/`), frontmatter with `id`, `status`, `assignees`, `labels`,
 * `created_at`/`updated_at`, `estimated_hours`/`actual_hours`, `dependencies`, `parent` and a
 * `metadata` map that holds more relations (`epic`, `blocks`, `blocked_by`, `relates_to`,
 * `closes`) and dates (`closed_at`, `merged_at`). Comments live in a `## Comments` section.
 * The body's template boilerplate (placeholders, the generated `## Details` list) is dropped.
 */

const FOLDERS = /(^|\/)(epics|issues|tasks|prs|bugs|projects|ep|iss|tsk|pr)\//i;

export const pytoolsMapper: SourceMapper = {
  format: "ai-trackdown-pytools",
  select: (files) => selectMarkdown(files, FOLDERS),
  map: (source, log) =>
    mapMarkdownFile(source, log, prepare, (record, ticket) => {
      if (inArchive(ticket.file)) markArchived(record);
    }),
};

function prepare({ data, file }: MarkdownTicket): Record<string, unknown> {
  const meta = isMap(data.metadata) ? data.metadata : {};
  // The ID's prefix names the type (`EP-0001`); metadata.type is the tool's own guess.
  if (asText(data.type) === undefined) {
    data.type = prefixOf(asText(data.id)) ?? folderType(file) ?? asText(meta.type);
  }
  // A count the tool derives from the comments, which come over themselves.
  if (isMap(data.metadata)) {
    const { comment_count: _count, ...rest } = data.metadata;
    data.metadata = rest;
  }
  return data;
}

function prefixOf(id: string | undefined): string | undefined {
  return id === undefined ? undefined : /^([A-Za-z]+)-/.exec(id)?.[1];
}
