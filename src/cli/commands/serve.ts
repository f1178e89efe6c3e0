import { spawn } from "node:child_process";
import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import { TicketService } from "../../service/ticket-service.js";
import { examples, globalsOf } from "../context.js";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("Run the REST API and live event stream for this project (one long-lived process)")
    .option("-p, --port <port>", "port; when taken, the next free one is used", "4600")
    .option("--host <host>", "interface to bind; anything but loopback needs TRACKDOWN_TOKEN", "127.0.0.1")
    .option("--open", "open the dashboard in a browser")
    .addHelpText(
      "after",
      examples([
        "trackdown serve",
        "trackdown serve --port 8080 --open",
        "TRACKDOWN_TOKEN=s3cret trackdown serve --host 0.0.0.0",
      ]),
    )
    .action(async (options, command) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw invalidInput(`--port must be 0–65535, not "${options.port}"`);
      const globals = globalsOf(command);
      const service = TicketService.open({ root: globals.root, actor: globals.agent });
      const { startServer } = await import("../../server/start.js");
      const token = process.env.TRACKDOWN_TOKEN;
      const server = await startServer({
        service,
        host: options.host,
        port,
        tokens: token ? [{ token, role: "write" }] : [],
      });
      process.stderr.write(`Trackdown serving ${service.project.paths.root} at ${server.url}\n`);
      if (options.open) openBrowser(server.url);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write("Shutting down: finishing requests in flight\n");
          void server.close().then(() => {
            service.close();
            resolve();
          });
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}

function openBrowser(url: string): void {
  const opener = process.platform === "darwin" ? "open" : process.platform === "win32" ? "start" : "xdg-open";
  const child = spawn(opener, [url], { detached: true, stdio: "ignore" });
  child.on("error", () => process.stderr.write(`Open ${url} in a browser (could not run ${opener})\n`));
  child.unref();
}
