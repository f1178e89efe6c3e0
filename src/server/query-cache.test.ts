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
});
