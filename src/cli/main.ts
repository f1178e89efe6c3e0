import { runCli } from "./run-cli.js";

/*
 * The CLI, run in this process. Loaded by cli/launcher.ts, which has already decided that no
 * running server takes the command and set up the handling of a closed stdout. No top-level
 * await: the build bundles it as CommonJS.
 */

void runCli(process.argv).then((code) => {
  // A command that chose its own exit code (`run` passes its child's on) keeps it.
  if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
});
