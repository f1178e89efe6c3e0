import { randomBytes } from "node:crypto";

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

  constructor(private readonly capacity = 5000) {}

  publish(event: string, payload: unknown): HubMessage {
    this.sequence += 1;
    const message = { id: `${this.boot}-${this.sequence}`, event, data: JSON.stringify(payload) };
    this.recent.push(message);
    if (this.recent.length > this.capacity) this.recent.shift();
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
