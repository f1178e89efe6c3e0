import { resolve } from "node:path";
import type { Command } from "@commander-js/extra-typings";
import { createBackup } from "../../service/backup.js";
import { restoreBackup, restoreTarget } from "../../service/backup-restore.js";
import { examples, globalsOf, withService } from "../context.js";
import { createOut } from "../output.js";

/** `backup <file>` and `restore <file>`: the project's files as one verified .tar.gz. */
export function registerBackup(program: Command): void {
  program
    .command("backup")
    .description(
      "Write config, templates, sprints, every ticket file and the registry to a .tar.gz with a sha256 manifest",
    )
    .argument("<file>", "the archive to write, e.g. backup.tar.gz")
    .option("--force", "overwrite the file if it exists")
    .option("--json", "print { file, files, tickets, bytes, skipped } as JSON")
    .addHelpText(
      "after",
      examples([
        "trackdown backup backup-2026-03-01.tar.gz",
        "trackdown backup /mnt/backups/tickets.tar.gz --force",
      ]),
    )
    .action(async (file, options, command) => {
      await withService(command, async (service, out) => {
        const report = await createBackup(service.project, resolve(file), {
          force: options.force,
          now: service.context.now(),
        });
        if (options.json) return out.json(report);
        out.line(`${report.file}: ${report.files} files (${report.tickets} tickets), ${report.bytes} bytes`);
        for (const path of report.skipped) out.warn(`warning: left out ${path}: not a regular file`);
      });
    });

  program
    .command("restore")
    .description(
      "Restore a backup into the project (or into an empty folder); verified in full before anything is written",
    )
    .argument("<file>", "a .tar.gz written by trackdown backup")
    .option("--force", "overwrite existing files and replace tickets with the same ID")
    .option("--json", "print { root, files, written, unchanged, replaced, removed, tickets } as JSON")
    .addHelpText(
      "after",
      examples([
        "trackdown restore backup.tar.gz --root ./restored",
        "trackdown restore backup.tar.gz --force",
      ]),
    )
    .action(async (file, options, command) => {
      const globals = globalsOf(command);
      const root = restoreTarget(process.cwd(), globals.root ?? process.env.TRACKDOWN_ROOT);
      const report = await restoreBackup(root, resolve(file), { force: options.force });
      const out = createOut();
      if (options.json) return out.json(report);
      out.line(
        `Restored ${report.written.length} files into ${report.root} (${report.unchanged} already identical); ${report.tickets} tickets indexed`,
      );
      for (const path of report.removed) out.line(`removed ${path} (its ticket is restored at another path)`);
    });
}
