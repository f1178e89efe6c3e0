import { runCli } from "./run-cli.js";

/*
 * The CLI, run in this process. Loaded by cli/launcher.ts, which has already decided that no
 * running server takes the command and set up the handling of a closed stdout.
 */

const code = await runCli(process.argv);
// A command that chose its own exit code (`run` passes its child's on) keeps it.
if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
