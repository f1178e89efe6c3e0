import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { appendActivity, composeBody } from "../core/body.js";
import { conflict, invalidInput } from "../core/errors.js";
import { idKey, randomId, randomIdLength, sequentialId } from "../core/ids.js";
import type { Ticket } from "../core/schema.js";
import { resolveStatus } from "../core/workflow.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { withLock } from "../store/locks.js";
import { parseTicketFile, resolveTicketPath, ticketFileName, ticketPathFor } from "../store/ticket-files.js";
import { renderTicketText } from "../store/ticket-format.js";
import { checkBody, checkCustomFields, normalizeTags, normalizeTitle, normalizeType } from "./field-rules.js";
import { type CreateInput, CreateInputSchema } from "./inputs.js";
import { parseInput } from "./parse-input.js";
import { linkCreated } from "./relations.js";
import { assertNoCycles } from "./relations-check.js";
import { withTemplate } from "./templates.js";
import { nowIso, recordWritten, resolveTicket, type WriteContext } from "./ticket-writer.js";

const MAX_ID_ATTEMPTS = 20;

/** Creates a ticket file with a fresh ID; the ID is reserved by holding its lock while writing. */
export async function createTicket(ctx: WriteContext, raw: CreateInput): Promise<Ticket> {
  const input = withTemplate(ctx.project, parseInput(CreateInputSchema, raw));
  const { config } = ctx.project;
  const type = normalizeType(config, input.type ?? config.default_type);
  const title = normalizeTitle(input.title);
  const status = resolveStatus(config, input.status ?? config.initial_status);
  if (input.fields) checkCustomFields(input.fields);
  const body = checkBody(
    config,
    input.body ?? composeBody({ description: input.description, criteria: input.criteria }),
  );
  ctx.project.index.refresh();
  const refs = (ids: readonly string[] | undefined) =>
    (ids ?? []).map((id) => resolveTicket(ctx.project, id).id);
  const at = nowIso(ctx);
  const data: Record<string, unknown> = {
    id: "",
    type,
    title,
    status,
    priority: input.priority ?? "medium",
    assignee: input.assignee,
    tags: normalizeTags(input.tags ?? []),
    parent: input.parent === undefined ? undefined : refs([input.parent])[0],
    depends_on: refs(input.depends_on),
    blocks: refs(input.blocks),
    related: refs(input.related),
    duplicate_of: input.duplicate_of === undefined ? undefined : refs([input.duplicate_of])[0],
    sprint: input.sprint,
    estimate: input.estimate,
    created: at,
    updated: at,
    ...(resolveCategory(ctx, status) === "active" ? { started: at } : {}),
    ...input.fields,
  };
  assertNoCycles(ctx.project, undefined, data);
  const prefix = config.types[type]?.prefix ?? type.toUpperCase();
  const created = await (config.ids === "sequential"
    ? withLock(ctx.project.paths.locksDir, "sequence", config.limits.lock_timeout_ms, () => {
        ctx.project.index.refresh();
        return writeNew(ctx, data, body, sequentialId(prefix, ctx.project.index.idKeys()));
      })
    : writeWithRandomId(ctx, data, body, prefix));
  return linkCreated(ctx, created);
}

function resolveCategory(ctx: WriteContext, status: string): string | undefined {
  return Object.hasOwn(ctx.project.config.statuses, status)
    ? ctx.project.config.statuses[status]?.category
    : undefined;
}

async function writeWithRandomId(
  ctx: WriteContext,
  data: Record<string, unknown>,
  body: string,
  prefix: string,
): Promise<Ticket> {
  const { index, paths, config } = ctx.project;
  for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt += 1) {
    const id = randomId(prefix, randomIdLength(index.ticketCount()), randomBytes);
    if (index.hasId(idKey(id))) continue;
    const created = await withLock(paths.locksDir, idKey(id), config.limits.lock_timeout_ms, async () => {
      // Someone may have taken it between our look and our lock: look again under the lock.
      // No refresh is needed for that: a writer records its ticket in the index before it
      // releases the ID's lock, so the index already holds any ticket created meanwhile.
      return index.hasId(idKey(id)) ? undefined : writeNew(ctx, data, body, id);
    });
    if (created) return created;
  }
  throw conflict(`Could not find a free ID after ${MAX_ID_ATTEMPTS} attempts`);
}

async function writeNew(
  ctx: WriteContext,
  data: Record<string, unknown>,
  body: string,
  id: string,
): Promise<Ticket> {
  const { paths, config } = ctx.project;
  const at = String(data.created);
  // Empty lists and absent values are left out: a new file carries only what was said.
  const fields = Object.fromEntries(
    Object.entries({ ...data, id }).filter(
      ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0),
    ),
  );
  const path = ticketPathFor(config, String(fields.status), ticketFileName(id, String(fields.title)));
  const absolute = resolveTicketPath(paths, path);
  if (existsSync(absolute)) throw conflict(`A file already exists at ${path}`, { path });
  const text = renderTicketText(
    fields,
    appendActivity(body, { at, author: ctx.actor, kind: "event", text: "created" }),
  );
  const probe = parseTicketFile(text, path, { path, size: text.length, mtimeMs: 0 });
  if (!probe.ok) throw invalidInput(`The new ticket would be invalid: ${probe.error}`, { path });
  await writeFileAtomic(absolute, text);
  const ticket = recordWritten(ctx, path, text);
  ctx.events.emit({ type: "created", at: ticket.created, actor: ctx.actor, ticket });
  return ticket;
}
