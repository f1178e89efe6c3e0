import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { TicketService } from "../service/ticket-service.js";
import { registerOverviewTool } from "./tools/overview.js";
import { registerReadTools } from "./tools/read.js";
import { registerWorkTools } from "./tools/work.js";
import { registerWriteTools } from "./tools/write.js";

export interface McpServerOptions {
  /** Reported to clients in the handshake. */
  readonly version?: string | undefined;
}

/** The names of the tools, in the order clients list them. */
export const TOOL_NAMES = [
  "query",
  "get",
  "create",
  "update",
  "transition",
  "comment",
  "next",
  "progress",
  "complete",
  "fail",
  "overview",
] as const;

/**
 * An MCP server whose tools are thin calls into `service`, acting as the service's actor.
 * It is not connected: serve it over stdio with `serveStdio`, or mount it under HTTP.
 */
export function createMcpServer(service: TicketService, options: McpServerOptions = {}): McpServer {
  const server = new McpServer(
    { name: "trackdown", version: options.version ?? "0.0.0" },
    { instructions: instructions(service.actor), capabilities: { tools: {} } },
  );
  registerReadTools(server, service);
  registerWriteTools(server, service);
  registerWorkTools(server, service);
  registerOverviewTool(server, service);
  return server;
}

function instructions(agent: string): string {
  return [
    `Trackdown tickets for this project; you act as "${agent}".`,
    "Work loop: next {claim:true} takes the best ready ticket; progress {percent, note} every few steps;",
    "complete when done (acceptance criteria must be checked), fail {reason} when stuck.",
    "query/get/overview read; create/update/transition/comment write. IDs accept any unique prefix.",
  ].join(" ");
}

/**
 * Serves `service` over stdin/stdout until the client closes stdin. Only MCP messages go to
 * stdout; anything else belongs on stderr.
 */
export async function serveStdio(
  service: TicketService,
  options: McpServerOptions & { stdin?: NodeJS.ReadStream; stdout?: NodeJS.WriteStream } = {},
): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const server = createMcpServer(service, options);
  const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
  });
  // The SDK's transport does not notice the end of its input; without this, the process would
  // outlive its client.
  const end = () => void server.close();
  stdin.once("end", end);
  stdin.once("close", end);
  await server.connect(transport);
  await closed;
}
