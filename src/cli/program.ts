import { Command } from "@commander-js/extra-typings";
import { ERROR_TABLE } from "../core/errors.js";
import { registerAgentWork } from "./commands/agents.js";
import { registerAudit } from "./commands/audit.js";
import { registerClaims } from "./commands/claims.js";
import { registerComment } from "./commands/comment.js";
import { registerCreate } from "./commands/create.js";
import { registerDelete } from "./commands/delete.js";
import { registerImportExport } from "./commands/import.js";
import { registerInit } from "./commands/init.js";
import { registerList } from "./commands/list.js";
import { registerMaintenance } from "./commands/maintenance.js";
import { registerMcp } from "./commands/mcp.js";
import { registerSearch } from "./commands/search.js";
import { registerServe } from "./commands/serve.js";
import { registerShow } from "./commands/show.js";
import { registerReporting } from "./commands/stats.js";
import { registerTransition } from "./commands/transition.js";
import { registerPlanning } from "./commands/tree.js";
import { registerUpdate } from "./commands/update.js";
import { type CommandHost, processHost, setHost } from "./context.js";
import { createOut, type Sink } from "./output.js";
import { packageVersion } from "./served.js";

const exitCodes = Object.entries(ERROR_TABLE)
  .sort(([, a], [, b]) => a.exit - b.exit)
  .map(([code, m]) => `  ${String(m.exit).padEnd(3)}${code.padEnd(15)}${m.meaning}`)
  .join("\n");

export interface ProgramOptions {
  /** Usage errors as `{ error: { code, message, details } }`, like every other error under --json. */
  readonly jsonErrors?: boolean;
  /** Where the commands run (default: this process). */
  readonly host?: CommandHost;
}

/** A terminal's width; 80 (commander's default) for anything else. */
const helpWidth = (sink: Sink): number => (sink.isTTY && sink.columns) || 80;

export function createProgram(options: ProgramOptions = {}): Command {
  const program = new Command()
    .name("trackdown")
    .description("Tickets as Markdown files in your repo, for teams of AI agents and people")
    .version(packageVersion())
    .option("--root <dir>", "project root (default: nearest folder with .trackdown/, or $TRACKDOWN_ROOT)")
    .option("--agent <name>", "who is acting (default: $TRACKDOWN_AGENT, then git user.name)")
    .showHelpAfterError(!options.jsonErrors && "(run with --help for usage)")
    // Set before any command is added: subcommands inherit it, so their usage errors exit 2 too.
    .exitOverride()
    .addHelpText("after", `\nExit codes:\n  0  success\n${exitCodes}\n`);
  const host = options.host ?? processHost;
  setHost(program, host);
  const colors = (sink: Sink) => createOut(sink, host.env).color;
  // Set before any command is added, like exitOverride, so that subcommands inherit it.
  program.configureOutput({
    writeOut: (text) => host.stdout.write(text),
    writeErr: (text) => host.stderr.write(text),
    getOutHelpWidth: () => helpWidth(host.stdout),
    getErrHelpWidth: () => helpWidth(host.stderr),
    getOutHasColors: () => colors(host.stdout),
    getErrHasColors: () => colors(host.stderr),
    outputError: (text, write) =>
      write(
        options.jsonErrors
          ? `${JSON.stringify({ error: { code: "INVALID_INPUT", message: text.replace(/^error: /, "").trim(), details: {} } })}\n`
          : text,
      ),
  });
  registerInit(program);
  registerCreate(program);
  registerShow(program);
  registerList(program);
  registerSearch(program);
  registerUpdate(program);
  registerTransition(program);
  registerComment(program);
  registerDelete(program);
  registerClaims(program);
  registerAgentWork(program);
  registerAudit(program);
  registerMaintenance(program);
  registerImportExport(program);
  registerReporting(program);
  registerPlanning(program);
  registerServe(program);
  registerMcp(program);
  return program;
}
