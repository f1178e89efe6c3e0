import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { invalidInput } from "../core/errors.js";
import type { TicketService } from "../service/ticket-service.js";
import { createApp, LOOPBACK_HOSTS } from "./app.js";
import type { TokenGrant } from "./auth.js";
import { EventHub } from "./event-hub.js";

export interface ServerOptions {
  readonly service: TicketService;
  readonly host?: string;
  /** A port, or 0 for any free one. */
  readonly port?: number;
  /** When the port is taken, try the next ones up to this many. */
  readonly portAttempts?: number;
  readonly tokens?: readonly TokenGrant[];
  readonly log?: (message: string) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly hub: EventHub;
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
    );
  }
  const hub = new EventHub();
  options.service.on((event) => {
    const { type, ...rest } = event;
    hub.publish(type, rest);
  });
  const allowedHosts = isLoopback(host) ? LOOPBACK_HOSTS : [...LOOPBACK_HOSTS, host];
  const app = createApp({ service: options.service, hub, tokens, allowedHosts });
  const first = options.port ?? 4600;
  const attempts = first === 0 ? 1 : (options.portAttempts ?? 20);
  for (let i = 0; i < attempts; i += 1) {
    const port = first === 0 ? 0 : first + i;
    const started = await listen(app.fetch, host, port).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" && i + 1 < attempts) return undefined;
      throw error;
    });
    if (started) {
      return {
        ...started,
        hub,
        close: async () => {
          hub.close();
          await started.close();
          await options.service.flush();
        },
      };
    }
  }
  throw invalidInput(`No free port in ${first}–${first + attempts - 1}`);
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
            // Stop accepting; requests in flight (a write) finish, idle keep-alives close now.
            server.close(() => done());
            if ("closeIdleConnections" in server) server.closeIdleConnections();
          }),
      });
    });
    server.once("error", reject);
  });
}
