import { describe, expect, it } from "vitest";
import { idFromFileName, isIdLookup, randomId, randomIdLength, sequentialId, slugify } from "./ids.js";

describe("ids", () => {
  it("grows the random suffix as the project grows", () => {
    expect(randomIdLength(0)).toBe(4);
    expect(randomIdLength(10_000)).toBe(4);
    expect(randomIdLength(20_000)).toBe(5);
    expect(randomIdLength(100_000)).toBe(5);
    expect(randomIdLength(1_000_000)).toBe(6);
  });

  it("draws suffixes from Crockford base32 only", () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => i * 4);
    const id = randomId("TSK", 64, () => bytes);
    expect(id).toMatch(/^TSK-[0-9abcdefghjkmnpqrstvwxyz]{64}$/);
  });

  it("continues the highest sequential number, case-insensitively", () => {
    expect(sequentialId("TSK", [])).toBe("TSK-0001");
    expect(sequentialId("TSK", ["tsk-0009", "TSK-0002", "BUG-0100", "TSK-7f3k"])).toBe("TSK-0010");
  });

  it("accepts IDs and prefixes but nothing path-like", () => {
    expect(isIdLookup("tsk-7f")).toBe(true);
    expect(isIdLookup("TSK")).toBe(true);
    for (const bad of ["../etc", "TSK-1/../x", "TSK 1", "", "-x", "TSK--1"])
      expect(isIdLookup(bad)).toBe(false);
  });

  it("slugs titles and reads IDs back from file names", () => {
    expect(slugify("Fix the Import Error!")).toBe("fix-the-import-error");
    expect(slugify("Café résumé")).toBe("cafe-resume");
    expect(slugify("!!!")).toBe("ticket");
    expect(slugify("word ".repeat(30)).length).toBeLessThanOrEqual(48);
    expect(idFromFileName("TSK-7f3k-fix-import.md")).toBe("TSK-7f3k");
    expect(idFromFileName("EP-0001.md")).toBe("EP-0001");
  });
});
