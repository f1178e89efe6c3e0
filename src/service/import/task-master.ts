import { isMap } from "./generic.js";
import { parseJson } from "./json.js";
import { appendSection, keepField } from "./stray-fields.js";
import type { ImportRecord, ProblemLog, Reporter, SourceFile, SourceMapper } from "./types.js";
import { asList, asText, toIsoUtc } from "./values.js";

/**
 * Task Master's `tasks.json` (`.taskmaster/tasks/tasks.json`): either tagged lists
 * (`{ "<tag>": { "tasks": [...], "metadata": {...} } }`) or the older `{ "tasks": [...] }`.
 * Task IDs are numbers scoped to their tag, so every ticket gets a new ID and `imported_from`
 * `<tag>/<id>` (subtasks `<tag>/<id>.<n>`). Subtasks become child tickets with `parent`; a
 * subtask's numeric dependency names a sibling subtask when one has that number, else a task;
 * `"3.2"` names subtask 2 of task 3. The tag becomes a Trackdown tag. `details`,
 * `testStrategy` and `acceptanceCriteria` become body sections. Task Master keeps no creation
 * dates: tickets take their tag's.
 */

const CONSUMED = new Set([
  ...["id", "title", "description", "status", "dependencies", "priority", "details", "testStrategy"],
  ...["subtasks", "acceptanceCriteria", "updatedAt", "createdAt", "parentTaskId", "parentId", "parentTask"],
  "isSubtask",
]);

export const taskMasterMapper: SourceMapper = {
  format: "task-master",
  select: (files) =>
    files.length === 1 && files[0]?.toLowerCase().endsWith(".json")
      ? [...files]
      : files.filter((f) => /(^|\/)tasks\.json$/i.test(f)),
  map: mapTasksFile,
};

interface TagList {
  readonly tag: string | undefined;
  readonly tasks: unknown[];
  readonly created?: string | undefined;
  readonly updated?: string | undefined;
}

function mapTasksFile(source: SourceFile, log: ProblemLog): ImportRecord[] {
  const report = log.at(source.file);
  const json = parseJson(source, report);
  if (json === undefined) return [];
  const lists = tagLists(json);
  if (lists.length === 0) {
    report(
      "not-a-ticket",
      "error",
      'no task list (expected "tasks": [...] or tagged lists)',
      "skipped the file",
    );
    return [];
  }
  return lists.flatMap((list) => {
    if (list.created !== undefined && list.tag !== undefined) {
      const message = `Task Master keeps no creation dates for the tasks of tag "${list.tag}"`;
      const created = toIsoUtc(list.created) ?? list.created;
      report("missing-date", "info", message, `dated them by the tag's creation, ${created}`);
    }
    return list.tasks.flatMap((task) => mapTask(source.file, list, task, log));
  });
}

function tagLists(json: unknown): TagList[] {
  if (Array.isArray(json)) return [{ tag: undefined, tasks: json }];
  if (!isMap(json)) return [];
  if (Array.isArray(json.tasks)) return [{ tag: undefined, tasks: json.tasks, ...metaDates(json.metadata) }];
  return Object.entries(json).flatMap(([tag, value]) =>
    isMap(value) && Array.isArray(value.tasks)
      ? [{ tag, tasks: value.tasks, ...metaDates(value.metadata) }]
      : [],
  );
}

function metaDates(meta: unknown): { created?: string; updated?: string } {
  if (!isMap(meta)) return {};
  const created = asText(meta.created);
  const updated = asText(meta.updated) ?? asText(meta.lastModified);
  return { ...(created ? { created } : {}), ...(updated ? { updated } : {}) };
}

function mapTask(file: string, list: TagList, raw: unknown, log: ProblemLog): ImportRecord[] {
  if (!isMap(raw) || asText(raw.id) === undefined) {
    log.at(file)(
      "invalid-record",
      "error",
      `a task of ${list.tag ? `tag "${list.tag}"` : "the list"} has no id`,
      "not imported",
    );
    return [];
  }
  const scope = list.tag === undefined ? "" : `${list.tag}/`;
  const taskId = `${scope}${asText(raw.id)}`;
  const subtasks = Array.isArray(raw.subtasks) ? raw.subtasks.filter(isMap) : [];
  const siblings = new Set(subtasks.map((s) => asText(s.id)));
  const task = toRecord(file, list, raw, taskId, log.at(file, taskId));
  task.depends_on = asList(raw.dependencies).map((dep) => `${scope}${dep}`);
  const children = subtasks.map((sub) => {
    const subId = `${taskId}.${asText(sub.id) ?? "?"}`;
    const record = toRecord(file, list, sub, subId, log.at(file, subId));
    record.parent = taskId;
    record.depends_on = asList(sub.dependencies).map((dep) =>
      dep.includes(".") ? `${scope}${dep}` : siblings.has(dep) ? `${taskId}.${dep}` : `${scope}${dep}`,
    );
    return record;
  });
  return [task, ...children];
}

function toRecord(
  file: string,
  list: TagList,
  raw: Record<string, unknown>,
  id: string,
  report: Reporter,
): ImportRecord {
  let body = asText(raw.description) ?? "";
  const details = asText(raw.details);
  if (details) body = appendSection(body, "Details", details);
  const strategy = asText(raw.testStrategy);
  if (strategy) body = appendSection(body, "Test strategy", strategy);
  const criteria = criteriaOf(raw.acceptanceCriteria);
  if (criteria.length > 0)
    body = appendSection(body, "Acceptance criteria", criteria.map((c) => `- [ ] ${c}`).join("\n"));
  const record: ImportRecord = {
    file,
    sourceId: id,
    type: "task",
    title: asText(raw.title),
    status: asText(raw.status),
    priority: asText(raw.priority),
    tags: list.tag === undefined ? [] : [list.tag],
    created: asText(raw.createdAt) ?? list.created,
    updated: asText(raw.updatedAt) ?? list.updated,
    body,
    comments: [],
    fields: {},
  };
  for (const [key, value] of Object.entries(raw))
    if (!CONSUMED.has(key)) keepField(record, key, value, report);
  return record;
}

/** `acceptanceCriteria` as a list, or as text with one criterion per line (`- ...`). */
function criteriaOf(value: unknown): string[] {
  const lines = Array.isArray(value)
    ? value.map((v) => asText(v) ?? "")
    : (asText(value) ?? "").split(/\r?\n/);
  return lines
    .map((line) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/, "").trim())
    .filter((l) => l !== "");
}
