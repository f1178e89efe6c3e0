import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument, stringify } from "yaml";
import { z } from "zod";
import { invalidInput } from "../core/errors.js";
import { TimestampSchema } from "../core/schema.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import type { ProjectPaths } from "../store/project.js";

/**
 * `.trackdown/sprints.yaml`: the sprint definitions, committed with the tickets. Written by
 * `trackdown sprint` atomically (comments in it are not kept), separate from config.yaml so
 * that file stays as people wrote it.
 */

export const SPRINT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const DateSchema = z
  .string()
  .regex(DATE, "must be a date like 2026-01-05")
  .refine(isRealDate, "is not a date in the calendar");

export const SprintSchema = z.object({
  name: z.string().regex(SPRINT_NAME, "must be letters, digits, . _ - (it is used in queries: sprint:NAME)"),
  start: DateSchema,
  end: DateSchema,
  goal: z.string().optional(),
  created: TimestampSchema.optional(),
  closed: TimestampSchema.optional(),
  closed_by: z.string().optional(),
  /** Unfinished tickets moved to the next sprint when this one closed. */
  carried_over: z.object({ to: z.string(), tickets: z.array(z.string()) }).optional(),
});
export type Sprint = z.infer<typeof SprintSchema>;

const SprintsFileSchema = z.object({ sprints: z.array(SprintSchema).default([]) });

const HEADER = `# Sprints of this project, written by "trackdown sprint" (create, close). Committed.
# Tickets join a sprint through their "sprint" field; "sprint:current" is the sprint whose dates
# contain today.
`;

export function sprintsFile(paths: ProjectPaths): string {
  return join(paths.dotDir, "sprints.yaml");
}

/** The sprints, in file order; none when the file does not exist. */
export function readSprints(paths: ProjectPaths): Sprint[] {
  const file = sprintsFile(paths);
  if (!existsSync(file)) return [];
  const doc = parseDocument(readFileSync(file, "utf8"));
  const problem = doc.errors[0];
  if (problem) throw invalidInput(`Malformed ${file}: ${problem.message}`, { file });
  const parsed = SprintsFileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw invalidInput(`Invalid ${file}: ${issues.join("; ")}`, { file, issues });
  }
  return parsed.data.sprints;
}

export async function writeSprints(paths: ProjectPaths, sprints: readonly Sprint[]): Promise<void> {
  await writeFileAtomic(sprintsFile(paths), `${HEADER}${stringify({ sprints }, { lineWidth: 0 })}`);
}

function isRealDate(text: string): boolean {
  const [y, m, d] = text.split("-").map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The calendar date of `now` where this machine is (a sprint day is a local day). */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export type SprintState = "planned" | "active" | "ended" | "closed";

export function sprintState(sprint: Sprint, today: string): SprintState {
  if (sprint.closed) return "closed";
  if (today < sprint.start) return "planned";
  return today > sprint.end ? "ended" : "active";
}

/**
 * The sprint whose dates contain `today`. If several do, an open one wins over a closed one,
 * then the one that started last.
 */
export function currentSprint(sprints: readonly Sprint[], today: string): Sprint | undefined {
  return sprints
    .filter((s) => s.start <= today && today <= s.end)
    .sort(
      (a, b) => Number(Boolean(a.closed)) - Number(Boolean(b.closed)) || b.start.localeCompare(a.start),
    )[0];
}
