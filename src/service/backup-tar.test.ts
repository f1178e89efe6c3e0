import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { TrackdownError } from "../core/errors.js";
import { readTar, writeTar } from "./backup-tar.js";

const entries = [
  { path: "tickets/pending/TSK-1-a.md", data: Buffer.from("---\nid: TSK-1\n---\n") },
  { path: "empty.txt", data: Buffer.alloc(0) },
  { path: "exactly-512.bin", data: Buffer.alloc(512, 7) },
  { path: `tickets/${"long-folder-name/".repeat(8)}TSK-2-${"x".repeat(80)}.md`, data: Buffer.from("long") },
  { path: `tickets/${"y".repeat(120)}.md`, data: Buffer.from("no slash to split at") },
  { path: "tickets/pending/TSK-3-café-ünïcode.md", data: Buffer.from("unicode name") },
];

const refusal = (fn: () => unknown): TrackdownError => {
  try {
    fn();
  } catch (error) {
    return error as TrackdownError;
  }
  throw new Error("expected a refusal");
};

describe("tar writer and reader", () => {
  it("round-trips names of every length (ustar prefix, pax records) and contents byte for byte", () => {
    const back = readTar(writeTar(entries, 1_700_000_000));
    expect(back.map((e) => e.path)).toEqual(entries.map((e) => e.path));
    for (const [i, entry] of back.entries())
      expect(Buffer.compare(entry.data, entries[i]?.data ?? Buffer.alloc(0))).toBe(0);
  });

  it("refuses a damaged header, a truncated entry and a missing end marker", () => {
    const tar = writeTar(entries.slice(0, 1), 0);
    const damaged = Buffer.from(tar);
    damaged[10] = 0x41;
    expect(refusal(() => readTar(damaged)).message).toContain("checksum");
    expect(refusal(() => readTar(tar.subarray(0, 520))).message).toContain("cut short");
    expect(refusal(() => readTar(tar.subarray(0, 1024))).message).toContain("end-of-archive");
  });

  it("refuses links and devices", () => {
    const tar = writeTar([{ path: "link", data: Buffer.alloc(0) }], 0);
    tar[156] = "2".charCodeAt(0); // symlink
    tar.fill(0x20, 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += tar[i] ?? 0;
    tar.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, "ascii");
    expect(refusal(() => readTar(tar)).message).toContain('"link" is not a regular file');
  });
});

describe("compatibility with the system tar", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "td-tar-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const hasTar = spawnSync("tar", ["--version"]).status === 0;

  it.skipIf(!hasTar)("GNU/BSD tar extracts what we write", () => {
    writeFileSync(join(dir, "a.tar"), writeTar(entries, 1_700_000_000));
    const result = spawnSync("tar", ["-xf", "a.tar"], { cwd: dir });
    expect(result.status, String(result.stderr)).toBe(0);
    for (const entry of entries) expect(readFileSync(join(dir, entry.path))).toEqual(entry.data);
  });

  it.skipIf(!hasTar)("we read what tar writes", () => {
    writeFileSync(join(dir, "one.md"), "hello\n");
    spawnSync("tar", ["-cf", "b.tar", "one.md"], { cwd: dir });
    const back = readTar(readFileSync(join(dir, "b.tar")));
    expect(back.map((e) => [e.path, e.data.toString()])).toEqual([["one.md", "hello\n"]]);
  });
});
