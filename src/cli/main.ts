import { offerBackgroundIndex } from "./background.js";
import { type CommandHost, processHost } from "./context.js";
import { runCli } from "./run-cli.js";

/*
 * The CLI, run in this process. Loaded by cli/launcher.ts, which has already decided that no
 * running server takes the command and set up the handling of a closed stdout. No top-level
 * await: the build bundles it as CommonJS.
 */

const offer = { args: process.argv.slice(2), env: process.env, entry: process.argv[1] ?? "" };

/** This process, which once a command is done may start the project's background index. */
const host: CommandHost = {
  ...processHost,
  openService: (globals) => {
    const lease = processHost.openService(globals);
    return {
      ...lease,
      settle: async () => {
        await lease.settle();
        await offerBackgroundIndex(lease.service, offer);
      },
    };
  },
};

void runCli(process.argv, host).then((code) => {
  // A command that chose its own exit code (`run` passes its child's on) keeps it.
  if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
});
