import { describe, expect, it } from "vitest";
import type { TicketSummary } from "../core/schema.js";
import type { TicketDetail } from "../service/ticket-service.js";
import {
  COMPACT_ACTIVITY,
  compactRow,
  compactTicket,
  formatEntry,
  formatFullTicket,
  formatList,
  formatRow,
  formatTicket,
} from "./format.js";

function summary(overrides: Partial<TicketSummary> = {}): TicketSummary {
  return {
    id: "TSK-7f3k",
    type: "task",
    title: "Fix import error",
    status: "pending",
    priority: "high",
    tags: [],
    depends_on: [],
    blocks: [],
    related: [],
    created: "2026-01-02T03:04:05Z",
    updated: "2026-01-02T03:04:05Z",
    path: "tickets/pending/TSK-7f3k-fix-import-error.md",
    revision: "abc123",
    ...overrides,
  };
}

function detail(overrides: Partial<TicketDetail> = {}): TicketDetail {
  return {
    ...summary(),
    body: "Loader fails.\n\n## Acceptance criteria\n\n- [x] repro\n- [ ] fix\n",
    description: "Loader fails.",
    criteria: [
      { text: "repro", done: true },
      { text: "fix", done: false },
    ],
    activity: [],
    ...overrides,
  };
}

describe("formatRow", () => {
  it("writes ID status priority assignee title, with - for nobody", () => {
    expect(formatRow(summary())).toBe("TSK-7f3k pending high - Fix import error");
    expect(formatRow(summary({ assignee: "qa-agent", status: "in_progress" }))).toBe(
      "TSK-7f3k in_progress high qa-agent Fix import error",
    );
  });

  it("keeps the assignee one word and the title one line, so rows stay parseable", () => {
    expect(formatRow(summary({ assignee: "Jane Doe", title: "Two\nlines" }))).toBe(
      "TSK-7f3k pending high Jane_Doe Two ⏎ lines",
    );
  });
});

describe("formatList", () => {
  it("is one line per ticket and says when nothing matches", () => {
    const text = formatList([summary(), summary({ id: "BUG-0001", priority: "low" })], 2);
    expect(text.split("\n")).toEqual([
      "TSK-7f3k pending high - Fix import error",
      "BUG-0001 pending low - Fix import error",
    ]);
    expect(formatList([], 0)).toBe("No tickets match.");
  });

  it("says how to page when the list is cut short", () => {
    expect(formatList([summary()], 3).split("\n").at(-1)).toBe("(1-1 of 3; next: offset 1)");
    expect(formatList([summary()], 3, 2).split("\n").at(-1)).toBe("(3-3 of 3)");
    expect(formatList([], 3, 5)).toBe("No tickets at offset 5 of 3.");
  });

  it("costs few characters per ticket: 50 tickets average under 60", () => {
    const tickets = Array.from({ length: 50 }, (_, i) =>
      summary({ id: `TSK-${(1000 + i).toString(36)}`, title: `Refactor the import loader, part ${i}` }),
    );
    expect(formatList(tickets, 50).length / 50).toBeLessThan(60);
  });
});

describe("formatTicket", () => {
  it("shows the row, the set fields, the description and the criteria", () => {
    const text = formatTicket(
      detail({
        tags: ["backend", "api"],
        claim: { agent: "a1", since: "x", expires: "2026-01-02T04:00:00Z" },
      }),
    );
    expect(text).toBe(
      [
        "TSK-7f3k pending high - Fix import error",
        "type:task tags:backend,api claim:a1 until 2026-01-02T04:00:00Z updated:2026-01-02T03:04:05Z rev:abc123",
        "",
        "Loader fails.",
        "",
        "Acceptance criteria:",
        "[x] repro",
        "[ ] fix",
      ].join("\n"),
    );
  });

  it("shows only the newest activity, each entry on one cut line", () => {
    const activity = Array.from({ length: 8 }, (_, i) => ({
      at: `2026-01-0${i + 1}T00:00:00Z`,
      author: "bot",
      kind: "comment" as const,
      text: i === 7 ? "x".repeat(500) : `note ${i}`,
    }));
    const lines = formatTicket(detail({ activity })).split("\n");
    const start = lines.indexOf(`Activity (last ${COMPACT_ACTIVITY} of 8):`);
    expect(start).toBeGreaterThan(0);
    expect(lines.slice(start + 1, start + 3)).toEqual([
      "2026-01-04T00:00:00Z bot: note 3",
      "2026-01-05T00:00:00Z bot: note 4",
    ]);
    expect(lines.at(-1)?.length).toBeLessThan(240);
    expect(lines.at(-1)?.endsWith("…")).toBe(true);
  });

  it("writes events without a colon after the author", () => {
    expect(formatEntry({ at: "T", author: "a", kind: "event", text: "status pending → in_progress" })).toBe(
      "T a status pending → in_progress",
    );
  });
});

describe("structured forms", () => {
  it("compactRow keeps the row's fields, null for no assignee", () => {
    expect(compactRow(summary())).toEqual({
      id: "TSK-7f3k",
      status: "pending",
      priority: "high",
      assignee: null,
      title: "Fix import error",
    });
  });

  it("compactTicket drops the body and old activity", () => {
    const activity = Array.from({ length: 7 }, (_, i) => ({
      at: `T${i}`,
      author: "a",
      kind: "event" as const,
      text: `e${i}`,
    }));
    const compact = compactTicket(detail({ activity }));
    expect(compact).not.toHaveProperty("body");
    expect(compact.activity).toEqual(activity.slice(-COMPACT_ACTIVITY));
    expect(compact.description).toBe("Loader fails.");
  });

  it("formatFullTicket gives every field, then the body as written", () => {
    const text = formatFullTicket(detail());
    const [json = "", ...rest] = text.split("\n\n");
    expect(JSON.parse(json)).toMatchObject({ id: "TSK-7f3k", revision: "abc123" });
    expect(JSON.parse(json)).not.toHaveProperty("criteria");
    expect(rest.join("\n\n")).toBe(detail().body);
  });
});
