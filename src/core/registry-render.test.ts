import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "./config.js";
import { registryFigures, TO_DO_SHOWN } from "./registry-figures.js";
import { blockedReason, cell, duration, relativeLink, renderRegistry } from "./registry-render.js";
import type { TicketSummary } from "./schema.js";

function ticket(id: string, fields: Partial<TicketSummary> = {}): TicketSummary {
  return {
    id,
    type: "task",
    title: `Ticket ${id}`,
    status: "pending",
    priority: "medium",
    tags: [],
    depends_on: [],
    blocks: [],
    related: [],
    created: "2026-03-01T00:00:00Z",
    updated: "2026-03-01T00:00:00Z",
    path: `tickets/pending/${id}.md`,
    revision: "0",
    ...fields,
  };
}

const input = (tickets: TicketSummary[]) => ({
  project: "P",
  config: DEFAULT_CONFIG,
  registryPath: "TICKET_REGISTRY.md",
  figures: registryFigures(tickets, DEFAULT_CONFIG),
  blockedReasons: new Map<string, string>(),
});

describe("renderRegistry", () => {
  const tickets = [
    ticket("TSK-b", {
      status: "in_progress",
      started: "2026-03-02T00:00:00Z",
      updated: "2026-03-05T00:00:00Z",
    }),
    ticket("TSK-a", { status: "in_progress", started: "2026-03-02T00:00:00Z", sprint: "S2" }),
    ticket("TSK-c", { status: "completed", completed: "2026-03-03T00:00:00Z", sprint: "S1" }),
    ticket("TSK-d", { status: "completed", completed: "2026-03-03T00:00:00Z", sprint: "S1" }),
    ticket("TSK-e", { priority: "critical", sprint: "S10" }),
  ];

  it("is the same for the same tickets in any order", () => {
    const text = renderRegistry(input(tickets));
    expect(renderRegistry(input([...tickets].reverse()))).toBe(text);
    expect(
      renderRegistry(input([tickets[2], tickets[0], tickets[4], tickets[1], tickets[3]] as TicketSummary[])),
    ).toBe(text);
  });

  it("uses the newest update as its 'as of' time and measures ages to it, never to the clock", () => {
    const text = renderRegistry(input(tickets));
    expect(text).toContain("as of 2026-03-05T00:00:00Z");
    expect(text).toContain(
      "| [TSK-a](tickets/pending/TSK-a.md) | Ticket TSK-a | in_progress | — | medium | 3.0d |",
    );
  });

  it("renders figures it rendered before anew: ages move with 'as of', links with the registry's place", () => {
    // A server renders the same kept list of tickets in progress after every write; what it
    // made of the list the first time must not freeze what depends on anything else.
    const first = input(tickets);
    renderRegistry(first);
    const later = { ...first, figures: { ...first.figures, asOf: "2026-03-12T00:00:00Z" } };
    const copied = { ...later, figures: { ...later.figures, inProgress: [...later.figures.inProgress] } };
    expect(renderRegistry(later)).toBe(renderRegistry(copied));
    expect(renderRegistry(later)).toContain("| Ticket TSK-a | in_progress | — | medium | 10.0d |");
    const moved = { ...first, registryPath: "docs/REGISTRY.md" };
    expect(renderRegistry(moved)).toContain("[TSK-a](../tickets/pending/TSK-a.md)");
    // An unreadable start counts as "as of": its place in the order moves with it.
    const odd = [ticket("TSK-x", { status: "in_progress", started: "soon" }), ...tickets];
    const oddFirst = input(odd);
    renderRegistry(oddFirst);
    const oddLater = { ...oddFirst, figures: { ...oddFirst.figures, asOf: "2026-02-01T00:00:00Z" } };
    const oddCopied = {
      ...oddLater,
      figures: { ...oddLater.figures, inProgress: [...oddLater.figures.inProgress] },
    };
    expect(renderRegistry(oddLater)).toBe(renderRegistry(oddCopied));
  });

  it("breaks ties by ID: equal start times, equal completion times", () => {
    const text = renderRegistry(input(tickets));
    expect(text.indexOf("[TSK-a]")).toBeLessThan(text.indexOf("[TSK-b]"));
    expect(text.indexOf("[TSK-c]")).toBeLessThan(text.indexOf("[TSK-d]"));
  });

  it("lists sprints by name in code-point order, with their figures", () => {
    const text = renderRegistry(input(tickets));
    expect(text).toContain("| S1 | 2 | 0 | 0 | 0 | 2 | 0 | 100.0% |");
    expect(text.indexOf("| S1 |")).toBeLessThan(text.indexOf("| S10 |"));
    expect(text.indexOf("| S10 |")).toBeLessThan(text.indexOf("| S2 |"));
  });

  it("caps the to-do list at the most urgent tickets and says how many more there are", () => {
    const many = Array.from({ length: TO_DO_SHOWN + 5 }, (_, i) =>
      ticket(`TSK-${String(i).padStart(3, "0")}`),
    );
    many.push(ticket("TSK-zzz", { priority: "critical" }));
    const text = renderRegistry(input(many));
    expect(text).toContain(`## To do (${TO_DO_SHOWN + 6})`);
    expect(text).toContain("6 more, less urgent");
    expect(text.indexOf("[TSK-zzz]")).toBeLessThan(text.indexOf("[TSK-000]"));
  });

  it("says so when there is nothing to show", () => {
    const text = renderRegistry(input([]));
    expect(text).toContain("**P**: 0 tickets.");
    expect(text).toContain("## Blocked (0)\n\n_None._");
  });
});

describe("blockedReason", () => {
  const body = (line: string) => `\nText.\n\n## Activity\n\n- 2026-03-01T00:00:00Z ana: ${line}\n`;

  it("prefers a blocked_reason field", () => {
    expect(
      blockedReason("vendor outage", body("status pending → blocked (reason: other)"), DEFAULT_CONFIG),
    ).toBe("vendor outage");
  });

  it("reads the reason of the last move to a blocked status", () => {
    const forced = body("status review → blocked (forced: waiting for design; overrode: no assignee)");
    expect(blockedReason(undefined, forced, DEFAULT_CONFIG)).toBe("waiting for design");
    expect(
      blockedReason(undefined, body("status pending → blocked (reason: needs a key)"), DEFAULT_CONFIG),
    ).toBe("needs a key");
    expect(
      blockedReason(undefined, body("status pending → blocked: waiting for the API key"), DEFAULT_CONFIG),
    ).toBe("waiting for the API key");
    expect(blockedReason(undefined, body("status pending → blocked"), DEFAULT_CONFIG)).toBeUndefined();
    expect(blockedReason(undefined, "\nNo activity.\n", DEFAULT_CONFIG)).toBeUndefined();
  });
});

describe("helpers", () => {
  it("cell escapes pipes, backslashes and HTML, and joins lines", () => {
    expect(cell("a|b \\ <script>\nnext")).toBe("a\\|b \\\\ &lt;script> next");
  });

  it("relativeLink climbs out of the registry's folder and encodes odd characters", () => {
    expect(relativeLink("TICKET_REGISTRY.md", "tickets/pending/TSK-1-a.md")).toBe(
      "tickets/pending/TSK-1-a.md",
    );
    expect(relativeLink("docs/R.md", "tickets/pending/TSK-1.md")).toBe("../tickets/pending/TSK-1.md");
    expect(relativeLink("tickets-report/x/R.md", "tickets/a b(1).md")).toBe("../../tickets/a%20b%281%29.md");
    expect(relativeLink("R.md", "tickets/a b(1).md")).toBe("tickets/a%20b%281%29.md");
    expect(relativeLink("R.md", "tickets/done/TSK-1-café.md")).toBe("tickets/done/TSK-1-caf%C3%A9.md");
  });

  it("duration picks hours under two days, else days", () => {
    expect(duration(0.5)).toBe("<1h");
    expect(duration(5.9)).toBe("5h");
    expect(duration(47)).toBe("47h");
    expect(duration(84)).toBe("3.5d");
  });
});
