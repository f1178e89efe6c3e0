import { type WorkflowStep, WorkflowStepSchema } from "../../core/schema.js";
import type { ImportComment, Reporter } from "./types.js";
import { asText, plainName, toIsoUtc } from "./values.js";

/** Comments and agent workflows as JSON trackers store them. */

const AUTHOR_KEYS = ["author", "user", "by", "created_by", "createdBy", "username", "name", "agent"];
const TEXT_KEYS = ["text", "content", "body", "message", "comment"];
const DATE_KEYS = ["created_at", "createdAt", "timestamp", "date", "at", "created", "time"];

/** Comments: a list of strings or of objects with an author, a text and a date in any spelling; or one string. */
export function toComments(value: unknown): ImportComment[] {
  if (typeof value === "string") return toComments([value]);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): ImportComment[] => {
    if (typeof item === "string") return item.trim() ? [{ author: "unknown", at: "", text: item }] : [];
    if (typeof item !== "object" || item === null) return [];
    const data = item as Record<string, unknown>;
    const pick = (keys: string[]) => keys.map((k) => data[k]).find((v) => v !== undefined && v !== null);
    const text = asText(pick(TEXT_KEYS));
    if (text === undefined) return [];
    const author = authorName(pick(AUTHOR_KEYS)) ?? "unknown";
    const at = pick(DATE_KEYS);
    return [{ author, at: typeof at === "number" ? (toIsoUtc(at) ?? "") : (asText(at) ?? ""), text }];
  });
}

function authorName(value: unknown): string | undefined {
  if (typeof value === "object" && value !== null) {
    const named = value as Record<string, unknown>;
    return authorName(named.name ?? named.login ?? named.username);
  }
  const text = asText(value);
  return text === undefined ? undefined : plainName(text);
}

export type StepInput = unknown;

/**
 * A workflow: Trackdown's own steps, a list of agent names (the original system's
 * `orchestrate_workflow(id, ["Research Agent", ...])`), or `{ agents: [...] }`.
 */
export function toWorkflow(value: StepInput, report: Reporter): WorkflowStep[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value)
    ? value
    : typeof value === "object" && Array.isArray((value as { agents?: unknown }).agents)
      ? ((value as { agents: unknown[] }).agents ?? [])
      : undefined;
  const steps = list?.map((step) => (typeof step === "string" ? { agent: step } : step));
  const parsed = steps === undefined ? undefined : WorkflowStepSchema.array().safeParse(steps);
  if (parsed?.success) return parsed.data.length > 0 ? parsed.data : undefined;
  report(
    "invalid-value",
    "fixed",
    "workflow is not a list of agent steps",
    'kept as custom field "source_workflow"',
  );
  return undefined;
}
