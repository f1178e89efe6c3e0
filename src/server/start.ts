import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { invalidInput } from "../core/errors.js";
import type { TicketService } from "../service/ticket-service.js";
import { createApp, LOOPBACK_HOSTS } from "./app.js";
import type { TokenGrant } from "./auth.js";
import { EventHub, publishServiceEvents } from "./event-hub.js";
import { InFlight } from "./in-flight.js";
import { type Live, startLive } from "./live.js";
import { createLogger, type Logger } from "./logger.js";
import { ServerMetrics } from "./metrics.js";
import { RegistryScheduler } from "./registry-scheduler.js";

export interface ServerOptions {
  readonly service: TicketService;
  readonly host?: string;
  /** A port, or 0 for any free one. */
  readonly port?: number;
  /** When the port is taken, try the next ones up to this many. */
  readonly portAttempts?: number;
  readonly tokens?: readonly TokenGrant[];
  /** More Host names to answer to (beyond loopback and the bound host); `*` for any. */
  readonly allowedHosts?: readonly string[];
  /** Browser origins allowed across sites (CORS). */
  readonly allowedOrigins?: readonly string[];
  /** Watch the ticket files (default true). */
  readonly watch?: boolean;
  /**
   * Regenerate the registry after changes, debounced and in a child process (default: when the
   * project's `registry.auto` is on). Give a service from `openServerService`, which leaves the
   * registry to the server, rather than `TicketService.open`, which regenerates it after every write.
   */
  readonly registry?: boolean;
  /** From this many tickets on, whole-project reports run in a child process (default 5000). */
  readonly offloadFrom?: number;
  readonly logger?: Logger;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly hub: EventHub;
  /** The file watcher, when watching. */
  readonly live: Live | undefined;
  /** The registry's regeneration, when the server regenerates it. */
  readonly registry: RegistryScheduler | undefined;
  readonly inFlight: InFlight;
  readonly log: Logger;
  close(): Promise<void>;
}

const isLoopback = (host: string) => LOOPBACK_HOSTS.includes(host.replace(/^\[|\]$/g, ""));

/** Starts the HTTP server; binding beyond loopback requires a token. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const tokens = options.tokens ?? [];
  if (!isLoopback(host) && tokens.length === 0) {
    throw invalidInput(
      `Binding to ${host} exposes the project beyond this machine; set a token (TRACKDOWN_TOKEN) first`,
      { host },
    );
  }
  const { service } = options;
  const watching = await startWatching(options);
  const { hub, metrics, inFlight, registry, live, log, started } = watching;
  const allowedHosts = [
    ...LOOPBACK_HOSTS,
    ...(isLoopback(host) ? [] : [host]),
    ...(options.allowedHosts ?? []),
  ];
  const app = createApp({
    service,
    hub,
    tokens,
    allowedHosts,
    allowedOrigins: options.allowedOrigins,
    logger: log,
    metrics,
    inFlight,
    watch: live?.facts,
    started,
    offloadFrom: options.offloadFrom,
    registry,
  });
  const listening = await listenOnFreePort(
    app.fetch,
    host,
    options.port ?? 4600,
    options.portAttempts ?? 20,
  ).catch(async (error: unknown) => {
    await watching.close();
    throw error;
  });
  log.info(
    {
      url: listening.url,
      root: service.project.paths.root,
      watching: live !== undefined,
      tokens: tokens.length,
    },
    "server started",
  );
  return {
    ...listening,
    hub,
    live,
    registry,
    inFlight,
    log,
    close: async () => {
      log.info({ in_flight: inFlight.size }, "shutting down: finishing requests in flight");
      hub.close();
      await watching.close(() => listening.close());
      log.info({ uptime_s: Math.round((Date.now() - started) / 1000) }, "server stopped");
      log.flush();
    },
  };
}

export type WatchingOptions = Pick<ServerOptions, "service" | "watch" | "registry" | "logger">;

/** What a server keeps current beside its HTTP side: also all of the background index. */
export interface Watching {
  readonly hub: EventHub;
  readonly metrics: ServerMetrics;
  readonly inFlight: InFlight;
  readonly registry: RegistryScheduler | undefined;
  readonly live: Live | undefined;
  readonly log: Logger;
  /** Date.now() when it started. */
  readonly started: number;
  /**
   * Stops watching, then waits for `drain` (the requests still running), the service's pending
   * work and the registry's last regeneration.
   */
  close(drain?: () => Promise<void>): Promise<void>;
}

/**
 * Starts what keeps a server's view of the project current: the service's events on a hub, the
 * file watcher (resolved once it has caught up with the files) and the registry's regeneration.
 */
export async function startWatching(options: WatchingOptions): Promise<Watching> {
  const { service } = options;
  const log = options.logger ?? createLogger();
  const started = Date.now();
  const hub = new EventHub();
  const metrics = new ServerMetrics();
  const inFlight = new InFlight();
  const unpublish = publishServiceEvents(service, hub);
  const registry =
    (options.registry ?? service.project.config.registry.auto)
      ? new RegistryScheduler({ project: service.project, log })
      : undefined;
  const unregistry = registry ? service.on(() => registry.request()) : () => {};
  const live =
    options.watch === false ? undefined : startLive({ service, hub, log, metrics, inFlight, registry });
  try {
    await live?.ready;
  } catch (error) {
    live?.close();
    unregistry();
    unpublish();
    throw error;
  }
  return {
    hub,
    metrics,
    inFlight,
    registry,
    live,
    log,
    started,
    close: async (drain) => {
      live?.close();
      await drain?.();
      await service.flush();
      unregistry();
      await registry?.close();
      unpublish();
    },
  };
}

async function listenOnFreePort(
  fetch: (request: Request) => Response | Promise<Response>,
  host: string,
  first: number,
  attempts: number,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const tries = first === 0 ? 1 : attempts;
  for (let i = 0; i < tries; i += 1) {
    const port = first === 0 ? 0 : first + i;
    const started = await listen(fetch, host, port).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" && i + 1 < tries) return undefined;
      throw error;
    });
    if (started) return started;
  }
  throw invalidInput(`No free port in ${first}–${first + tries - 1}`);
}

function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  host: string,
  port: number,
): Promise<{ url: string; port: number; close(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname: host, port }, (info: AddressInfo) => {
      const shown = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            // Stop accepting; requests in flight (a write) finish. Each connection closes as soon
            // as it is idle: keep-alives now, an event stream once the hub has ended it (the
            // client would otherwise hold it open until its keep-alive timeout).
            const closeIdle = () => {
              if ("closeIdleConnections" in server) server.closeIdleConnections();
            };
            const sweep = setInterval(closeIdle, 25);
            server.close(() => {
              clearInterval(sweep);
              done();
            });
            closeIdle();
          }),
      });
    });
    server.once("error", reject);
  });
}
