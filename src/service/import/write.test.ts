import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fileIO, type WriteIO, writeAllOrNothing } from "./write.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "td-write-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    absolute: join(dir, `f${String(i).padStart(3, "0")}.md`),
    text: `file ${i}\n`,
  }));

describe("writeAllOrNothing", () => {
  it("writes every file, leaving no temporary files", async () => {
    await writeAllOrNothing(files(40));
    expect(readdirSync(dir)).toHaveLength(40);
    expect(readFileSync(join(dir, "f007.md"), "utf8")).toBe("file 7\n");
  });

  it("removes what it wrote when a later write fails, and says so", async () => {
    let calls = 0;
    const failing: WriteIO = {
      ...fileIO,
      create: async (path, text) => {
        calls += 1;
        if (calls === 25) throw new Error("disk full");
        await fileIO.create(path, text);
      },
    };
    await expect(writeAllOrNothing(files(40), { io: failing })).rejects.toThrow(
      /^Import failed writing .*: disk full; the \d+ files written were removed again; nothing was imported$/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("stops and removes what it wrote when aborted (Ctrl-C) half-way", async () => {
    const controller = new AbortController();
    let calls = 0;
    const io: WriteIO = {
      ...fileIO,
      create: async (path, text) => {
        if (++calls === 20) controller.abort();
        await fileIO.create(path, text);
      },
    };
    await expect(writeAllOrNothing(files(60), { io, signal: controller.signal })).rejects.toThrow(
      /^Import failed: interrupted; the (\d+) files written were removed again; nothing was imported$/,
    );
    expect(calls).toBeLessThan(60);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("never overwrites an existing file, and then removes the rest", async () => {
    const all = files(10);
    await fileIO.create(all[5]?.absolute ?? "", "someone else's\n");
    await expect(writeAllOrNothing(all)).rejects.toThrow(/EEXIST/);
    expect(readdirSync(dir)).toEqual(["f005.md"]);
    expect(readFileSync(join(dir, "f005.md"), "utf8")).toBe("someone else's\n");
  });
});
