import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { toTrackdownError } from "../core/errors.js";

/** A tool's answer: compact text for the model, the same facts as JSON for programs. */
export function toolResult(text: string, structured: Record<string, unknown>): CallToolResult {
  return { content: [{ type: "text", text }], structuredContent: structured };
}

/**
 * A failure as an MCP tool error (`isError: true`), so the model can read it and correct its
 * call. The text is the CLI's message, prefixed with the error code.
 */
export function errorResult(error: unknown, log: (line: string) => void = defaultLog): CallToolResult {
  const failure = toTrackdownError(error);
  if (failure.code === "INTERNAL") {
    log(`trackdown mcp: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  const pointer = failure.details.pointer;
  const text = `${failure.code}: ${failure.message}${typeof pointer === "string" ? `\n${pointer}` : ""}`;
  return {
    content: [{ type: "text", text }],
    structuredContent: { error: failure.toJSON() },
    isError: true,
  };
}

/**
 * Runs one tool call. This is the MCP surface's error boundary: each call is an entry point,
 * so a TrackdownError is rendered here and nowhere else.
 */
export async function runTool(work: () => Promise<CallToolResult> | CallToolResult): Promise<CallToolResult> {
  try {
    return await work();
  } catch (error) {
    return errorResult(error);
  }
}

function defaultLog(line: string): void {
  process.stderr.write(`${line}\n`);
}
