import { randomBytes } from "node:crypto";
import type { TicketService } from "../service/ticket-service.js";

/** One message of the live stream: `id` is `<boot>-<sequence>`, so a restart is recognisable. */
export interface HubMessage {
  readonly id: string;
  readonly event: string;
  readonly data: string;
}

export type HubListener = (message: HubMessage) => void;

/**
 * The server's live event log: every service event gets an ID and goes to every SSE client;
 * the last `capacity` messages are kept so a client reconnecting with Last-Event-ID misses
 * nothing. Pushed, never polled.
 */
export class EventHub {
  readonly boot = randomBytes(4).toString("hex");
  private sequence = 0;
  private readonly recent: HubMessage[] = [];
  private readonly listeners = new Set<HubListener>();
  /** Listeners inside the server (caches), not counted as clients. */
  private readonly observers = new Set<HubListener>();
  /** Messages published, by event name, for /metrics. */
  readonly counts = new Map<string, number>();

  constructor(private readonly capacity = 5000) {}

  publish(event: string, payload: unknown): HubMessage {
    this.sequence += 1;
    this.counts.set(event, (this.counts.get(event) ?? 0) + 1);
    const message = { id: `${this.boot}-${this.sequence}`, event, data: JSON.stringify(payload) };
    this.recent.push(message);
    if (this.recent.length > this.capacity) this.recent.shift();
    for (const observer of this.observers) observer(message);
    for (const listener of this.listeners) listener(message);
    return message;
  }

  /** Set on shutdown: streams end so the server can close. */
  closed = false;
  private readonly closeListeners = new Set<() => void>();

  onClose(listener: () => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    for (const listener of this.closeListeners) listener();
  }

  /** Hears every message, like a client, without counting as one. */
  observe(listener: HubListener): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get clients(): number {
    return this.listeners.size;
  }

  get published(): number {
    return this.sequence;
  }

  /**
   * Messages after `lastEventId`. Undefined when they cannot be replayed (another boot, or
   * older than the buffer): the client must reload instead.
   */
  since(lastEventId: string): HubMessage[] | undefined {
    const [boot, seq] = lastEventId.split("-");
    const after = Number(seq);
    if (boot !== this.boot || !Number.isInteger(after) || after > this.sequence) return undefined;
    const oldest = this.recent[0];
    if (after < this.sequence && oldest && Number(oldest.id.split("-")[1]) > after + 1) return undefined;
    return this.recent.filter((m) => Number(m.id.split("-")[1]) > after);
  }
}

/**
 * Every event of the service goes out on the hub, named by its type. The ticket goes as its
 * summary: a client that wants the body (up to a megabyte) asks for it.
 */
export function publishServiceEvents(service: TicketService, hub: EventHub): () => void {
  return service.on((event) => {
    const { type, ...rest } = event;
    if ("ticket" in rest && "body" in rest.ticket) {
      const { body: _body, ...summary } = rest.ticket as typeof rest.ticket & { body: string };
      hub.publish(type, { ...rest, ticket: summary });
    } else hub.publish(type, rest);
  });
}
