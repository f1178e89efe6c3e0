import { describe, expect, it } from "vitest";
import { limitHeapGrowth } from "./heap.js";

describe("limitHeapGrowth", () => {
  it("leaves the heap alone when the node command line or NODE_OPTIONS sized it", () => {
    expect(limitHeapGrowth(["--max-old-space-size=512"], "")).toBe(false);
    expect(limitHeapGrowth([], "--enable-source-maps --heap-growing-percent=10")).toBe(false);
    expect(limitHeapGrowth([], "--max-heap-size=300")).toBe(false);
  });

  it("limits the growth otherwise", () => {
    expect(limitHeapGrowth(["--enable-source-maps"], "--max-semi-space-size=8")).toBe(true);
    expect(limitHeapGrowth([], "")).toBe(true);
  });
});
