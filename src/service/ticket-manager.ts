import { invalidInput } from "../core/errors.js";
import type { Ticket, TicketSummary } from "../core/schema.js";
import { runBatch } from "./batch.js";
import type { CreateInput, TransitionOptions, UpdateInput, WriteOptions } from "./inputs.js";
import { type TreeNode, ticketTree } from "./relations-tree.js";
import { type ListOptions, type ServiceOptions, type TicketDetail, TicketService } from "./ticket-service.js";
import { logTime, startTimer, stopTimer } from "./time.js";

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
   * Applies the same update to every ticket matching `criteria`, all or nothing: every change
   * is checked before anything is written (one refusal refuses the batch, naming each ticket),
   * and a failure half-way puts every ticket back. Returns the matched tickets after it.
   */
  async batchUpdateTickets(batch: BatchUpdate): Promise<Ticket[]> {
    const result = await runBatch(this.service.context, (query) => this.service.list(query).tickets, {
      query: toQuery(batch.criteria),
      updates: batch.updates,
      options: batch.options,
    });
    return result.tickets;
  }

  /** The hierarchy under a ticket with progress and time rolled up (see `tree`). */
  tree(id: string): TreeNode | undefined {
    return ticketTree(this.service.project, id)[0];
  }

  /** Adds a duration such as `1h30m` to the ticket's `time_spent`. */
  logTime(id: string, duration: string, note?: string): Promise<Ticket> {
    return logTime(this.service.context, id, duration, { note });
  }

  startTimer(id: string): Promise<Ticket> {
    return startTimer(this.service.context, id);
  }

  /** Stops the acting agent's timer and logs the time since it started. */
  stopTimer(id: string, note?: string): Promise<Ticket> {
    return stopTimer(this.service.context, id, { note });
  }

  /** Waits for automation the calls started (registry, hooks), then closes the project. */
  async close(): Promise<void> {
    await this.service.flush();
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
