import { describe, expect, it } from "vitest";
import { csvCell, demoteHeadings, type ExportedTicket, toCsv, toMarkdown } from "./export-format.js";

const ticket = (fields: Partial<ExportedTicket> & { id: string; title: string }): ExportedTicket => ({
  type: "task",
  status: "pending",
  priority: "medium",
  tags: [],
  depends_on: [],
  blocks: [],
  related: [],
  created: "2026-01-01T00:00:00Z",
  updated: "2026-01-02T00:00:00Z",
  body: "\n",
  ...fields,
});

describe("CSV export", () => {
  it("quotes cells with commas, quotes and line breaks (RFC 4180), lines end in CRLF", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    const csv = toCsv([
      ticket({ id: "TSK-1", title: 'Fix "quotes", commas', body: "\nLine one\nline two\n" }),
    ]);
    const [header, row, end] = csv.split("\r\n");
    expect(header).toBe(
      "id,type,title,status,priority,assignee,tags,parent,depends_on,blocks,related,duplicate_of,sprint,estimate,time_spent,created,updated,started,completed,description",
    );
    expect(row).toBe(
      'TSK-1,task,"Fix ""quotes"", commas",pending,medium,,,,,,,,,,,2026-01-01T00:00:00Z,2026-01-02T00:00:00Z,,,"Line one\nline two"',
    );
    expect(end).toBe("");
  });

  it("joins lists with ; and adds custom fields as columns, maps as JSON", () => {
    const csv = toCsv([
      ticket({ id: "TSK-1", title: "A", tags: ["x", "y"], depends_on: ["TSK-2"], customer: "acme" }),
      ticket({
        id: "TSK-2",
        title: "B",
        review: { by: "qa" },
        workflow: [{ agent: "qa", status: "pending", progress: 0 }],
      }),
    ]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toMatch(/,completed,customer,review,workflow,description$/);
    expect(lines[1]).toContain("TSK-1,task,A,pending,medium,,x;y,,TSK-2,");
    expect(lines[1]).toMatch(/,acme,,,$/);
    expect(lines[2]).toContain(
      ',,"{""by"":""qa""}","[{""agent"":""qa"",""status"":""pending"",""progress"":0}]",',
    );
  });
});

describe("Markdown export", () => {
  it("has a summary table and one section per ticket with its fields and body", () => {
    const md = toMarkdown(
      [
        ticket({
          id: "TSK-1",
          title: "Pipe | in title",
          assignee: "qa",
          tags: ["a"],
          body: "\nText\n\n## Activity\n\n- 2026 pm: created\n",
        }),
      ],
      { project: "Demo", exportedAt: "2026-02-01T00:00:00Z", query: "tag:a" },
    );
    expect(md).toContain("# Demo: tickets\n\n1 ticket matching `tag:a`, exported 2026-02-01T00:00:00Z.");
    expect(md).toContain("| TSK-1 | Pipe \\| in title | task | pending | medium | qa |");
    expect(md).toContain("## TSK-1: Pipe | in title\n\n- **type**: task\n");
    expect(md).toContain("- **tags**: `a`\n");
    expect(md).toContain("Text\n\n#### Activity\n\n- 2026 pm: created\n");
    expect(toMarkdown([], { project: "Demo", exportedAt: "x" })).toContain("_No tickets._");
  });

  it("demotes headings but not inside code fences", () => {
    const text = "# One\n```\n# code\n```\n~~~md\n## more code\n~~~\n###### Six";
    expect(demoteHeadings(text, 2)).toBe("### One\n```\n# code\n```\n~~~md\n## more code\n~~~\n###### Six");
  });
});
