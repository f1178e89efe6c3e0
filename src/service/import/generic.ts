import { type StepInput, toComments, toWorkflow } from "./generic-values.js";
import { keepStrayFields } from "./stray-fields.js";
import type { ImportRecord, Reporter } from "./types.js";
import { asList, asText, hoursToDuration, plainName } from "./values.js";

/**
 * The field spellings trackers use for the same things (`created_at`, `createdAt`,
 * `created_date`; `labels` for tags; `blocked_by` for dependencies), mapped onto an
 * ImportRecord. Shared by the JSON and Markdown importers; each format first moves its own
 * peculiar keys into place. A `metadata` map is searched too, after the top level.
 */

const SCALAR_ALIASES = {
  sourceId: ["id", "ticket_id", "ticketId", "key", "uid"],
  type: ["type", "ticket_type", "ticketType", "kind", "issue_type", "issueType"],
  title: ["title", "name", "summary", "subject"],
  status: ["status", "state"],
  priority: ["priority"],
  parent: [
    ...["parent", "parent_id", "parentId", "parent_task", "parent_task_id", "parentTaskId", "parent_ticket"],
    ...["issue_id", "issueId", "epic", "epic_id", "epicId"],
  ],
  duplicate_of: ["duplicate_of", "duplicateOf"],
  sprint: ["sprint", "iteration"],
  created: [
    "created",
    "created_at",
    "createdAt",
    "created_date",
    "createdDate",
    "date_created",
    "creation_date",
  ],
  updated: ["updated", "updated_at", "updatedAt", "updated_date", "updatedDate", "modified", "modified_at"],
  started: ["started", "started_at", "startedAt", "start_date"],
  completed: [
    ...[
      "completed",
      "completed_at",
      "completedAt",
      "completed_date",
      "completedDate",
      "closed_at",
      "closedAt",
    ],
    ...["resolved_at", "resolvedAt", "done_at", "merged_at", "mergedAt"],
  ],
  description: ["description", "body", "content"],
  estimate: ["estimate", "time_estimate", "estimated_time", "estimatedTime"],
  estimateHours: ["estimated_hours", "estimatedHours", "estimate_hours"],
  time_spent: ["time_spent", "timeSpent", "logged_time"],
  spentHours: ["actual_hours", "actualHours", "hours_spent", "spent_hours"],
} as const;

const LIST_ALIASES = {
  tags: ["tags", "labels", "categories"],
  assignees: ["assignee", "assignees", "assigned_to", "assignedTo", "owner", "owners"],
  depends_on: ["depends_on", "dependsOn", "dependencies", "blocked_by", "blockedBy"],
  blocks: ["blocks", "blocking"],
  related: [
    ...["related", "related_tickets", "relatedTickets", "related_to", "relates_to", "relatesTo"],
    ...["related_issues", "related_tasks", "related_prs", "closes"],
  ],
  children: ["subtasks", "children", "child_tickets"],
} as const;

export type Data = Record<string, unknown>;

function isPresent(value: unknown): boolean {
  return !(
    value === undefined ||
    value === null ||
    value === "" ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Reads aliases from the top level, then from `metadata`, remembering which keys it used. */
export class Picker {
  readonly used = { top: new Set<string>(), meta: new Set<string>() };

  constructor(
    readonly top: Data,
    readonly meta: Data,
  ) {}

  /** The first present value among `keys`. */
  first(keys: readonly string[]): unknown {
    for (const [source, used] of [
      [this.top, this.used.top],
      [this.meta, this.used.meta],
    ] as const) {
      const key = keys.find((k) => isPresent(source[k]));
      if (key !== undefined) {
        used.add(key);
        return source[key];
      }
    }
    return undefined;
  }

  text(keys: readonly string[]): string | undefined {
    return asText(this.first(keys));
  }

  /**
   * Every list item under any of `keys`, without repeats. A list of maps (embedded tickets
   * under `subtasks`, say) is not a list of IDs: it is left for the stray fields.
   */
  merged(keys: readonly string[]): string[] {
    const items: string[] = [];
    for (const [source, used] of [
      [this.top, this.used.top],
      [this.meta, this.used.meta],
    ] as const) {
      for (const key of keys.filter((k) => isPresent(source[k]) && !isListOfMaps(source[k]))) {
        used.add(key);
        items.push(...asList(source[key]));
      }
    }
    return [...new Set(items)];
  }
}

export interface GenericInput {
  readonly file: string;
  readonly data: Data;
  /** The Markdown body when the source has one; otherwise built from `description`. */
  readonly body?: string | undefined;
  readonly report: Reporter;
}

export function mapGenericRecord(input: GenericInput): ImportRecord {
  const top = withTimeTracking(input.data);
  const pick = new Picker(top, isMap(top.metadata) ? top.metadata : {});
  pick.used.top.add("metadata");
  const assignees = pick
    .merged(LIST_ALIASES.assignees)
    .map(plainName)
    .filter((a) => a !== "");
  const sourceId = pick.text(SCALAR_ALIASES.sourceId);
  const record: ImportRecord = {
    file: input.file,
    sourceId,
    type: pick.text(SCALAR_ALIASES.type),
    title: pick.text(SCALAR_ALIASES.title),
    status: pick.text(SCALAR_ALIASES.status),
    priority: pick.text(SCALAR_ALIASES.priority),
    assignee: assignees[0],
    tags: pick.merged(LIST_ALIASES.tags),
    parent: pick.text(SCALAR_ALIASES.parent),
    children: pick.merged(LIST_ALIASES.children).filter((id) => id !== sourceId),
    depends_on: pick.merged(LIST_ALIASES.depends_on),
    blocks: pick.merged(LIST_ALIASES.blocks),
    related: pick.merged(LIST_ALIASES.related),
    duplicate_of: pick.text(SCALAR_ALIASES.duplicate_of),
    sprint: pick.text(SCALAR_ALIASES.sprint),
    estimate: duration(pick.first(SCALAR_ALIASES.estimate), pick.first(SCALAR_ALIASES.estimateHours)),
    time_spent: duration(pick.first(SCALAR_ALIASES.time_spent), pick.first(SCALAR_ALIASES.spentHours)),
    created: pick.text(SCALAR_ALIASES.created),
    updated: pick.text(SCALAR_ALIASES.updated),
    started: pick.text(SCALAR_ALIASES.started),
    completed: pick.text(SCALAR_ALIASES.completed),
    body: bodyWith(input.body, pick.text(SCALAR_ALIASES.description)),
    comments: toComments(pick.first(["comments"])),
    fields: {},
  };
  const rawWorkflow = pick.first(["workflow", "orchestration"]) as StepInput;
  const workflow = toWorkflow(rawWorkflow, input.report);
  if (workflow !== undefined) record.workflow = workflow;
  else if (rawWorkflow !== undefined) record.fields.source_workflow = rawWorkflow;
  if (assignees.length > 1) record.fields.assignees = assignees;
  keepStrayFields(record, pick, input.report);
  return record;
}

/** The body, with the `description` field in front unless the body already says it. */
function bodyWith(body: string | undefined, description: string | undefined): string {
  if (description === undefined) return body ?? "";
  if (body === undefined || body.trim() === "") return description;
  const words = (text: string) => text.replace(/[\s*_`#>-]+/g, " ").trim();
  return words(body).includes(words(description)) ? body : `${description}\n\n${body.trimStart()}`;
}

/** `time_tracking: { estimate, spent }` (the original system's shape) as plain fields. */
function withTimeTracking(data: Data): Data {
  const tracking = data.time_tracking;
  if (!isMap(tracking)) return data;
  const { estimate, estimated, spent, time_spent, logged, ...rest } = tracking;
  return {
    ...data,
    estimate: data.estimate ?? estimate ?? estimated,
    time_spent: data.time_spent ?? spent ?? time_spent ?? logged,
    time_tracking: rest,
  };
}

function duration(value: unknown, hours: unknown): string | number | undefined {
  if (typeof value === "number" && value >= 0) return value;
  const textValue = asText(value);
  if (textValue !== undefined) return textValue;
  return hoursToDuration(hours);
}

function isListOfMaps(value: unknown): boolean {
  return Array.isArray(value) && value.some((item) => isMap(item) && !("name" in item || "login" in item));
}

export function isMap(value: unknown): value is Data {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
