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
 * ai-trackdown (the TypeScript CLI): `tasks/{epics,issues,tasks,prs}/` with one Markdown file
 * per item. Each kind names its own ID (`epic_id`, `issue_id`, `task_id`, `pr_id`) and its
 * ancestors (a task carries `issue_id` and `epic_id`); `state` supersedes the legacy `status`
 * and a PR's `pr_status` says more than either; dates are `created_date`/`updated_date`;
 * `related_issues`, `related_tasks`, `blocked_by` and friends are relations. Older files use
 * `id`, `epic`, `created` and `labels`, which the shared spellings cover.
 */

const FOLDERS = /(^|\/)(epics|issues|tasks|prs|projects|active|completed)\//i;
const ID_KEYS = ["pr_id", "task_id", "issue_id", "epic_id", "project_id"] as const;
const KIND_OF: Record<(typeof ID_KEYS)[number], string> = {
  pr_id: "pr",
  task_id: "task",
  issue_id: "issue",
  epic_id: "epic",
  project_id: "epic",
};
/** Where each kind's parent is named, nearest first; farther ancestors follow from the parent. */
const PARENT_KEYS: Record<string, readonly string[]> = {
  pr: ["issue_id", "epic_id"],
  task: ["parent_task", "issue_id", "epic_id"],
  issue: ["epic_id"],
  epic: [],
};

export const aiTrackdownMapper: SourceMapper = {
  format: "ai-trackdown",
  select: (files) => selectMarkdown(files, FOLDERS),
  map: (source, log) =>
    mapMarkdownFile(source, log, prepare, (record, ticket) => {
      if (inArchive(ticket.file) || asText(ticket.data.status) === "archived") {
        markArchived(record);
      }
    }),
};

function prepare({ data, file }: MarkdownTicket): Record<string, unknown> {
  const own = ID_KEYS.find((key) => asText(data[key]) !== undefined);
  const kind = own === undefined ? undefined : KIND_OF[own];
  if (own !== undefined) {
    data.id ??= data[own];
    delete data[own];
  }
  data.type ??= kind ?? folderType(file);
  const parentKeys = PARENT_KEYS[kind ?? ""] ?? [];
  const parentKey = parentKeys.find((key) => asText(data[key]) !== undefined);
  if (parentKey !== undefined && asText(data.parent) === undefined) data.parent = data[parentKey];
  for (const key of parentKeys) delete data[key];
  const state = asText(data.pr_status) ?? asText(data.state);
  if (state !== undefined) {
    data.status = state;
    delete data.pr_status;
    delete data.state;
  }
  // ai-trackdown's `estimate` counts story points, not hours.
  if (typeof data.estimate === "number") {
    data.story_points = data.estimate;
    delete data.estimate;
  }
  return data;
}
