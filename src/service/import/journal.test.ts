import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  FIXTURES,
  importFixture,
  type TempProject,
  tempProject,
} from "../../../test/fixtures/import/project.js";
import { openJournal, recoverImports } from "./journal.js";
import { fileIO, type WriteIO } from "./write.js";

let project: TempProject;
beforeEach(async () => {
  project = await tempProject();
});
afterEach(() => project.close());

const paths = () => project.service.project.paths;
const journals = () => readdirSync(paths().cacheDir).filter((name) => name.startsWith("import-"));

/** Leaves the project as an import killed half-way would: its journal and some of its files. */
async function killedImport(files: { path: string; text: string }[], writtenCount: number): Promise<void> {
  await openJournal(paths(), "2026-01-31T10:00:00Z", files);
  for (const file of files.slice(0, writtenCount)) writeFileSync(join(paths().root, file.path), file.text);
  // The writer is gone: a process that has exited.
  const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
  for (const name of journals()) {
    const file = join(paths().cacheDir, name);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, "utf8")), pid: dead }));
  }
}

const FILES = [
  { path: "tickets/pending/TSK-aaaa-one.md", text: "---\nid: TSK-aaaa\n---\none\n" },
  { path: "tickets/pending/TSK-bbbb-two.md", text: "---\nid: TSK-bbbb\n---\ntwo\n" },
  { path: "tickets/pending/TSK-cccc-three.md", text: "---\nid: TSK-cccc\n---\nthree\n" },
];

describe("import journal", () => {
  it("is left alone while its import runs", async () => {
    await openJournal(paths(), "2026-01-31T10:00:00Z", FILES);
    writeFileSync(join(paths().root, FILES[0]?.path ?? ""), FILES[0]?.text ?? "");
    expect(await recoverImports(paths())).toEqual([]);
    expect(journals()).toHaveLength(1);
  });

  it("removes the files of an import killed while writing, except files changed since", async () => {
    await killedImport(FILES, 2);
    writeFileSync(join(paths().root, FILES[1]?.path ?? ""), "---\nid: TSK-bbbb\n---\nedited by hand\n");
    const recovered = await recoverImports(paths());
    expect(recovered).toEqual([
      {
        journal: expect.stringMatching(/^import-/),
        started: "2026-01-31T10:00:00Z",
        removed: 1,
        kept: [FILES[1]?.path],
      },
    ]);
    expect(existsSync(join(paths().root, FILES[0]?.path ?? ""))).toBe(false);
    expect(existsSync(join(paths().root, FILES[1]?.path ?? ""))).toBe(true);
    expect(journals()).toEqual([]);
  });

  it("the next import rolls the killed one back first and reports it", async () => {
    await killedImport(FILES, 3);
    const report = await importFixture(project, join(FIXTURES, "task-master"));
    expect(report.recovered).toMatchObject([{ removed: 3, kept: [] }]);
    expect(project.service.list("").total).toBe(9);
    expect(journals()).toEqual([]);
  });

  it("is gone after an import, and after an import rolled back", async () => {
    await importFixture(project, join(FIXTURES, "task-master"));
    expect(journals()).toEqual([]);
    const failing: WriteIO = {
      ...fileIO,
      create: async () => {
        throw new Error("disk full");
      },
    };
    await expect(
      importFixture(project, join(FIXTURES, "trackdown", "export.json"), { io: failing }),
    ).rejects.toThrow("disk full");
    expect(journals()).toEqual([]);
  });
});
