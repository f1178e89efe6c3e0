import { invalidInput } from "../../core/errors.js";
import { isInterchangeDocument } from "../interchange.js";
import { splitFrontmatter } from "./frontmatter.js";
import { isMap } from "./generic.js";
import { SOURCE_FORMATS, type SourceFormat } from "./types.js";

/**
 * `--from auto`: tells the source format from the files' names and a look at one or two of
 * them. When nothing fits, the error lists the formats to pick from.
 */

export function detectFormat(files: readonly string[], peek: (file: string) => string): SourceFormat {
  const json = files.filter((f) => f.toLowerCase().endsWith(".json"));
  const tasksJson = json.find((f) => /(^|\/)tasks\.json$/i.test(f));
  if (tasksJson && looksLikeTaskMaster(parse(peek(tasksJson)))) return "task-master";
  if (files.some((f) => /(^|\/)backlog\/(tasks|completed|drafts)\//i.test(f)) || isBacklogFolder(files)) {
    return "backlog-md";
  }
  const markdown = files.find((f) => /(^|\/)(epics|issues|tasks|prs)\/(.+\/)?[^/]+\.md$/i.test(f));
  if (markdown) {
    const yaml = splitFrontmatter(peek(markdown))?.yaml ?? "";
    if (/^(epic_id|issue_id|task_id|pr_id|created_date):/m.test(yaml)) return "ai-trackdown";
    if (/^(id|created_at|assignees):/m.test(yaml)) return "ai-trackdown-pytools";
  }
  const firstJson = json[0];
  if (firstJson !== undefined) {
    const value = parse(peek(firstJson));
    if (isInterchangeDocument(value)) return "trackdown";
    if (looksLikeTaskMaster(value)) return "task-master";
    return "tickets-json";
  }
  throw invalidInput(
    `Could not tell what format the files are in; name it with --from (accepted: ${SOURCE_FORMATS.join(", ")})`,
    { accepted: [...SOURCE_FORMATS] },
  );
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\ufeff/, ""));
  } catch {
    return undefined;
  }
}

function looksLikeTaskMaster(value: unknown): boolean {
  if (!isMap(value)) return false;
  if (Array.isArray(value.tasks)) return true;
  return Object.values(value).some((v) => isMap(v) && Array.isArray(v.tasks));
}

/** Backlog.md's own folder given directly: `tasks/` beside `config.yml`, files `<id> - <title>.md`. */
function isBacklogFolder(files: readonly string[]): boolean {
  return (
    files.includes("config.yml") &&
    files.some((f) => /^(tasks|completed|drafts)\/[^/]+ - [^/]+\.md$/i.test(f))
  );
}
