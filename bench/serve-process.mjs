/**
 * A `trackdown serve` for the benchmarks that time CLI calls while a server runs (the CLI then
 * hands its commands to it: docs/server.md).
 */
import { spawn } from "node:child_process";

/**
 * Starts `trackdown serve` (the `cli` bundle) on a data set and resolves once it takes CLI commands; it logs at
 * debug level, so the bench can count the commands it actually ran.
 */
export function startServe(cli, dir, env) {
  const child = spawn(process.execPath, [cli, "--root", dir, "serve", "--port", "0"], {
    env: { ...env, TRACKDOWN_LOG_LEVEL: "debug" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let logged = "";
  child.stderr.on("data", (chunk) => {
    logged += chunk.toString();
  });
  const count = () => logged.split("\n").filter((l) => l.includes('"msg":"ran a CLI command"')).length;
  const server = {
    async commandsRun(atLeast) {
      for (let waited = 0; count() < atLeast && waited < 2000; waited += 50) await sleep(50);
      return count();
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", resolve);
        child.kill("SIGTERM");
      }),
  };
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (!logged.includes("Trackdown serving")) return;
      clearInterval(timer);
      if (!logged.includes("the CLI's commands run here"))
        reject(new Error(`serve does not take CLI commands:\n${logged}`));
      else resolve(server);
    }, 20);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`serve exited with ${code}:\n${logged}`));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
