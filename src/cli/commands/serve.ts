import { spawn } from "node:child_process";
import { type Command, Option } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import { findProjectRoot, projectPaths } from "../../store/project.js";
import { stopBackgroundIndex } from "../background.js";
import { collect, examples, globalsOf, hostOf, outOf } from "../context.js";
import type { Out } from "../output.js";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Run the REST API and live event stream for this project (one long-lived process)")
    .option("-p, --port <port>", "port; when taken, the next free one is used (0: any free port)", "4600")
    .option("--host <host>", "interface to bind; anything but loopback needs a token", "127.0.0.1")
    .option("--allow-host <names>", "more Host names to answer to, comma-separated ('*': any)", collect, [])
    .option("--cors <origins>", "browser origins allowed across sites, comma-separated", collect, [])
    .option("--no-watch", "do not watch the ticket files (every read scans them instead)")
    .option("--no-cli-socket", "do not run this project's CLI commands (they then each open the index)")
    .option("--open", "open the dashboard in a browser")
    .addOption(
      new Option(
        "--background",
        "only the CLI's commands, no HTTP; exits when idle (started by the CLI itself)",
      ).conflicts(["open", "stop"]),
    )
    .option("--stop", "stop the project's background index, if one runs")
    .addHelpText(
      "after",
      `${examples([
        "trackdown serve",
        "trackdown serve --port 8080 --open",
        "TRACKDOWN_TOKEN=s3cret trackdown serve --host 0.0.0.0 --allow-host tickets.internal",
        "curl -s localhost:4600/api/tickets?q=status:open | jq .total",
        "trackdown serve --stop",
      ])}
In a project of 2,000 tickets or more (config: background), a CLI command that ran in its own
process starts "serve --background" for the commands after it; it exits after 15 idle minutes.
Tokens: TRACKDOWN_TOKEN (write), TRACKDOWN_READ_TOKEN (read), and config's server.tokens.
Logs are JSON lines on stderr (TRACKDOWN_LOG_LEVEL: info, debug, warn, silent).
API reference: /api/docs on the running server; docs/server.md.
`,
    )
    .action(async (options, command) => {
      const globals = globalsOf(command);
      if (options.stop) {
        const host = hostOf(command);
        const root = findProjectRoot(host.cwd, globals.root ?? host.env.TRACKDOWN_ROOT);
        return stopBackground(root, outOf(command));
      }
      if (options.background) {
        const { runBackgroundIndex } = await import("../background-server.js");
        return runBackgroundIndex({ root: globals.root, actor: globals.agent });
      }
      const port = Number(options.port);
      if (!/^\d+$/.test(options.port) || port > 65535)
        throw invalidInput(`--port must be a whole number from 0 to 65535, not "${options.port}"`, {
          value: options.port,
        });
      const { openServerService } = await import("../../server/open-service.js");
      const { startServer } = await import("../../server/start.js");
      const { tokensFrom } = await import("../../server/auth.js");
      const { limitHeapGrowth } = await import("../../server/heap.js");
      limitHeapGrowth();
      const service = openServerService({ root: globals.root, actor: globals.agent });
      const server = await startServer({
        service,
        host: options.host,
        port,
        tokens: tokensFrom(service.project.config.server),
        allowedHosts: options.allowHost,
        allowedOrigins: [...(service.project.config.server?.cors ?? []), ...options.cors],
        watch: options.watch,
      }).catch((error: unknown) => {
        service.close();
        throw error;
      });
      const { takeCommands } = await import("../serve-commands.js");
      // This server takes the CLI's commands in place of a background index (it finishes its writes).
      if (options.cliSocket) await stopBackgroundIndex(service.project.paths);
      const commands = options.cliSocket
        ? await takeCommands({
            service,
            sync: server.live?.sync,
            registry: server.registry,
            inFlight: server.inFlight,
            log: server.log,
          })
        : undefined;
      const served = commands ? " (the CLI's commands run here)" : "";
      process.stderr.write(`Trackdown serving ${service.project.paths.root} at ${server.url}${served}\n`);
      if (options.open) openBrowser(server.url);
      await new Promise<void>((resolve) => {
        const stop = async () => {
          await commands?.close(); // first: the CLI's writes finish on the live watcher and registry
          await server.close();
          service.close();
          resolve();
        };
        process.once("SIGINT", () => void stop());
        process.once("SIGTERM", () => void stop());
      });
    });
}

async function stopBackground(root: string, out: Out): Promise<void> {
  const pid = await stopBackgroundIndex(projectPaths(root));
  out.line(
    pid === undefined
      ? "No background index runs for this project"
      : `Stopped the background index (pid ${pid})`,
  );
}

function openBrowser(url: string): void {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "start" : "xdg-open";
  const child = spawn(opener, [url], { detached: true, stdio: "ignore" });
  child.on("error", () => process.stderr.write(`Open ${url} in a browser (could not run ${opener})\n`));
  child.unref();
}
