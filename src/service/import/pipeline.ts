import { randomBytes as cryptoRandomBytes } from "node:crypto";
import { invalidInput, notFound } from "../../core/errors.js";
import { withLock } from "../../store/locks.js";
import { resolveTicketPath, statOf } from "../../store/ticket-files.js";
import type { TicketService } from "../ticket-service.js";
import { nowIso } from "../ticket-writer.js";
import { aiTrackdownMapper } from "./ai-trackdown.js";
import { pytoolsMapper } from "./ai-trackdown-pytools.js";
import { backlogMapper } from "./backlog-md.js";
import { detectFormat } from "./detect.js";
import type { RandomBytes } from "./ids.js";
import { openJournal, type RecoveredImport, recoverImports } from "./journal.js";
import { type ImportPlan, planImport } from "./plan.js";
import { listSource, readSourceText } from "./source-files.js";
import { parseStatusMap } from "./statuses.js";
import { taskMasterMapper } from "./task-master.js";
import { ticketsJsonMapper } from "./tickets-json.js";
import { trackdownMapper } from "./trackdown.js";
import {
  type ImportProblem,
  type ImportRecord,
  ProblemLog,
  SOURCE_FORMATS,
  type SourceFormat,
  type SourceMapper,
} from "./types.js";
import { type WriteIO, writeAllOrNothing } from "./write.js";

/**
 * `import`: reads another tracker's files (or a Trackdown export), maps them, plans the whole
 * import and only then writes it, all or nothing, under the project's import lock. A dry run
 * stops after planning. The report lists every ticket and every problem with what was done.
 */

export const MAPPERS: Readonly<Record<SourceFormat, SourceMapper>> = {
  trackdown: trackdownMapper,
  "ai-trackdown": aiTrackdownMapper,
  "ai-trackdown-pytools": pytoolsMapper,
  "tickets-json": ticketsJsonMapper,
  "backlog-md": backlogMapper,
  "task-master": taskMasterMapper,
};

export interface ImportOptions {
  /** The source format; `auto` (the default) tells it from the files. */
  readonly from?: SourceFormat | "auto" | undefined;
  /** Plan and report, write nothing. */
  readonly dryRun?: boolean | undefined;
  /** `old=new` pairs overriding how source states map to this project's statuses. */
  readonly mapStatus?: readonly string[] | undefined;
  /** Import the valid records even when some cannot be imported (default: refuse). */
  readonly skipInvalid?: boolean | undefined;
  /** Where a relative path starts (default: the process's working directory). */
  readonly cwd?: string | undefined;
  /** Injected for tests: ID randomness and file writing. */
  readonly randomBytes?: RandomBytes | undefined;
  readonly io?: WriteIO | undefined;
  /** Aborting before or while writing removes whatever was written: nothing is imported. */
  readonly signal?: AbortSignal | undefined;
}

export interface ImportedTicket {
  readonly id: string;
  readonly source_id?: string | undefined;
  /** The source file it came from. */
  readonly file: string;
  /** Where it is (or would be) in this project. */
  readonly path: string;
  readonly title: string;
  readonly status: string;
}

export interface ImportReport {
  readonly format: SourceFormat;
  readonly source: string;
  /** `refused`: some records cannot be imported and `skipInvalid` was not given; nothing was written. */
  readonly outcome: "imported" | "dry-run" | "refused";
  readonly files: number;
  readonly records: number;
  readonly tickets: ImportedTicket[];
  readonly problems: ImportProblem[];
  readonly counts: {
    readonly errors: number;
    readonly warnings: number;
    readonly fixed: number;
    readonly info: number;
  };
  /** Earlier imports that were killed while writing, rolled back before this one. */
  readonly recovered: RecoveredImport[];
}

export function parseSourceFormat(value: string): SourceFormat | "auto" {
  const format = value.trim().toLowerCase();
  if (format === "auto") return "auto";
  const known = SOURCE_FORMATS.find((f) => f === format);
  if (known) return known;
  throw invalidInput(`Unknown import format "${value}"; accepted: auto, ${SOURCE_FORMATS.join(", ")}`, {
    value,
    accepted: ["auto", ...SOURCE_FORMATS],
  });
}

export async function importTickets(
  service: TicketService,
  path: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const { project } = service;
  const statusMap = parseStatusMap(project.config, options.mapStatus ?? []);
  const listing = listSource(options.cwd ?? process.cwd(), path);
  const read = (file: string) => readSourceText(listing, file);
  const from = options.from ?? "auto";
  const format = from === "auto" ? detectFormat(listing.files, read) : from;
  const mapper = MAPPERS[format];
  const selected = mapper.select(listing.files);
  if (selected.length === 0) {
    throw notFound(
      `No ${format} files found at ${listing.path}; is it the right folder, or another --from?`,
      {
        path: listing.path,
        format,
      },
    );
  }
  const log = new ProblemLog();
  const records = selected.flatMap((file) => mapper.map({ file, text: read(file) }, log));
  mapper.link?.(records, log);
  const source = { format, path: listing.path, files: selected.length, log, records, statusMap };
  if (options.dryRun) return planAndReport(service, source, options, true);
  const { locksDir } = project.paths;
  const timeout = project.config.limits.lock_timeout_ms;
  const run = async () => {
    const recovered = await recoverImports(project.paths);
    return { ...(await planAndReport(service, source, options, false)), recovered };
  };
  return withLock(locksDir, "import", timeout, () =>
    project.config.ids === "sequential" ? withLock(locksDir, "sequence", timeout, run) : run(),
  );
}

interface MappedSource {
  readonly format: SourceFormat;
  /** The imported file or folder, absolute. */
  readonly path: string;
  readonly files: number;
  readonly log: ProblemLog;
  readonly records: ImportRecord[];
  readonly statusMap: ReadonlyMap<string, string>;
}

async function planAndReport(
  service: TicketService,
  source: MappedSource,
  options: ImportOptions,
  dryRun: boolean,
): Promise<ImportReport> {
  const { project, context } = service;
  project.index.refresh();
  const plan = planImport(source.records, {
    config: project.config,
    root: project.paths.root,
    format: source.format,
    actor: context.actor,
    now: nowIso(context),
    existing: project.index.idKeys(),
    statusMap: source.statusMap,
    randomBytes: options.randomBytes ?? cryptoRandomBytes,
    skipInvalid: options.skipInvalid === true,
  });
  const problems = [...source.log.problems, ...plan.problems];
  const refused = problems.some((p) => p.severity === "error") && options.skipInvalid !== true;
  const outcome = dryRun ? "dry-run" : refused ? "refused" : "imported";
  if (outcome === "imported") await writePlan(service, plan, source, options);
  return report(source, plan, problems, outcome);
}

async function writePlan(
  service: TicketService,
  plan: ImportPlan,
  source: MappedSource,
  options: ImportOptions,
): Promise<void> {
  const { project, context } = service;
  const { paths, index } = project;
  const files = plan.tickets.map((t) => ({
    absolute: resolveTicketPath(paths, t.path),
    text: t.loaded.doc.text,
  }));
  const closeJournal = await openJournal(
    paths,
    nowIso(context),
    plan.tickets.map((t) => ({ path: t.path, text: t.loaded.doc.text })),
  );
  try {
    await writeAllOrNothing(files, { io: options.io, signal: options.signal });
  } finally {
    await closeJournal();
  }
  // Each file holds exactly the text planned and parsed: record that, with the file's stat, in
  // one transaction, rather than reading every file back.
  const tickets = plan.tickets.map((t) => ({
    ...t.loaded,
    stat: statOf(paths.root, t.path) ?? t.loaded.stat,
  }));
  index.db.transaction(() => {
    for (const loaded of tickets) index.record(loaded);
  })();
  const at = nowIso(context);
  for (const { ticket } of tickets) {
    context.events.emit({
      type: "imported",
      at,
      actor: context.actor,
      ticket,
      format: source.format,
      source: source.path,
    });
  }
}

function report(
  source: MappedSource,
  plan: ImportPlan,
  problems: ImportProblem[],
  outcome: ImportReport["outcome"],
): ImportReport {
  const count = (severity: ImportProblem["severity"]) =>
    problems.filter((p) => p.severity === severity).length;
  return {
    format: source.format,
    source: source.path,
    outcome,
    files: source.files,
    records: source.records.length,
    tickets: plan.tickets.map((t) => ({
      id: t.id,
      ...(t.sourceId === undefined ? {} : { source_id: t.sourceId }),
      file: t.file,
      path: t.path,
      title: t.title,
      status: t.status,
    })),
    problems,
    counts: {
      errors: count("error"),
      warnings: count("warning"),
      fixed: count("fixed"),
      info: count("info"),
    },
    recovered: [],
  };
}
