/**
 * A `trackdown serve` for the benchmarks that time CLI calls while a server runs (the CLI then
 * hands its commands to it: docs/server.md).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

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

/**
 * The background index as a user gets it (docs/server.md): one CLI call (`firstArgs`: the script
 * and its arguments) without
 * TRACKDOWN_BACKGROUND=0 starts it; resolves once it takes commands. It logs at debug level to
 * .trackdown/cache/background.log, so the bench can count the commands it ran.
 */
export async function startBackground(cli, dir, env, firstArgs) {
  const startEnv = { ...env, TRACKDOWN_LOG_LEVEL: "debug" };
  delete startEnv.TRACKDOWN_BACKGROUND;
  delete startEnv.TRACKDOWN_STANDALONE;
  const logFile = join(dir, ".trackdown", "cache", "background.log");
  const logged = () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : "");
  const run = (args) => spawnSync(process.execPath, args, { env: startEnv });
  run([cli, "--root", dir, "serve", "--stop"]);
  const first = run(firstArgs);
  if (first.status !== 0)
    throw new Error(`the call that starts the background index failed:\n${first.stderr}`);
  for (let waited = 0; !logged().includes("the background index runs"); waited += 50) {
    if (waited > 60_000) throw new Error(`no background index started:\n${logged()}`);
    await sleep(50);
  }
  const count = () =>
    logged()
      .split("\n")
      .filter((l) => l.includes('"msg":"ran a CLI command"')).length;
  return {
    async commandsRun(atLeast) {
      for (let waited = 0; count() < atLeast && waited < 2000; waited += 50) await sleep(50);
      return count();
    },
    stop: () => run([cli, "--root", dir, "serve", "--stop"]),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
