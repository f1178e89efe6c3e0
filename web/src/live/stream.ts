import { getToken } from "../api/client.js";
import type { LiveEvent } from "../api/types.js";

/**
 * The live event stream (`GET /api/events`, Server-Sent Events). EventSource reconnects by
 * itself and sends Last-Event-ID; when the server cannot replay what was missed (it restarted)
 * it says `reset`, and every view refetches. When the connection is refused outright (the
 * browser gives up on a 401 or 5xx) this reopens it with a growing delay. Nothing polls.
 */

export const EVENT_TYPES = [
  "created",
  "updated",
  "transitioned",
  "commented",
  "claimed",
  "released",
  "deleted",
  "workflow-step",
  "agent-run",
  "imported",
  "archived",
  "unarchived",
  // A ticket file changed on disk without the server (a hand edit, another process, git).
  "file-changed",
  "problem",
  "config-changed",
] as const;

export type LiveState = "connecting" | "live" | "offline";
export type LiveListener = (event: LiveEvent) => void;
type StateListener = (state: LiveState) => void;

/** How long a new connection may take to say hello before it is replaced. */
const HELLO_WITHIN_MS = 4000;

/** A `reset` event: the client missed events and must reload what it shows. */
export const RESET: LiveEvent = { type: "reset" };

export class LiveStream {
  private source: EventSource | undefined;
  private readonly listeners = new Set<LiveListener>();
  private readonly stateListeners = new Set<StateListener>();
  private boot: string | undefined;
  private retryMs = 1000;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private watchdog: ReturnType<typeof setTimeout> | undefined;
  state: LiveState = "connecting";

  constructor(private readonly url = "/api/events") {}

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: StateListener): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  start(): void {
    this.stop();
    const token = getToken();
    const source = new EventSource(token ? `${this.url}?token=${encodeURIComponent(token)}` : this.url);
    this.source = source;
    this.setState("connecting");
    source.addEventListener("hello", (message) => this.hello(message));
    source.addEventListener("reset", () => this.emit(RESET));
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, (message) => this.event(type, message));
    }
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) this.retryLater();
      else this.setState("connecting");
    };
    this.armWatchdog();
  }

  /**
   * A stream that opens but never says hello (a connection stuck in the browser or a proxy) is
   * replaced after a few seconds; the replacement resyncs every view.
   */
  private armWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      if (this.state !== "live") this.resume();
    }, HELLO_WITHIN_MS);
  }

  /** Reopens the stream after a pause and tells every view to refetch what it may have missed. */
  resume(): void {
    this.start();
    this.emit(RESET);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.watchdog) clearTimeout(this.watchdog);
    this.source?.close();
    this.source = undefined;
  }

  private hello(message: MessageEvent<string>): void {
    const boot = parse<{ boot?: string }>(message.data)?.boot;
    // A new boot means a restart: whatever happened in between was not replayed.
    if (this.boot !== undefined && boot !== this.boot) this.emit(RESET);
    this.boot = boot;
    this.retryMs = 1000;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.setState("live");
  }

  private event(type: string, message: MessageEvent<string>): void {
    const payload = parse<Omit<LiveEvent, "type">>(message.data) ?? {};
    this.emit({ ...payload, type });
  }

  private emit(event: LiveEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private retryLater(): void {
    this.setState("offline");
    this.source?.close();
    this.timer = setTimeout(() => this.start(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 15_000);
  }

  private setState(state: LiveState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

function parse<T>(data: string): T | undefined {
  try {
    return JSON.parse(data) as T;
  } catch {
    return undefined;
  }
}

export const live = new LiveStream();
