import { describe, expect, it } from "vitest";
import { QueryCache } from "./query-cache.js";

describe("QueryCache", () => {
  it("answers from memory until cleared or expired, and keeps at most max entries", () => {
    let now = 0;
    const cache = new QueryCache(1000, 2, () => now);
    let computed = 0;
    const ask = (key: string) => cache.get(key, () => `${key}${++computed}`);
    expect(ask("a")).toBe("a1");
    expect(ask("a")).toBe("a1");
    now = 999;
    expect(ask("a")).toBe("a1");
    now = 1000;
    expect(ask("a")).toBe("a2");
    cache.clear();
    expect(ask("a")).toBe("a3");
    ask("b");
    ask("c");
    expect(ask("a")).toBe("a6");
    expect(cache.hits).toBe(2);
  });

  it("keeps at most maxChars characters of answers, oldest out first, and never one too big", () => {
    const cache = new QueryCache(1000, 100, () => 0, 10);
    let computed = 0;
    const ask = (key: string, length: number) => cache.get(key, () => `${++computed}`.padEnd(length, "."));
    ask("a", 4);
    ask("b", 4);
    ask("c", 4); // 12 > 10: "a" goes
    expect(ask("b", 4)).toBe("2...");
    expect(ask("c", 4)).toBe("3...");
    expect(ask("a", 4)).toBe("4..."); // computed again; "b", the oldest, goes
    expect(ask("b", 4)).toBe("5..."); // and "c" goes
    expect(ask("huge", 11)).toBe("6..........");
    expect(ask("huge", 11)).toBe("7..........");
    expect(ask("c", 4)).toBe("8...");
  });
});
