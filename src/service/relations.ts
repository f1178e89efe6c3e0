import { TrackdownError } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { diffIds, INVERSE } from "../core/relations.js";
import { LIST_RELATIONS, type ListRelation, type Ticket } from "../core/schema.js";
import { categoryOf } from "../core/workflow.js";
import { type WritePlan, writeMany } from "./batch-writer.js";
import type { TransitionOptions, UpdateInput } from "./inputs.js";
import {
  checkRevision,
  type Mutation,
  mutateTicket,
  removeTicket,
  resolveFresh,
  type WriteContext,
} from "./ticket-writer.js";
import { planUpdate } from "./update-ticket.js";

/**
 * Relations kept symmetric: adding B to A's `depends_on` adds A to B's `blocks` (and back),
 * `related` goes both ways, and removing works the same. Both tickets are written together
 * under their locks, so no reader sees one side without the other.
 */

/** A ticket as a write returns it, with warnings a person should see (cancelled dependencies). */
export type TicketWithWarnings = Ticket & { readonly warnings?: string[] };

/** The primary change of each ticket a write touches, and its relations before it. */
export interface PrimaryChange {
  readonly before: Ticket;
  readonly mutation: Mutation;
}

/** `update`, keeping the other side of every changed relation in step. */
export async function updateWithRelations(
  ctx: WriteContext,
  idText: string,
  input: UpdateInput,
  options: TransitionOptions = {},
): Promise<TicketWithWarnings> {
  if (!LIST_RELATIONS.some((relation) => input[relation] !== undefined)) {
    const after = await mutateTicket(ctx, idText, options, (current) =>
      planUpdate(ctx, current, input, options),
    );
    return withCancelWarnings(ctx, after);
  }
  const { id } = resolveFresh(ctx.project, idText);
  const key = idKey(id);
  const result = await writeMany(ctx, [id], (current) => {
    const self = current.get(key);
    if (!self) return { mutations: new Map(), needs: [id] };
    checkRevision(self, options);
    return planWithInverses(
      ctx,
      current,
      new Map([[key, { before: self, mutation: planUpdate(ctx, self, input, options) }]]),
    );
  });
  const after = result.tickets.get(key);
  if (!after) throw new TrackdownError("INTERNAL", `${id} vanished during its own update`);
  return withCancelWarnings(ctx, after);
}

/**
 * After a ticket is created with relations, adds it to the other side of each. If that fails,
 * the new ticket is deleted again, so a failed create leaves nothing behind.
 */
export async function linkCreated(ctx: WriteContext, created: Ticket): Promise<Ticket> {
  if (!LIST_RELATIONS.some((relation) => created[relation].length > 0)) return created;
  const key = idKey(created.id);
  const empty = { ...created, depends_on: [], blocks: [], related: [] };
  const noChange: Mutation = {
    event: (after, at) => ({ type: "updated", at, actor: ctx.actor, ticket: after, fields: [] }),
  };
  const asCreated: Mutation = {
    ...noChange,
    set: Object.fromEntries(LIST_RELATIONS.map((r) => [r, created[r]])),
  };
  try {
    await writeMany(ctx, [created.id], (current) => {
      const plan = planWithInverses(ctx, current, new Map([[key, { before: empty, mutation: asCreated }]]));
      const mutations = new Map(plan.mutations);
      mutations.delete(key);
      return { ...plan, mutations };
    });
  } catch (error) {
    await removeTicket(ctx, created.id, {});
    throw error;
  }
  return created;
}

/**
 * Adds to `primaries` the changes that keep every relation symmetric: for each ID added to or
 * removed from a list relation of a primary ticket, the inverse relation of that other ticket.
 * A ticket that is both primary and on the other side gets both changes merged.
 */
export function planWithInverses(
  ctx: WriteContext,
  current: ReadonlyMap<string, Ticket>,
  primaries: ReadonlyMap<string, PrimaryChange>,
): WritePlan {
  const inverse = inverseChanges(ctx, primaries);
  const needs = [...inverse.keys()].filter((key) => !current.has(key));
  const mutations = new Map([...primaries].map(([key, p]) => [key, p.mutation]));
  if (needs.length > 0) return { mutations, needs };
  for (const [key, edits] of inverse) {
    const ticket = current.get(key);
    if (!ticket) continue;
    const merged = mergeInverse(ctx, ticket, mutations.get(key), edits);
    if (merged) mutations.set(key, merged);
  }
  return { mutations };
}

interface InverseEdit {
  readonly field: ListRelation;
  readonly add: boolean;
  readonly id: string;
  readonly because: string;
}

function inverseChanges(ctx: WriteContext, primaries: ReadonlyMap<string, PrimaryChange>) {
  const edits = new Map<string, InverseEdit[]>();
  const push = (target: string, edit: InverseEdit) =>
    edits.set(idKey(target), [...(edits.get(idKey(target)) ?? []), edit]);
  for (const { before, mutation } of primaries.values()) {
    for (const relation of LIST_RELATIONS) {
      const next = mutation.set?.[relation];
      if (!Array.isArray(next)) continue;
      const diff = diffIds(before[relation], next.map(String));
      const because = `${before.id}'s ${relation}`;
      for (const id of diff.added) push(id, { field: INVERSE[relation], add: true, id: before.id, because });
      // A reference to a ticket that no longer exists has no other side to update.
      const present = new Set(ctx.project.index.byIds(diff.removed.map(idKey)).map((t) => idKey(t.id)));
      for (const id of diff.removed.filter((r) => present.has(idKey(r)))) {
        push(id, { field: INVERSE[relation], add: false, id: before.id, because });
      }
    }
  }
  return edits;
}

function mergeInverse(
  ctx: WriteContext,
  ticket: Ticket,
  primary: Mutation | undefined,
  edits: readonly InverseEdit[],
): Mutation | undefined {
  const set: Record<string, unknown> = { ...primary?.set };
  const lines: string[] = [];
  for (const edit of edits) {
    const list = (set[edit.field] as string[] | undefined) ?? ticket[edit.field];
    const has = list.some((id) => idKey(id) === idKey(edit.id));
    if (edit.add === has) continue;
    set[edit.field] = edit.add ? [...list, edit.id] : list.filter((id) => idKey(id) !== idKey(edit.id));
    lines.push(`${edit.field} ${edit.add ? "+" : "-"}${edit.id} (inverse of ${edit.because})`);
  }
  if (lines.length === 0) return primary;
  const activity = lines.map((text) => ({ kind: "event" as const, text }));
  if (primary) return { ...primary, set, activity: [...(primary.activity ?? []), ...activity] };
  const fields = [...new Set(edits.map((e) => e.field))];
  return {
    set,
    activity,
    event: (after, at) => ({ type: "updated", at, actor: ctx.actor, ticket: after, fields }),
  };
}

/**
 * Open tickets that depend on `ticket` once it is cancelled: they will wait for ever unless
 * someone re-plans them, so the caller shows a warning naming each.
 */
export function cancelWarnings(ctx: WriteContext, ticket: Ticket): string[] {
  const { config, index } = ctx.project;
  if (categoryOf(config, ticket.status) !== "cancelled") return [];
  const waiting = new Map(index.referencing(ticket.id, "depends_on").map((t) => [idKey(t.id), t]));
  for (const t of index.byIds(ticket.blocks.map(idKey))) waiting.set(idKey(t.id), t);
  return [...waiting.values()]
    .filter((t) => {
      const category = categoryOf(config, t.status);
      return category !== "done" && category !== "cancelled";
    })
    .sort((a, b) => idKey(a.id).localeCompare(idKey(b.id)))
    .map((t) => `${t.id} (${t.title}) depends on ${ticket.id}, which is now ${ticket.status}`);
}

export function withCancelWarnings(ctx: WriteContext, ticket: Ticket): TicketWithWarnings {
  const warnings = cancelWarnings(ctx, ticket);
  return warnings.length > 0 ? { ...ticket, warnings } : ticket;
}
