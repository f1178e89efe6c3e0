import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Config } from "../../core/config.js";
import { assignIds, type RandomBytes } from "./ids.js";
import { normalizeRecord } from "./normalize.js";
import { resolveRelations } from "./relations.js";
import { memoizedFieldRenderer, type PlannedTicket, type RenderContext, renderRecord } from "./render.js";
import { createStatusMapper } from "./statuses.js";
import { type ImportProblem, type ImportRecord, ProblemLog, type SourceFormat } from "./types.js";

/**
 * Plans an import completely before anything is written: normalises every record, assigns IDs,
 * rewrites references and renders and validates every file. With `skipInvalid`, records that
 * cannot become valid tickets are dropped and the rest planned again, so that references to
 * them are reported as dangling instead of pointing nowhere.
 */

export interface PlanContext {
  readonly config: Config;
  readonly root: string;
  readonly format: SourceFormat;
  readonly actor: string;
  readonly now: string;
  /** ID keys (upper case) of the project's tickets. */
  readonly existing: ReadonlySet<string>;
  readonly statusMap: ReadonlyMap<string, string>;
  readonly randomBytes: RandomBytes;
  readonly skipInvalid: boolean;
}

export interface ImportPlan {
  readonly tickets: PlannedTicket[];
  readonly problems: ImportProblem[];
  /** Records that cannot be imported (reported as errors). */
  readonly failed: number;
}

export function planImport(records: readonly ImportRecord[], plan: PlanContext): ImportPlan {
  const ctx = { ...plan, renderField: memoizedFieldRenderer() };
  const first = planOnce(records, ctx);
  if (first.failed.size === 0 || !ctx.skipInvalid) {
    return { tickets: first.tickets, problems: first.log.problems, failed: first.failed.size };
  }
  const errors = first.log.problems.filter((p) => p.severity === "error");
  const second = planOnce(
    records.filter((_, i) => !first.failed.has(i)),
    ctx,
  );
  return {
    tickets: second.tickets,
    problems: [...errors, ...second.log.problems],
    failed: first.failed.size + second.failed.size,
  };
}

function planOnce(records: readonly ImportRecord[], ctx: PlanContext & RenderContext) {
  const log = new ProblemLog();
  const mapStatus = createStatusMapper(ctx.config, ctx.statusMap);
  const normalized = records.map((record) =>
    normalizeRecord(
      record,
      { config: ctx.config, mapStatus, now: ctx.now },
      log.at(record.file, record.sourceId),
    ),
  );
  const assignment = assignIds(normalized, ctx.config, ctx.existing, ctx.randomBytes, log);
  const relations = resolveRelations(normalized, assignment, ctx.existing, log);
  const failed = new Set<number>();
  const tickets: PlannedTicket[] = [];
  normalized.forEach((n, i) => {
    const report = log.at(n.record.file, n.record.sourceId);
    const id = assignment.ids[i] ?? "";
    const links = relations[i] ?? { depends_on: [], blocks: [], related: [], unresolved: {} };
    const planned = renderRecord(n, id, links, assignment.importedFrom[i], ctx, report);
    if (planned !== undefined && existsSync(join(ctx.root, planned.path))) {
      report("file-exists", "error", `${planned.path} already exists`, "not imported");
      failed.add(i);
    } else if (planned === undefined) failed.add(i);
    else tickets.push(planned);
  });
  return { tickets, log, failed };
}
