import { describe, expect, it } from "vitest";
import { findCycles } from "./graph.js";

describe("findCycles", () => {
  it("finds each cycle once with its path", () => {
    const edges = new Map([
      ["A", ["B"]],
      ["B", ["C"]],
      ["C", ["A"]],
      ["D", ["D"]],
      ["E", ["A"]],
    ]);
    expect(findCycles(edges)).toEqual([
      ["A", "B", "C", "A"],
      ["D", "D"],
    ]);
  });

  it("returns nothing for a DAG", () => {
    expect(
      findCycles(
        new Map([
          ["A", ["B", "C"]],
          ["B", ["C"]],
        ]),
      ),
    ).toEqual([]);
  });
});
