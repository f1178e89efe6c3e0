import type { Command } from "@commander-js/extra-typings";
import { TrackdownError } from "../../core/errors.js";
import { runDoctor } from "../../service/doctor.js";
import { validateProject } from "../../service/validate.js";
import { examples, withService } from "../context.js";
import { paint } from "../output.js";

/** `validate`, `reindex` and `doctor`: the commands that look after the project itself. */
export function registerMaintenance(program: Command): void {
  program
    .command("validate")
    .description("Check every ticket: schema, statuses, types, dangling references, cycles, duplicate IDs")
    .option("--json", "print { ok, checked, problems } as JSON")
    .addHelpText("after", examples(["trackdown validate", "trackdown validate --json | jq '.problems[]'"]))
    .action(async (options, command) => {
      await withService(command, (service, out) => {
        const report = validateProject(service.project);
        if (options.json) out.json(report);
        else {
          for (const p of report.problems) out.line(`${p.path}: ${paint(out, "red", p.kind)}: ${p.message}`);
          out.line(
            report.ok
              ? `${report.checked} tickets, no problems`
              : `${report.problems.length} problems in ${report.checked} tickets`,
          );
        }
        if (!report.ok) {
          throw new TrackdownError("INVALID_INPUT", `validate found ${report.problems.length} problems`, {
            reported: true,
          });
        }
      });
    });

  program
    .command("reindex")
    .description("Rebuild the search index from the ticket files (never needed for correctness)")
    .option("--json", "print the refresh report as JSON")
    .addHelpText("after", examples(["trackdown reindex"]))
    .action(async (options, command) => {
      await withService(command, (service, out) => {
        const report = service.reindex();
        if (options.json) return out.json(report);
        out.line(`Indexed ${report.scanned} files in ${report.durationMs.toFixed(0)} ms`);
      });
    });

  program
    .command("doctor")
    .description(
      "Diagnose the project; --fix removes write leftovers, moves misplaced files, renumbers duplicate IDs",
    )
    .option("--fix", "repair what can be repaired safely")
    .option("--json", "print the report as JSON")
    .addHelpText("after", examples(["trackdown doctor", "trackdown doctor --fix"]))
    .action(async (options, command) => {
      await withService(command, async (service, out) => {
        const report = await runDoctor(service.project, {
          fix: options.fix === true,
          actor: service.actor,
          now: new Date(),
        });
        const remaining = report.problems.length + report.tempFiles.length;
        if (options.json) out.json(report);
        else {
          for (const line of report.fixed) out.line(`fixed: ${line}`);
          for (const p of report.problems) out.line(`${p.path}: ${paint(out, "red", p.kind)}: ${p.message}`);
          for (const temp of report.tempFiles) {
            out.line(`${temp}: leftover of an interrupted write (doctor --fix removes it)`);
          }
          if (remaining === 0) out.line("No problems found");
        }
        if (remaining > 0) {
          throw new TrackdownError("INVALID_INPUT", `doctor found ${remaining} problems`, { reported: true });
        }
      });
    });
}
