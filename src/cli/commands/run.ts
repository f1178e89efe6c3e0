import type { Command } from "@commander-js/extra-typings";
import { type RunResult, runTracked } from "../../service/runs.js";
import type { InterruptState } from "../../service/runs-process.js";
import { describeRun } from "../../service/runs-record.js";
import { examples, withService } from "../context.js";

/** `run <id> -- <command...>`: run a command as work on a ticket, and record the run. */
export function registerRun(program: Command): void {
  program
    .command("run")
    .summary("Run a command as work on a ticket and record the run")
    .description(
      "Run a command as work on a ticket: the ticket goes in progress (or your workflow step starts), the run is recorded, and the ticket or step completes on exit code 0 or fails otherwise",
    )
    .argument("<id>", "ticket ID or unique prefix")
    .argument("[command...]", 'the command and its arguments, after "--"')
    .addHelpText(
      "after",
      `${examples([
        "trackdown run TSK-7f3k -- npm test",
        'trackdown run TSK-7f3k --agent "QA Agent" -- npx playwright test',
        "TRACKDOWN_AGENT=engineer trackdown run TSK-7f3k -- make build",
      ])}
The command's output passes through; trackdown's own lines go to stderr. trackdown exits with
the command's exit code (128 + the signal's number if a signal killed it, 127 if the command
was not found). Ctrl-C or SIGTERM is passed on to the command and the run is recorded as
interrupted, releasing your claim; a second Ctrl-C kills the command.
`,
    )
    .action(async (id, command, _options, cmd) => {
      const interrupts: InterruptState = { signal: null };
      const onSignal = (signal: NodeJS.Signals) => {
        interrupts.signal ??= signal;
        interrupts.forward?.(signal);
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      // The entry point exits at once when stdout's reader leaves (EPIPE); while a command runs,
      // the runner stops passing output on instead, and the run must still be recorded.
      const exitOnEpipe = process.stdout.listeners("error");
      process.stdout.removeAllListeners("error");
      process.stdout.on("error", ignoreEpipe);
      try {
        const code = await withService(cmd, async (service) => {
          const result = await runTracked(service, id, { command, interrupts });
          report(result);
          return result.exitCode;
        });
        passOn(code);
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        process.stdout.off("error", ignoreEpipe);
        for (const listener of exitOnEpipe) process.stdout.on("error", listener as (error: Error) => void);
      }
    });
}

function ignoreEpipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
}

function report(result: RunResult): void {
  const { ticket, run } = result;
  const step = run.step ? `; step ${run.step} ${ticket.workflow?.[run.step - 1]?.status ?? ""}` : "";
  const released = result.releasedClaim ? "; claim released" : "";
  process.stderr.write(
    `trackdown: ${ticket.id}: ${describeRun(run)}${step}; ticket ${ticket.status}${released}\n`,
  );
  if (result.refused) process.stderr.write(`trackdown: ${result.refused.message}\n`);
}

/**
 * The command's exit code becomes trackdown's. The entry point sets the exit code from its own
 * result after the action returns, so the command's code is set again as the process exits.
 */
function passOn(code: number): void {
  if (code === 0) return;
  process.exitCode = code;
  process.once("exit", () => {
    process.exitCode = code;
  });
}
