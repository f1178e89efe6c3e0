import { composeBody, description as descriptionOf } from "../core/body.js";
import { invalidInput } from "../core/errors.js";
import { idKey } from "../core/ids.js";
import { LIST_RELATIONS, type Ticket } from "../core/schema.js";
import {
  assertTransitionAllowed,
  categoryOf,
  failedGates,
  gateError,
  isClosedCategory,
  resolveStatus,
} from "../core/workflow.js";
import {
  applyListChange,
  checkBody,
  checkCustomFields,
  normalizeTags,
  normalizeTitle,
  normalizeType,
} from "./field-rules.js";
import { type TransitionOptions, type UpdateInput, UpdateInputSchema } from "./inputs.js";
import { parseInput } from "./parse-input.js";
import { assertNoCycles } from "./relations-check.js";
import { type Mutation, resolveTicket, type WriteContext } from "./ticket-writer.js";

type Changes = { set: Record<string, unknown>; unset: string[]; activity: { kind: "event"; text: string }[] };

/** Turns an update's input into the frontmatter and body changes for `current`. */
export function planUpdate(
  ctx: WriteContext,
  current: Ticket,
  raw: UpdateInput,
  options: TransitionOptions,
): Mutation {
  const input = parseInput(UpdateInputSchema, raw);
  const { config } = ctx.project;
  const changes: Changes = { set: {}, unset: [], activity: [] };
  const setOrUnset = (key: string, value: unknown) => {
    if (value === null) changes.unset.push(key);
    else if (value !== undefined) changes.set[key] = value;
  };
  if (input.title !== undefined) changes.set.title = normalizeTitle(input.title);
  if (input.type !== undefined) changes.set.type = normalizeType(config, input.type);
  setOrUnset("priority", input.priority);
  setOrUnset("assignee", input.assignee === null ? null : input.assignee?.trim() || undefined);
  setOrUnset("sprint", input.sprint);
  setOrUnset("estimate", input.estimate);
  setOrUnset("time_spent", input.time_spent);
  for (const key of ["parent", "duplicate_of"] as const) {
    const value = input[key];
    setOrUnset(key, value == null ? value : resolveRef(ctx, current, value));
  }
  if (input.tags !== undefined) changes.set.tags = normalizeTags(applyListChange(current.tags, input.tags));
  for (const relation of LIST_RELATIONS) {
    const change = input[relation];
    if (change === undefined) continue;
    const next = applyListChange(current[relation], change, (a, b) => idKey(a) === idKey(b));
    // Only new IDs are resolved: a reference already there (even to a deleted ticket) stays as is.
    const kept = new Set(current[relation].map(idKey));
    const ids = next.map((id) => (kept.has(idKey(id)) ? id : resolveRef(ctx, current, id)));
    changes.set[relation] = [...new Map(ids.map((id) => [idKey(id), id])).values()];
  }
  assertNoCycles(ctx.project, current, changes.set);
  if (input.fields) {
    checkCustomFields(input.fields);
    for (const [key, value] of Object.entries(input.fields)) setOrUnset(key, value);
  }
  const body = planBody(ctx, current, input);
  if (input.status !== undefined) {
    const transition = planStatus(
      ctx,
      { ...current, ...changes.set, body: body ?? current.body },
      input.status,
      options,
    );
    Object.assign(changes.set, transition.set);
    changes.activity.push(...transition.activity);
  }
  const fields = [...Object.keys(changes.set), ...changes.unset];
  return {
    set: changes.set,
    unset: changes.unset,
    ...(body === undefined ? {} : { body }),
    activity: changes.activity,
    event: (after, at) =>
      after.status !== current.status
        ? {
            type: "transitioned",
            at,
            actor: ctx.actor,
            ticket: after,
            from: current.status,
            to: after.status,
            forced: options.force === true,
          }
        : { type: "updated", at, actor: ctx.actor, ticket: after, fields },
  };
}

function planBody(
  ctx: WriteContext,
  current: Ticket,
  input: ReturnType<typeof UpdateInputSchema.parse>,
): string | undefined {
  if (input.body !== undefined) return checkBody(ctx.project.config, input.body);
  if (input.description === undefined) return undefined;
  const old = descriptionOf(current.body);
  const rest = old === "" ? current.body : current.body.slice(current.body.indexOf(old) + old.length);
  const fresh = composeBody({ description: input.description }).trimEnd();
  return checkBody(ctx.project.config, old === "" ? `${fresh}\n${rest}` : `${fresh}${rest}`);
}

function resolveRef(ctx: WriteContext, current: Ticket, text: string): string {
  const { id } = resolveTicket(ctx.project, text);
  if (idKey(id) === idKey(current.id))
    throw invalidInput(`${current.id} cannot refer to itself`, { value: text });
  return id;
}

/**
 * The fields a move to `to` sets: status, `started` on first entering active work,
 * `completed` on entering done (cleared on reopen), plus an activity line. Gates run here.
 */
export function planStatus(
  ctx: WriteContext,
  ticket: Ticket,
  toText: string,
  options: TransitionOptions,
): { set: Record<string, unknown>; activity: { kind: "event"; text: string }[] } {
  const { config } = ctx.project;
  const to = resolveStatus(config, toText);
  if (to === ticket.status) return { set: {}, activity: [] };
  if (!options.force) assertTransitionAllowed(config, ticket.status, to);
  const problems = failedGates(config, to, gateFacts(ctx, ticket));
  if (problems.length > 0 && !options.force) throw gateError(ticket.id, to, problems);
  const reason = options.reason?.trim();
  if (options.force && !reason) {
    throw invalidInput("--force needs a reason (--reason TEXT); it is recorded on the ticket", {
      field: "reason",
    });
  }
  const at = ctx
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");
  const category = categoryOf(config, to);
  const set: Record<string, unknown> = { status: to };
  if (category === "active" && !ticket.started) set.started = at;
  if (category === "done") set.completed = at;
  // Finished work holds no claim: a lease running out later must not touch a closed ticket.
  if (isClosedCategory(category) && ticket.claim) set.claim = undefined;
  else if (ticket.completed && !isClosedCategory(category)) set.completed = undefined;
  const forced = options.force
    ? ` (forced: ${reason}${problems.length ? `; overrode: ${problems.join("; ")}` : ""})`
    : reason
      ? `: ${reason}`
      : "";
  return { set, activity: [{ kind: "event", text: `status ${ticket.status} → ${to}${forced}` }] };
}

function gateFacts(ctx: WriteContext, ticket: Ticket) {
  const { index, config } = ctx.project;
  const deps = index.byIds(ticket.depends_on.map(idKey));
  const byKey = new Map(deps.map((d) => [idKey(d.id), d]));
  return {
    body: ticket.body,
    assignee: ticket.assignee,
    dependencies: ticket.depends_on.map((id) => {
      const dep = byKey.get(idKey(id));
      return { id, category: dep ? categoryOf(config, dep.status) : undefined };
    }),
    children: index
      .referencing(ticket.id, "parent")
      .map((c) => ({ id: c.id, category: categoryOf(config, c.status) })),
  };
}
