import { invalidInput, TrackdownError } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import type { Ticket, TicketSummary } from "../core/schema.js";
import { loadTicketFile } from "../store/ticket-files.js";
import { type RestoreReport, recoverBatches } from "./batch-journal.js";
import { eachOrRefuse, type WriteManyOptions, writeMany } from "./batch-writer.js";
import { type TransitionOptions, type UpdateInput, UpdateInputSchema } from "./inputs.js";
import { parseInput } from "./parse-input.js";
import { type PrimaryChange, planWithInverses } from "./relations.js";
import { assertNoCyclesMany, nextFacts } from "./relations-check.js";
import type { Mutation, WriteContext } from "./ticket-writer.js";
import { planUpdate } from "./update-ticket.js";

/**
 * `batch update`: one update applied to every ticket a query matches, all or nothing. Every
 * ticket's change is planned and checked first (any refusal writes nothing); then they are
 * written under all their locks with a journal, and a failure half-way puts every ticket back.
 */

export interface BatchRequest {
  readonly query: string;
  readonly updates: UpdateInput;
  /** `force` and `reason` for status changes, as with a transition. */
  readonly options?: TransitionOptions | undefined;
  /** Show what would change and write nothing. */
  readonly dryRun?: boolean | undefined;
}

export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface TicketChange {
  readonly id: string;
  readonly title: string;
  readonly changes: FieldChange[];
}

export interface BatchResult {
  readonly dryRun: boolean;
  readonly query: string;
  readonly matched: number;
  /** Tickets the update changes (would change, in a dry run), with each field before → after. */
  readonly changed: TicketChange[];
  /** Matched tickets the update leaves as they are. */
  readonly unchanged: string[];
  /** In a dry run: tickets that would refuse the change, and why (the real run writes nothing then). */
  readonly refused: { id: string; message: string }[];
  /** Every ticket written, including the other sides of changed relations. */
  readonly written: string[];
  /** Matched tickets after the batch. */
  readonly tickets: Ticket[];
  /** Interrupted earlier batches rolled back before this one started. */
  readonly recovered: RestoreReport[];
}

export type ListMatches = (query: string) => TicketSummary[];

export async function runBatch(
  ctx: WriteContext,
  listMatches: ListMatches,
  request: BatchRequest,
  hooks: WriteManyOptions = {},
): Promise<BatchResult> {
  const updates = parseInput(UpdateInputSchema, request.updates);
  if (Object.values(updates).every((value) => value === undefined)) {
    throw invalidInput("Nothing to change: give at least one field to set (see batch update --help)");
  }
  const recovered = await recoverBatches(ctx.project);
  const matches = listMatches(request.query);
  const base = { query: request.query, matched: matches.length, recovered };
  if (request.dryRun) return { ...base, dryRun: true, ...preview(ctx, matches, request), written: [] };
  if (matches.length === 0) {
    return { ...base, dryRun: false, changed: [], unchanged: [], refused: [], written: [], tickets: [] };
  }
  const keys = new Set(matches.map((t) => idKey(t.id)));
  let changed: TicketChange[] = [];
  const result = await writeMany(
    ctx,
    matches.map((t) => t.id),
    (current) => {
      const primaries = planAll(
        ctx,
        [...current].filter(([key]) => keys.has(key)),
        request,
      );
      changed = [...primaries.values()].map((p) => describe(p));
      return planWithInverses(ctx, current, primaries);
    },
    hooks,
  );
  const tickets = matches.flatMap((t) => result.tickets.get(idKey(t.id)) ?? []);
  const changedIds = new Set(changed.map((c) => idKey(c.id)));
  return {
    ...base,
    dryRun: false,
    changed,
    unchanged: matches.filter((t) => !changedIds.has(idKey(t.id))).map((t) => t.id),
    refused: [],
    written: result.written,
    tickets,
  };
}

/** Plans every matched ticket's change; any refusal refuses the batch, naming each ticket. */
function planAll(
  ctx: WriteContext,
  targets: readonly [string, Ticket][],
  request: BatchRequest,
): Map<string, PrimaryChange> {
  const planned = eachOrRefuse(
    targets,
    ([, ticket]) => ticket.id,
    ([key, ticket]) => [key, { before: ticket, mutation: planOne(ctx, ticket, request) }] as const,
  );
  const primaries = new Map(planned.filter(([, p]) => fieldChanges(p.before, p.mutation).length > 0));
  const touches = (fields: readonly string[]) =>
    [...primaries.values()].some((p) => fields.some((f) => f in (p.mutation.set ?? {})));
  assertNoCyclesMany(
    ctx.project,
    [...primaries.values()].map((p) => nextFacts(p.before, p.mutation.set ?? {})),
    { dependencies: touches(["depends_on", "blocks"]), parents: touches(["parent"]) },
  );
  return primaries;
}

function planOne(ctx: WriteContext, ticket: Ticket, request: BatchRequest): Mutation {
  return planUpdate(ctx, ticket, request.updates, request.options ?? {});
}

/** The dry run: plans each ticket from its file, without locks, and reports refusals. */
function preview(ctx: WriteContext, matches: readonly TicketSummary[], request: BatchRequest) {
  const changed: TicketChange[] = [];
  const unchanged: string[] = [];
  const refused: { id: string; message: string }[] = [];
  const tickets: Ticket[] = [];
  for (const summary of matches) {
    const loaded = loadTicketFile(ctx.project.paths.root, summary.path);
    if (!loaded.ok) {
      refused.push({ id: summary.id, message: `cannot be read: ${loaded.error}` });
      continue;
    }
    tickets.push(loaded.ticket);
    try {
      const change = describe({ before: loaded.ticket, mutation: planOne(ctx, loaded.ticket, request) });
      if (change.changes.length > 0) changed.push(change);
      else unchanged.push(summary.id);
    } catch (error) {
      // A refusal is the dry run's answer, not its failure.
      if (!(error instanceof TrackdownError)) throw error;
      refused.push({ id: summary.id, message: error.message });
    }
  }
  return { changed, unchanged, refused, tickets };
}

function describe(change: PrimaryChange): TicketChange {
  return {
    id: change.before.id,
    title: change.before.title,
    changes: fieldChanges(change.before, change.mutation),
  };
}

/** Each field the mutation changes, before → after; the `updated` stamp is left out. */
export function fieldChanges(before: Ticket, mutation: Mutation): FieldChange[] {
  const current = before as unknown as Record<string, unknown>;
  const changes: FieldChange[] = [];
  for (const [field, after] of Object.entries(mutation.set ?? {})) {
    if (field === "updated" || sameValue(current[field], after)) continue;
    changes.push({ field, before: current[field], after });
  }
  for (const field of mutation.unset ?? []) {
    if (current[field] !== undefined) changes.push({ field, before: current[field], after: undefined });
  }
  if (mutation.body !== undefined && mutation.body !== before.body) {
    changes.push({ field: "body", before: "(previous text)", after: "(new text)" });
  }
  return changes;
}

function sameValue(a: unknown, b: unknown): boolean {
  const empty = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);
  if (empty(a) && empty(b)) return true;
  return JSON.stringify(a) === JSON.stringify(b);
}
