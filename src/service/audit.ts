import { appendAudit, readAudit } from "../store/audit-log.js";
import type { TicketEvent } from "./events.js";
import type { TicketService } from "./ticket-service.js";

/** One line of the audit trail: who did what to which ticket, when, between which revisions. */
export interface AuditEntry {
  readonly at: string;
  readonly actor: string;
  readonly type: string;
  readonly id?: string;
  readonly path?: string;
  readonly before?: string;
  readonly after?: string;
  readonly detail?: Record<string, unknown>;
}

export function toAuditEntry(event: TicketEvent): AuditEntry {
  const { type, at, actor, before } = event;
  if (event.type === "deleted") return { at, actor, type, id: event.id, path: event.path, before };
  const { ticket, ...rest } = event;
  const detail = Object.fromEntries(
    Object.entries(rest).filter(([key]) => !["type", "at", "actor", "before"].includes(key)),
  );
  return {
    at,
    actor,
    type,
    id: ticket.id,
    path: ticket.path,
    ...(before === undefined ? {} : { before }),
    after: ticket.revision,
    ...(Object.keys(detail).length > 0 ? { detail } : {}),
  };
}

/** Records every event of `service` in the project's audit log. */
export function attachAuditLog(service: TicketService): void {
  const dir = service.project.paths.auditDir;
  service.on((event) => appendAudit(dir, { ...toAuditEntry(event) }));
}

/** Audit entries, newest last, optionally for one ticket ID and limited to the last `limit`. */
export function auditEntries(
  service: TicketService,
  options: { id?: string; limit?: number } = {},
): AuditEntry[] {
  const all = readAudit(service.project.paths.auditDir) as unknown as AuditEntry[];
  const key = options.id === undefined ? undefined : auditKey(service, options.id);
  const mine = key ? all.filter((entry) => entry.id?.toUpperCase() === key) : all;
  return options.limit === undefined ? mine : mine.slice(-options.limit);
}

/** A unique ID prefix resolves to its ticket; a deleted ticket's full ID still matches its entries. */
function auditKey(service: TicketService, text: string): string {
  service.refresh();
  const matches = service.project.index.lookup(text);
  const only = matches.length === 1 ? matches[0] : undefined;
  return (only?.id ?? text).toUpperCase();
}
