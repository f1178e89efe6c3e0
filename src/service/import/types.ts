/**
 * The shapes every importer shares: what a source mapper produces (ImportRecord, close to the
 * service's CreateInput, with source IDs for relations and raw values the pipeline normalises),
 * and the problem report.
 */

export const SOURCE_FORMATS = [
  "trackdown",
  "ai-trackdown",
  "ai-trackdown-pytools",
  "tickets-json",
  "backlog-md",
  "task-master",
] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

export interface ImportComment {
  readonly author: string;
  /** As the source wrote it; normalised by the pipeline. */
  readonly at: string;
  readonly text: string;
}

/** One ticket as a source mapper read it. Relations hold source IDs; values are still raw. */
export interface ImportRecord {
  /** The source file, relative to the imported path, with forward slashes. */
  readonly file: string;
  /** The ID in the source (references use it); missing or invalid ones get a new ID. */
  sourceId?: string | undefined;
  type?: string | undefined;
  title?: string | undefined;
  status?: string | undefined;
  priority?: string | undefined;
  assignee?: string | undefined;
  tags?: string[] | undefined;
  parent?: string | undefined;
  /** Source IDs of children: they get this ticket as parent when they name none. */
  children?: string[] | undefined;
  depends_on?: string[] | undefined;
  blocks?: string[] | undefined;
  related?: string[] | undefined;
  duplicate_of?: string | undefined;
  sprint?: string | undefined;
  estimate?: string | number | undefined;
  time_spent?: string | number | undefined;
  workflow?: unknown;
  claim?: unknown;
  runs?: unknown;
  created?: string | undefined;
  updated?: string | undefined;
  started?: string | undefined;
  completed?: string | undefined;
  /** The Markdown body, without the comments (those come from `comments`). */
  body: string;
  comments: ImportComment[];
  /** Custom frontmatter keys, kept as given. */
  fields: Record<string, unknown>;
  /** The source had archived it: when another record shares its ID, the live one keeps it. */
  archived?: boolean | undefined;
  /** The source's key order, to keep in the written frontmatter (Trackdown's own format). */
  order?: string[] | undefined;
  /** The body is a Trackdown body already: no provenance line is appended to its activity. */
  verbatim?: boolean | undefined;
}

export type ProblemSeverity = "info" | "fixed" | "warning" | "error";

export const PROBLEM_KINDS = [
  "yaml",
  "not-a-ticket",
  "invalid-record",
  "duplicate-id",
  "new-id",
  "id-taken",
  "unknown-status",
  "unknown-type",
  "unknown-priority",
  "invalid-date",
  "missing-date",
  "dangling-reference",
  "reference-spelling",
  "cycle",
  "stray-field",
  "invalid-value",
  "title",
  "file-exists",
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** One thing the importer noticed: where, what, and what it did about it. */
export interface ImportProblem {
  readonly file: string;
  /** The record's source ID, when it has one. */
  readonly id?: string | undefined;
  readonly kind: ProblemKind;
  /**
   * `info`: an expected translation; `fixed`: a problem repaired; `warning`: a problem kept as
   * the source has it; `error`: the record cannot be imported.
   */
  readonly severity: ProblemSeverity;
  readonly message: string;
  readonly action: string;
}

/** Collects problems as mappers and the pipeline find them. */
export class ProblemLog {
  readonly problems: ImportProblem[] = [];

  add(problem: ImportProblem): void {
    this.problems.push(problem);
  }

  /** A bound reporter for one file (and record). */
  at(file: string, id?: string): Reporter {
    return (kind, severity, message, action) => this.add({ file, id, kind, severity, message, action });
  }
}

export type Reporter = (
  kind: ProblemKind,
  severity: ProblemSeverity,
  message: string,
  action: string,
) => void;

/** A source file as the pipeline hands it to a mapper. */
export interface SourceFile {
  /** Relative to the imported path (the file's own name when a single file is imported). */
  readonly file: string;
  readonly text: string;
}

/**
 * A source format: which files under the imported path it reads, and how it turns each one
 * into records. `map` is pure: the pipeline does the reading.
 */
export interface SourceMapper {
  readonly format: SourceFormat;
  /** Picks the files to read among every file under the path (relative paths). */
  select(files: readonly string[]): string[];
  map(source: SourceFile, log: ProblemLog): ImportRecord[];
  /** Cross-record fix-ups once every file is mapped (other spellings of the same IDs). */
  link?(records: ImportRecord[], log: ProblemLog): void;
}
