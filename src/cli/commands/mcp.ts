import type { Command } from "@commander-js/extra-typings";
import { examples, withService } from "../context.js";

/** `trackdown mcp`: the MCP server over stdio, for one agent. */
export function registerMcp(program: Command): void {
  program
    .command("mcp")
    .description(
      "Serve the Model Context Protocol over stdio for one agent (stdout is the MCP channel; logs go to stderr)",
    )
    .addHelpText(
      "after",
      `
The agent is --agent, else $TRACKDOWN_AGENT, else git's user.name. Tools: query, get, create,
update, transition, comment, next, progress, complete, fail, overview. See docs/mcp.md.
${examples([
  "trackdown mcp --root ~/src/app --agent engineer-agent",
  "TRACKDOWN_AGENT=qa-agent trackdown mcp",
  'claude mcp add -e TRACKDOWN_AGENT=engineer-agent trackdown -- trackdown mcp --root "$PWD"',
])}`,
    )
    .action(async (_options, command) => {
      // stdout carries MCP messages only: a stray console.log anywhere would corrupt the stream.
      console.log = console.error;
      console.info = console.error;
      console.debug = console.error;
      // Loaded here, not at start-up: the MCP SDK is large and only this command needs it.
      const { serveStdio } = await import("../../mcp/server.js");
      await withService(command, async (service) => {
        process.stderr.write(`trackdown mcp: serving ${service.project.paths.root} as ${service.actor}\n`);
        await serveStdio(service, { version: command.parent?.version() });
      });
    });
}
