import { describe, expect, it } from "vitest";
import type { TrackdownError } from "./errors.js";
import {
  assertNoDependencyCycle,
  assertNoParentCycle,
  cycleThrough,
  diffIds,
  NEW_TICKET,
  type RelationFacts,
} from "./relations.js";

const facts = (
  id: string,
  depends_on: string[] = [],
  blocks: string[] = [],
  parent?: string,
): RelationFacts => ({
  id,
  depends_on,
  blocks,
  parent,
});

function refusal(work: () => void): TrackdownError {
  try {
    work();
  } catch (error) {
    return error as TrackdownError;
  }
  throw new Error("expected a refusal");
}

describe("relation diffs", () => {
  it("compares IDs case-insensitively and keeps the spelling given", () => {
    expect(diffIds(["TSK-1", "TSK-2"], ["tsk-2", "TSK-3"])).toEqual({ added: ["TSK-3"], removed: ["TSK-1"] });
  });
});

describe("dependency cycles", () => {
  const chain = [facts("A", ["B"]), facts("B", ["C"]), facts("C")];

  it("refuses the edge that closes a cycle, with the path starting at the changed ticket", () => {
    const error = refusal(() => assertNoDependencyCycle(chain, [facts("C", ["A"])]));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toBe("would create a dependency cycle: C → A → B → C");
    expect(error.details.cycle).toEqual(["C", "A", "B", "C"]);
  });

  it("counts blocks as the other direction of depends_on", () => {
    // A blocks C means C waits for A, and A already waits for C through B.
    const error = refusal(() => assertNoDependencyCycle(chain, [facts("A", ["B"], ["C"])]));
    expect(error.message).toBe("would create a dependency cycle: A → B → C → A");
    // C blocking A agrees with the chain: no cycle.
    expect(() => assertNoDependencyCycle(chain, [facts("C", [], ["A"])])).not.toThrow();
    // The same when the chain itself is recorded on the blocks side.
    const mirrored = [facts("A", [], []), facts("B", [], ["A"]), facts("C", [], ["B"])];
    expect(refusal(() => assertNoDependencyCycle(mirrored, [facts("C", ["A"], ["B"])])).message).toContain(
      "C → A → B → C",
    );
  });

  it("lets a change remove a dependency and add another in one go", () => {
    expect(() => assertNoDependencyCycle(chain, [facts("B", ["A"])])).toThrow(/B → A → B/);
    // B stops waiting for C and C waits for B: no cycle.
    expect(() => assertNoDependencyCycle(chain, [facts("C", ["B"]), facts("B", [])])).not.toThrow();
  });

  it("checks a ticket being created, which has no ID yet", () => {
    const error = refusal(() => assertNoDependencyCycle(chain, [facts(NEW_TICKET, ["A"], ["C"])]));
    expect(error.message).toBe("would create a dependency cycle: (new ticket) → A → B → C → (new ticket)");
  });

  it("ignores cycles that exist already and do not pass through the change", () => {
    const looped = [facts("X", ["Y"]), facts("Y", ["X"]), facts("A")];
    expect(() => assertNoDependencyCycle(looped, [facts("A", ["X"])])).not.toThrow();
  });
});

describe("parent cycles", () => {
  it("refuses making a ticket its own ancestor, naming the path", () => {
    const tree = [facts("EP", [], []), facts("ISS", [], [], "EP"), facts("TSK", [], [], "ISS")];
    const error = refusal(() => assertNoParentCycle(tree, [facts("EP", [], [], "TSK")]));
    expect(error.message).toBe("would create a parent cycle: EP → TSK → ISS → EP");
    expect(() => assertNoParentCycle(tree, [facts("TSK", [], [], "EP")])).not.toThrow();
  });
});

describe("cycleThrough", () => {
  it("finds the shortest way back", () => {
    const edges = new Map([
      ["A", new Set(["B", "C"])],
      ["B", new Set(["D"])],
      ["C", new Set(["A"])],
      ["D", new Set(["A"])],
    ]);
    expect(cycleThrough(edges, "A")).toEqual(["A", "C", "A"]);
    expect(cycleThrough(edges, "Z")).toBeUndefined();
  });
});
