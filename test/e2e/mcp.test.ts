import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TOOL_NAMES } from "../../src/mcp/server.js";
import { initProject } from "../../src/service/init.js";
import { TicketService } from "../../src/service/ticket-service.js";

const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
const AGENT = "engineer-agent";
const run = promisify(execFile);
const INIT = { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } };

let root: string;
let client: Client;
let stderr: string;

interface ToolResult {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-mcp-"));
  await initProject(root);
  stderr = "";
  const env = { ...(process.env as Record<string, string>), TRACKDOWN_AGENT: AGENT };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, "mcp", "--root", root],
    env,
    stderr: "pipe",
  });
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  client = new Client({ name: "trackdown-e2e", version: "1.0.0" });
  await client.connect(transport);
});

afterEach(async () => {
  await client.close();
  rmSync(root, { recursive: true, force: true });
});

async function call(name: string, args: Record<string, unknown> = {}): Promise<ToolResult> {
  return (await client.callTool({ name, arguments: args })) as ToolResult;
}

function textOf(result: ToolResult): string {
  return result.content.map((c) => c.text ?? "").join("\n");
}

/** The ticket's file as it is on disk now: its folder and its text. */
function onDisk(id: string): { folder: string; text: string } {
  const tickets = join(root, "tickets");
  for (const folder of readdirSync(tickets)) {
    const file = readdirSync(join(tickets, folder)).find((name) => name.startsWith(`${id}-`));
    if (file) return { folder, text: readFileSync(join(tickets, folder, file), "utf8") };
  }
  throw new Error(`no file for ${id} under ${tickets}`);
}

describe("trackdown mcp over stdio", () => {
  it("lists its tools, each with an input schema", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOL_NAMES].sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.description, tool.name).toBeTruthy();
    }
    const create = tools.find((t) => t.name === "create");
    expect(create?.inputSchema.required).toEqual(["title"]);
    expect(Object.keys(create?.inputSchema.properties ?? {})).toContain("criteria");
    expect(stderr).toContain(`as ${AGENT}`);
  });

  it("runs an agent's loop: create, next with claim, progress, complete — each visible on disk", async () => {
    const created = await call("create", {
      title: "Fix import error",
      priority: "high",
      description: "Loader.",
    });
    expect(created.isError).toBeFalsy();
    const id = String(created.structuredContent?.id);
    expect(textOf(created)).toBe(
      `Created ${id} pending high - Fix import error (${created.structuredContent?.path})`,
    );
    let file = onDisk(id);
    expect(file.folder).toBe("pending");
    expect(file.text).not.toContain("claim:");

    const next = await call("next", { claim: true });
    expect(next.isError, textOf(next)).toBeFalsy();
    expect(textOf(next)).toMatch(new RegExp(`^Claimed until \\S+:\\n${id} in_progress high ${AGENT} Fix`));
    file = onDisk(id);
    expect(file.folder).toBe("in-progress");
    expect(file.text).toMatch(new RegExp(`claim:\\n\\s+agent: ${AGENT}`));
    expect(file.text).toContain(`assignee: ${AGENT}`);
    expect(file.text).toMatch(new RegExp(`${AGENT}: status pending → in_progress`));

    const progress = await call("progress", { percent: 40, note: "Found the bad regex" });
    expect(progress.isError, textOf(progress)).toBeFalsy();
    file = onDisk(id);
    expect(file.text).toMatch(new RegExp(`${AGENT} commented: Progress 40%: Found the bad regex`));
    expect(file.text).toMatch(new RegExp(`claim:\\n\\s+agent: ${AGENT}`));

    const done = await call("complete", { note: "Fixed and tested" });
    expect(done.isError, textOf(done)).toBeFalsy();
    expect(textOf(done)).toMatch(new RegExp(`^Completed ${id} completed high ${AGENT} `));
    file = onDisk(id);
    expect(file.folder).toBe("completed");
    expect(file.text).toMatch(/^status: completed$/m);
    expect(file.text).toMatch(/^completed: '?\d{4}-/m);
    const activity = file.text.slice(file.text.indexOf("## Activity"));
    expect(activity).toMatch(/status in_progress → completed[^\n]*\n.*commented: Fixed and tested/);
  });

  it("returns a tool error with the CLI's message for an unknown ID", async () => {
    const result = await call("get", { id: "TSK-zzzz" });
    expect(result.isError).toBe(true);
    const cli = await run(process.execPath, [CLI, "--root", root, "show", "TSK-zzzz"]).catch(
      (error: { stderr: string }) => error,
    );
    const message = cli.stderr.trim().replace(/^trackdown: /, "");
    expect(message).toBe('No ticket with ID "TSK-zzzz"');
    expect(textOf(result)).toBe(`NOT_FOUND: ${message}`);
    expect(result.structuredContent?.error).toMatchObject({ code: "NOT_FOUND", message });
  });

  it("refuses completion at a gate, names what is missing, and leaves the file as it was", async () => {
    const created = await call("create", { title: "Ship it", criteria: ["tests pass"] });
    const id = String(created.structuredContent?.id);
    const refused = await call("complete", { id });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^GATE: .*tests pass/);
    expect(onDisk(id).folder).toBe("pending");
  });

  it("lists 50 tickets in compact form at under 60 characters per ticket", async () => {
    const service = TicketService.open({ root, actor: "pm" });
    const verbs = ["Fix", "Add", "Refactor", "Document", "Test"];
    for (let i = 0; i < 50; i += 1) {
      const priority = (["critical", "high", "medium", "low"] as const)[i % 4];
      await service.create({ title: `${verbs[i % 5]} the import loader, part ${i}`, priority });
    }
    await service.flush();
    service.close();
    const result = await call("query", { query: "is:open", limit: 50 });
    const text = textOf(result);
    expect(text.split("\n")).toHaveLength(50);
    expect(text.length / 50).toBeLessThan(60);
    expect(result.structuredContent?.total).toBe(50);
    expect(result.structuredContent?.tickets).toHaveLength(50);
  });

  it("writes only JSON-RPC messages to stdout and exits when its input ends", async () => {
    const child = spawn(process.execPath, [CLI, "mcp", "--root", root], {
      env: { ...process.env, TRACKDOWN_AGENT: AGENT },
    });
    const messages = [
      { jsonrpc: "2.0", id: 1, method: "initialize", params: INIT },
      { jsonrpc: "2.0", method: "notifications/initialized" },
      {
        jsonrpc: "2.0",
        id: 2,
        method: "tools/call",
        params: { name: "create", arguments: { title: "Raw" } },
      },
      { jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "get", arguments: { id: "BUG-0000" } } },
    ];
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      // Close the input once both calls are answered; the server must then exit by itself.
      if ((stdout.match(/\n/g) ?? []).length === 3) child.stdin.end();
    });
    child.stdin.write(messages.map((m) => `${JSON.stringify(m)}\n`).join(""));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    // Calls run concurrently, so answers may come in any order.
    const parsed = lines
      .map((line) => JSON.parse(line) as { id: number; result: ToolResult })
      .sort((a, b) => a.id - b.id);
    expect(parsed.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(parsed[1]?.result.content[0]?.text).toMatch(/^Created /);
    expect(parsed[2]?.result.isError).toBe(true);
  });
});
