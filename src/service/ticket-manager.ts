import { invalidInput } from "../core/errors.js";
import type { Ticket, TicketSummary } from "../core/schema.js";
import type { CreateInput, TransitionOptions, UpdateInput, WriteOptions } from "./inputs.js";
import { type ListOptions, type ServiceOptions, type TicketDetail, TicketService } from "./ticket-service.js";

/**
 * Filters in object form, as the original Python API took them:
 * `listTickets({ status: "open", priority: "high" })`. Arrays mean "any of" except `tags`,
 * which means "has all of". `query` adds anything the query language can say.
 */
export interface TicketFilter {
  readonly status?: string | readonly string[];
  readonly priority?: string | readonly string[];
  readonly type?: string | readonly string[];
  readonly assignee?: string | readonly string[];
  readonly tags?: readonly string[];
  readonly parent?: string;
  readonly query?: string;
}

export interface BatchUpdate {
  readonly criteria: TicketFilter | string;
  readonly updates: UpdateInput;
  readonly options?: TransitionOptions;
}

/**
 * The library API: the calls of the original system in TypeScript form, over TicketService.
 * Every method reads the files fresh (through the index) and writes under the ticket's lock.
 */
export class TicketManager {
  readonly service: TicketService;

  constructor(root?: string, options: Omit<ServiceOptions, "root"> = {}) {
    this.service = TicketService.open({ ...options, root });
  }

  listTickets(filter: TicketFilter | string = {}, options: ListOptions = {}): TicketSummary[] {
    return this.service.list(toQuery(filter), options).tickets;
  }

  search(query: string, options: ListOptions = {}): TicketSummary[] {
    return this.service.list(query, options).tickets;
  }

  getTicket(id: string): TicketDetail {
    return this.service.get(id);
  }

  createTicket(input: CreateInput): Promise<Ticket> {
    return this.service.create(input);
  }

  updateTicket(id: string, updates: UpdateInput, options: TransitionOptions = {}): Promise<Ticket> {
    return this.service.update(id, updates, options);
  }

  transition(id: string, status: string, options: TransitionOptions = {}): Promise<Ticket> {
    return this.service.transition(id, status, options);
  }

  comment(id: string, text: string, options: WriteOptions = {}): Promise<Ticket> {
    return this.service.comment(id, text, options);
  }

  deleteTicket(id: string, options: WriteOptions = {}): Promise<Ticket> {
    return this.service.delete(id, options);
  }

  /**
   * Applies the same update to every ticket matching `criteria`, one locked write per ticket,
   * in list order. The first failing write stops the batch and is thrown; tickets written
   * before it keep their change.
   */
  async batchUpdateTickets(batch: BatchUpdate): Promise<Ticket[]> {
    const targets = this.service.list(
      typeof batch.criteria === "string" ? batch.criteria : toQuery(batch.criteria),
    );
    const updated: Ticket[] = [];
    for (const ticket of targets.tickets) {
      updated.push(await this.service.update(ticket.id, batch.updates, { ...batch.options }));
    }
    return updated;
  }

  close(): void {
    this.service.close();
  }
}

/** Builds a query-language string from a filter object, quoting every value. */
export function toQuery(filter: TicketFilter | string): string {
  if (typeof filter === "string") return filter;
  const terms: string[] = [];
  const anyOf = (field: string, value: string | readonly string[] | undefined) => {
    if (value === undefined) return;
    const values = typeof value === "string" ? [value] : [...value];
    if (values.length > 0) terms.push(`${field}:${values.map(quote).join(",")}`);
  };
  anyOf("status", filter.status);
  anyOf("priority", filter.priority);
  anyOf("type", filter.type);
  anyOf("assignee", filter.assignee);
  anyOf("parent", filter.parent);
  for (const tag of filter.tags ?? []) terms.push(`tag:${quote(tag)}`);
  if (filter.query) terms.push(filter.query);
  return terms.join(" ");
}

function quote(value: string): string {
  if (value.includes('"')) throw invalidInput(`Filter values cannot contain '"': ${value}`, { value });
  return /^[^\s,:"()]+$/.test(value) ? value : `"${value}"`;
}
