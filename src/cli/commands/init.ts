import type { Command } from "@commander-js/extra-typings";
import { initProject } from "../../service/init.js";
import { examples, globalsOf } from "../context.js";
import { createOut } from "../output.js";

export function registerInit(program: Command): void {
  program
    .command("init")
    .description("Create a Trackdown project here: .trackdown/, tickets/ status folders, .gitignore lines")
    .argument("[dir]", "folder to initialise (default: --root, or the current folder)")
    .option("--name <name>", "project name written to the config")
    .option("--json", "print the result as JSON")
    .addHelpText("after", examples(["trackdown init", "trackdown init ../other-repo --name Payments"]))
    .action(async (dir, options, command) => {
      const target = dir ?? globalsOf(command).root ?? process.env.TRACKDOWN_ROOT ?? ".";
      const result = await initProject(target, options.name === undefined ? {} : { project: options.name });
      const out = createOut();
      if (options.json) return out.json(result);
      out.line(
        result.created.length > 0
          ? `Initialised Trackdown in ${result.root}`
          : `Already initialised: ${result.root}`,
      );
      for (const path of result.created) out.line(`  created ${path}`);
    });
}
