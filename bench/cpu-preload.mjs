/**
 * Preloaded into each CLI process the benchmark times (`node --import`): at exit, reports the
 * process's CPU time (user + system, all threads, start-up included) and its own uptime on
 * stderr, as one marker line that run.mjs removes. CPU time is what a call costs; it stays
 * meaningful when other work on the machine stretches wall time.
 */
import { writeSync } from "node:fs";

process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  const report = { cpuMs: (user + system) / 1000, upMs: performance.now() };
  try {
    writeSync(2, `\n@@trackdown-bench ${JSON.stringify(report)}\n`);
  } catch {
    // stderr closed: the figure is lost, the run is not.
  }
});
