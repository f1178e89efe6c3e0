import {
  type ActivityEntry,
  acceptanceCriteria,
  activity,
  type Criterion,
  description,
} from "../core/body.js";
import { invalidInput } from "../core/errors.js";
import { parseQuery } from "../core/query.js";
import type { Ticket, TicketSummary } from "../core/schema.js";
import { compileQuery } from "../store/index-query.js";
import { loadTicketFile } from "../store/ticket-files.js";
import type { RefreshReport } from "../store/ticket-index.js";
import { resolveActor } from "./actor.js";
import { attachAuditLog } from "./audit.js";
import {
  claimTicket,
  heartbeat,
  type NextOptions,
  nextTicket,
  releaseClaim,
  releaseExpired,
} from "./claims.js";
import { createTicket } from "./create-ticket.js";
import { EventBus, type EventListener } from "./events.js";
import { attachHooks } from "./hooks.js";
import type { CreateInput, TransitionOptions, UpdateInput, WriteOptions } from "./inputs.js";
import { Project, type ProjectOptions } from "./project.js";
import { attachRegistry } from "./registry.js";
import { type TicketWithWarnings, updateWithRelations, withCancelWarnings } from "./relations.js";
import { currentSprintName } from "./sprints.js";
import {
  mutateTicket,
  removeTicket,
  resolveFresh,
  resolveTicket,
  type WriteContext,
} from "./ticket-writer.js";
import { planStatus } from "./update-ticket.js";

export interface ServiceOptions extends ProjectOptions {
  /** Who acts; defaults to TRACKDOWN_AGENT, then git's user.name. */
  readonly actor?: string | undefined;
  /** The clock, injectable for tests. */
  readonly now?: (() => Date) | undefined;
  /** Where automation reports problems (a failing hook); stderr by default. */
  readonly onWarning?: ((message: string) => void) | undefined;
}

export interface ListOptions {
  /** Sort keys, e.g. `priority,-updated`. */
  readonly sort?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  /**
   * Counts the total through the caller's cache: `key` names the filter exactly (the count's SQL
   * and parameters), so pages of one query, in any order, share it. The server passes its query
   * cache, which is cleared on every change, so paging through 100k tickets counts them once.
   */
  readonly memoTotal?: ((key: string, count: () => number) => number) | undefined;
}

export interface TicketList {
  readonly tickets: TicketSummary[];
  /** Matches before limit and offset. */
  readonly total: number;
}

/** A ticket with its body taken apart for display. */
export interface TicketDetail extends Ticket {
  readonly description: string;
  readonly criteria: Criterion[];
  readonly activity: ActivityEntry[];
}

export const MAX_COMMENT_BYTES = 100_000;

/**
 * The one application layer over a project's tickets. The CLI, the library API, the server
 * and MCP all call it; it keeps the index fresh, checks input and runs every write through
 * the per-ticket lock.
 */
export class TicketService {
  readonly events: EventBus;
  private readonly pending: Set<Promise<void>>;
  /**
   * What service modules beyond this class (workflows, runs, planning, import) need to write
   * through the same locked path: `mutateTicket(service.context, id, options, plan)`.
   */
  readonly context: WriteContext;

  constructor(
    readonly project: Project,
    options: Omit<ServiceOptions, "root" | "cwd"> = {},
    shared?: { events: EventBus; pending: Set<Promise<void>> },
  ) {
    this.events = shared?.events ?? new EventBus();
    this.pending = shared?.pending ?? new Set();
    this.context = {
      project,
      actor: resolveActor(options.actor, project.paths.root),
      now: options.now ?? (() => new Date()),
      events: this.events,
    };
  }

  /**
   * The same service acting for someone else: a long-lived server serves many agents, each
   * request under its own name. Project, index, events and automation are shared.
   */
  as(actor: string): TicketService {
    if (actor === this.actor) return this;
    return new TicketService(
      this.project,
      { actor, now: this.context.now },
      { events: this.events, pending: this.pending },
    );
  }

  /** Opens the project with its automation attached: the audit log and the configured hooks. */
  static open(options: ServiceOptions = {}): TicketService {
    const service = new TicketService(Project.open(options), options);
    attachAuditLog(service);
    const warn = options.onWarning ?? ((message: string) => process.stderr.write(`trackdown: ${message}\n`));
    attachHooks(service, warn);
    if (service.project.config.registry.auto) attachRegistry(service, warn);
    return service;
  }

  get actor(): string {
    return this.context.actor;
  }

  on(listener: EventListener): () => void {
    return this.events.on(listener);
  }

  /**
   * Registers work that an event subscriber started (a hook, a registry regeneration) so that
   * `flush` can wait for it: a CLI command must not exit while its automation still runs.
   */
  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.pending.add(settled);
    void settled.then(() => this.pending.delete(settled));
  }

  /** Waits for all tracked work, including work started by work that was tracked. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  close(): void {
    this.project.close();
  }

  refresh(): RefreshReport {
    return this.project.index.refresh();
  }

  reindex(): RefreshReport {
    return this.project.index.rebuild();
  }

  /** The full ticket, read from its file (the index only says where it is). */
  get(idText: string): TicketDetail {
    let loaded = loadTicketFile(this.project.paths.root, resolveFresh(this.project, idText).path);
    if (!loaded.ok && loaded.stat === undefined) {
      // Moved by another writer between lookup and read: look once more.
      loaded = loadTicketFile(this.project.paths.root, resolveFresh(this.project, idText).path);
    }
    if (!loaded.ok) {
      throw invalidInput(`Ticket file ${loaded.path} cannot be read: ${loaded.error}`, { path: loaded.path });
    }
    const ticket = loaded.ticket;
    return {
      ...ticket,
      description: description(ticket.body),
      criteria: acceptanceCriteria(ticket.body),
      activity: activity(ticket.body),
    };
  }

  /** Tickets matching a query of the query language (empty: all), sorted and paged. */
  list(query = "", options: ListOptions = {}): TicketList {
    this.refresh();
    const compiled = compileQuery(
      parseQuery(query),
      {
        config: this.project.config,
        now: this.context.now(),
        currentSprint: currentSprintName(this.project, this.context.now()),
      },
      options,
    );
    const { index } = this.project;
    const count = () => index.count(compiled.countSql, compiled.countParams);
    const { memoTotal } = options;
    return {
      tickets: index.summaries(compiled.sql, compiled.params),
      total: memoTotal
        ? memoTotal(JSON.stringify([compiled.countSql, compiled.countParams]), count)
        : count(),
    };
  }

  /** Files under tickets/ that could not be read as tickets, with the reason. */
  problems(): { path: string; error: string }[] {
    return this.project.index.malformed();
  }

  create(input: CreateInput): Promise<Ticket> {
    return createTicket(this.context, input);
  }

  /** Changes to relations are mirrored on the other tickets; cancelling warns of dependents. */
  update(idText: string, input: UpdateInput, options: TransitionOptions = {}): Promise<TicketWithWarnings> {
    return updateWithRelations(this.context, idText, input, options);
  }

  /** The result warns (`warnings`) when a cancelled ticket still has open dependents. */
  async transition(
    idText: string,
    status: string,
    options: TransitionOptions = {},
  ): Promise<TicketWithWarnings> {
    const after = await mutateTicket(this.context, idText, options, (current) => {
      const planned = planStatus(this.context, current, status, options);
      return {
        set: planned.set,
        activity: planned.activity,
        event: (after, at) => ({
          type: "transitioned",
          at,
          actor: this.actor,
          ticket: after,
          from: current.status,
          to: after.status,
          forced: options.force === true,
        }),
      };
    });
    return withCancelWarnings(this.context, after);
  }

  async comment(idText: string, text: string, options: WriteOptions = {}): Promise<Ticket> {
    const trimmed = text.replace(/\s+$/, "");
    if (trimmed.trim() === "") throw invalidInput("Comment must not be empty", { field: "comment" });
    if (trimmed.includes("\0") || trimmed.includes("\uFFFD")) {
      throw invalidInput("Comment looks like binary data (NUL or invalid UTF-8); comments are text", {
        field: "comment",
      });
    }
    if (Buffer.byteLength(trimmed) > MAX_COMMENT_BYTES) {
      throw invalidInput(
        `Comment is ${Buffer.byteLength(trimmed)} bytes; at most ${MAX_COMMENT_BYTES} are accepted`,
        {
          field: "comment",
        },
      );
    }
    return mutateTicket(this.context, idText, options, () => ({
      activity: [{ kind: "comment", text: trimmed }],
      event: (after, at) => ({ type: "commented", at, actor: this.actor, ticket: after, text: trimmed }),
    }));
  }

  delete(idText: string, options: WriteOptions = {}): Promise<Ticket> {
    return removeTicket(this.context, idText, options);
  }

  /** The best ready ticket (`is:ready` plus `query`), claimed atomically with `claim`. */
  next(options: NextOptions = {}): Promise<TicketSummary | Ticket> {
    return nextTicket(this.context, (query) => this.list(query, { limit: 50 }).tickets, options);
  }

  /** Claims one ticket for the acting agent; refused unless it is ready. */
  claim(idText: string): Promise<Ticket> {
    return claimTicket(this.context, idText);
  }

  /** Renews the acting agent's lease on a claimed ticket. */
  heartbeat(idText: string): Promise<Ticket> {
    return heartbeat(this.context, idText);
  }

  /** Gives the acting agent's claim back; the ticket returns to the queue. */
  release(idText: string): Promise<Ticket> {
    return releaseClaim(this.context, idText);
  }

  /** Releases every claim whose lease ran out. */
  releaseExpired(): Promise<Ticket[]> {
    return releaseExpired(this.context);
  }

  /** Tickets that point at `idText` through a relation, for warnings before delete. */
  referencing(idText: string): TicketSummary[] {
    this.refresh();
    const { id } = resolveTicket(this.project, idText);
    return this.project.index.referencing(id);
  }
}
