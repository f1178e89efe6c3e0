import { conflict, notFound, TrackdownError } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import type { Ticket, TicketSummary } from "../core/schema.js";
import { categoryOf, isClosedCategory } from "../core/workflow.js";
import { SUMMARY_COLUMNS } from "../store/index-schema.js";
import { type Mutation, mutateTicket, nowIso, type WriteContext } from "./ticket-writer.js";
import { planStatus } from "./update-ticket.js";

/**
 * Claims with leases: an agent takes a ready ticket with compare-and-set under the ticket's
 * lock, keeps it with heartbeats, and loses it when the lease runs out. Readiness is checked
 * again under the lock, so two agents asking at once never get the same ticket.
 */

const NOT_READY = "NOT_READY";

export interface NextOptions {
  readonly query?: string | undefined;
  readonly claim?: boolean | undefined;
}

export type ListReady = (query: string) => TicketSummary[];

/** The best ready ticket; with `claim`, claims the first one that is still ready under its lock. */
export async function nextTicket(
  ctx: WriteContext,
  listReady: ListReady,
  options: NextOptions,
): Promise<TicketSummary | Ticket> {
  await releaseExpired(ctx);
  const candidates = listReady(`is:ready ${options.query ?? ""}`.trim());
  if (!options.claim) {
    const best = candidates[0];
    if (!best) throw nothingReady(options.query);
    return best;
  }
  for (const candidate of candidates) {
    try {
      return await claimTicket(ctx, candidate.id);
    } catch (error) {
      // Someone else got it first, it stopped being ready, or it was deleted: try the next one.
      if (
        error instanceof TrackdownError &&
        (error.details.reason === NOT_READY || error.code === "NOT_FOUND")
      )
        continue;
      throw error;
    }
  }
  throw nothingReady(options.query);
}

function nothingReady(query: string | undefined): TrackdownError {
  return notFound(
    `Nothing ready${query ? ` matching "${query}"` : ""}: no open ticket is unclaimed with its dependencies done`,
    {
      reason: "nothing-ready",
    },
  );
}

export function claimTicket(ctx: WriteContext, idText: string): Promise<Ticket> {
  return mutateTicket(ctx, idText, {}, (current) => planClaim(ctx, current));
}

function planClaim(ctx: WriteContext, current: Ticket): Mutation {
  assertReady(ctx, current);
  const since = nowIso(ctx);
  const expires = leaseEnd(ctx);
  const active = Object.entries(ctx.project.config.statuses).find(
    ([, def]) => def.category === "active",
  )?.[0];
  const move = active ? planStatus(ctx, current, active, {}) : { set: {}, activity: [] };
  return {
    set: { ...move.set, assignee: ctx.actor, claim: { agent: ctx.actor, since, expires } },
    activity: [...move.activity, { kind: "event", text: `claimed until ${expires}` }],
    event: (after, at) => ({ type: "claimed", at, actor: ctx.actor, ticket: after, expires }),
  };
}

function assertReady(ctx: WriteContext, ticket: Ticket): void {
  const { config, index } = ctx.project;
  const refuse = (why: string) => {
    throw conflict(`${ticket.id} is not ready: ${why}`, { id: ticket.id, reason: NOT_READY, why });
  };
  if (ticket.claim && ticket.claim.expires > nowIso(ctx)) {
    refuse(`claimed by ${ticket.claim.agent} until ${ticket.claim.expires}`);
  }
  if (categoryOf(config, ticket.status) !== "todo") refuse(`status is ${ticket.status}`);
  const deps = index.byIds(ticket.depends_on.map(idKey));
  const open = ticket.depends_on.filter((id) => {
    const dep = deps.find((d) => idKey(d.id) === idKey(id));
    return !dep || !isClosedCategory(categoryOf(config, dep.status));
  });
  if (open.length > 0) refuse(`waiting for ${open.join(", ")}`);
  const parent = ticket.parent ? index.byIds([idKey(ticket.parent)])[0] : undefined;
  const parentCategory = parent && categoryOf(config, parent.status);
  if (parentCategory === "blocked" || parentCategory === "cancelled")
    refuse(`parent ${parent?.id} is ${parent?.status}`);
}

/** Renews the caller's claim; anyone else's claim is refused naming its holder and expiry. */
export function heartbeat(ctx: WriteContext, idText: string): Promise<Ticket> {
  return mutateTicket(ctx, idText, {}, (current) => {
    assertHolder(ctx, current);
    if (current.claim?.agent !== ctx.actor) {
      // An expired claim of someone else's is not renewed by a stranger: it must be claimed.
      throw conflict(`${current.id}'s claim by ${current.claim?.agent} expired; claim it instead`, {
        id: current.id,
        holder: current.claim?.agent,
      });
    }
    const expires = leaseEnd(ctx);
    return {
      set: { claim: { ...current.claim, agent: ctx.actor, expires } },
      event: (after, at) => ({ type: "claimed", at, actor: ctx.actor, ticket: after, expires }),
    };
  });
}

/** Gives a claim back: the ticket returns to the queue unassigned. */
export function releaseClaim(ctx: WriteContext, idText: string): Promise<Ticket> {
  return mutateTicket(ctx, idText, {}, (current) => {
    assertHolder(ctx, current);
    return planRelease(ctx, current, "released the claim");
  });
}

function assertHolder(ctx: WriteContext, ticket: Ticket): void {
  const claim = ticket.claim;
  if (!claim) throw conflict(`${ticket.id} is not claimed`, { id: ticket.id });
  if (claim.agent !== ctx.actor && claim.expires > nowIso(ctx)) {
    throw conflict(`${ticket.id} is claimed by ${claim.agent} until ${claim.expires}`, {
      id: ticket.id,
      holder: claim.agent,
      expires: claim.expires,
    });
  }
}

function planRelease(ctx: WriteContext, current: Ticket, text: string): Mutation {
  const { config } = ctx.project;
  const back =
    categoryOf(config, current.status) === "active"
      ? planStatus(ctx, current, config.initial_status, {})
      : undefined;
  return {
    set: { ...back?.set, claim: undefined, assignee: undefined },
    activity: [...(back?.activity ?? []), { kind: "event", text }],
    event: (after, at) => ({
      type: "released",
      at,
      actor: ctx.actor,
      ticket: after,
      agent: current.claim?.agent ?? "",
    }),
  };
}

/** Releases every claim whose lease has run out; returns the tickets released. */
export async function releaseExpired(ctx: WriteContext): Promise<Ticket[]> {
  const { index } = ctx.project;
  index.refresh();
  const now = nowIso(ctx);
  const expired = index.summaries(
    `SELECT ${SUMMARY_COLUMNS} FROM tickets t
       WHERE t.claim_expires <= ? AND t.category NOT IN ('done', 'cancelled')`,
    [now],
  );
  const released: Ticket[] = [];
  for (const ticket of expired) {
    const after = await mutateTicket(ctx, ticket.id, {}, (current) => {
      if (!current.claim || current.claim.expires > nowIso(ctx)) {
        return { event: (t, at) => ({ type: "updated", at, actor: ctx.actor, ticket: t, fields: [] }) };
      }
      return planRelease(
        ctx,
        current,
        `claim by ${current.claim.agent} expired at ${current.claim.expires}; released`,
      );
    });
    released.push(after);
  }
  return released;
}

function leaseEnd(ctx: WriteContext): string {
  const ms = ctx.project.config.claims.lease_minutes * 60_000;
  return new Date(ctx.now().getTime() + ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
