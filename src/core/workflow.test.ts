import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseConfig } from "./config.js";
import { assertTransitionAllowed, failedGates, resolveStatus } from "./workflow.js";

describe("workflow", () => {
  it("resolves statuses and aliases, naming the accepted values otherwise", () => {
    expect(resolveStatus(DEFAULT_CONFIG, "In-Progress")).toBe("in_progress");
    expect(resolveStatus(DEFAULT_CONFIG, "done")).toBe("completed");
    expect(resolveStatus(DEFAULT_CONFIG, "open")).toBe("pending");
    expect(() => resolveStatus(DEFAULT_CONFIG, "finished")).toThrow(/accepted: pending, in_progress, review/);
  });

  it("allows only configured transitions", () => {
    expect(() => assertTransitionAllowed(DEFAULT_CONFIG, "pending", "in_progress")).not.toThrow();
    expect(() => assertTransitionAllowed(DEFAULT_CONFIG, "cancelled", "completed")).toThrow(
      /can go to: pending/,
    );
  });

  it("runs gates and says what is missing", () => {
    const facts = {
      body: "\n## Acceptance criteria\n\n- [x] one\n- [ ] two\n",
      dependencies: [
        { id: "TSK-1", category: "done" as const },
        { id: "TSK-2", category: "active" as const },
        { id: "TSK-3", category: undefined },
      ],
      children: [],
    };
    expect(failedGates(DEFAULT_CONFIG, "completed", facts)).toEqual([
      '1 acceptance criteria unchecked: "two"',
      "open dependencies: TSK-2, TSK-3",
    ]);
    expect(failedGates(DEFAULT_CONFIG, "review", facts)).toEqual([]);
  });

  it("rejects configs whose parts do not refer to each other", () => {
    const result = parseConfig({
      statuses: { todo: { category: "todo", folder: "todo" } },
      initial_status: "todo",
      transitions: { todo: ["done"] },
      aliases: {},
      gates: {},
    });
    expect(result).toEqual({ issues: ['transitions.todo: unknown status "done"'] });
    expect(parseConfig({ ids: "uuid" })).toHaveProperty("issues");
    expect(parseConfig(null)).toHaveProperty("config");
  });
});
