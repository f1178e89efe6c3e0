import { describe, expect, it } from "vitest";
import { readSourceMarkdown, readYaml, splitFrontmatter } from "./frontmatter.js";
import type { ProblemKind, ProblemSeverity } from "./types.js";

function read(yaml: string) {
  const reports: { kind: ProblemKind; severity: ProblemSeverity; message: string; action: string }[] = [];
  const data = readYaml(yaml, (kind, severity, message, action) =>
    reports.push({ kind, severity, message, action }),
  );
  return { data, reports };
}

describe("lenient frontmatter", () => {
  it("reads valid YAML without reports, dates staying strings", () => {
    const { data, reports } = read("id: BACK-1\ncreated_date: 2025-06-04\nlabels: [a, b]\n");
    expect(data).toEqual({ id: "BACK-1", created_date: "2025-06-04", labels: ["a", "b"] });
    expect(reports).toEqual([]);
  });

  it("quotes unquoted @values (Backlog.md's `assignee: @user`) and reports each line", () => {
    const { data, reports } = read(
      "id: BACK-1\nassignee: @alice\nreporter: @bob\nwatchers:\n  - @carol\nteam: [@dave, erin]\n",
    );
    expect(data).toEqual({
      id: "BACK-1",
      assignee: "@alice",
      reporter: "@bob",
      watchers: ["@carol"],
      team: ["@dave", "erin"],
    });
    expect(reports.map((r) => [r.severity, r.message])).toEqual([
      [
        "fixed",
        "frontmatter line 3: unquoted value starting with @ (not allowed in YAML) (assignee: @alice)",
      ],
      ["fixed", "frontmatter line 4: unquoted value starting with @ (not allowed in YAML) (reporter: @bob)"],
      ["fixed", "frontmatter line 6: unquoted value starting with @ (not allowed in YAML) (- @carol)"],
      ["fixed", "frontmatter line 7: list item starting with @ (not allowed in YAML) (team: [@dave, erin])"],
    ]);
  });

  it("fixes backtick values, `: ` inside plain values and tab indentation", () => {
    const { data, reports } = read("title: Fix: the importer\ncommand: `td import`\nmeta:\n\tkey: value\n");
    expect(data).toEqual({ title: "Fix: the importer", command: "`td import`", meta: { key: "value" } });
    expect(reports.map((r) => r.action)).toEqual([
      "quoted the value",
      "quoted the value",
      "replaced tabs by spaces",
    ]);
  });

  it("leaves block scalars alone", () => {
    const { data } = read("notes: |\n  - @someone said: hi\n  done\nassignee: @x\n");
    expect(data).toEqual({ notes: "- @someone said: hi\ndone\n", assignee: "@x" });
  });

  it("keeps the last of duplicate keys and says so", () => {
    const { data, reports } = read("status: open\nstatus: done\n");
    expect(data).toEqual({ status: "done" });
    expect(reports[0]?.action).toBe("kept the last value");
  });

  it("reports YAML it cannot fix as an error, naming the problem", () => {
    const { data, reports } = read("title: [unclosed\n");
    expect(data).toBeUndefined();
    expect(reports[0]).toMatchObject({ kind: "yaml", severity: "error", action: "skipped the file" });
    expect(reports[0]?.message).toMatch(/^frontmatter is not valid YAML: /);
  });

  it("splits frontmatter from the body (BOM, CRLF, empty frontmatter) and skips files without", () => {
    expect(splitFrontmatter("\ufeff---\r\nid: A-1\r\n---\r\nBody")).toEqual({
      yaml: "id: A-1",
      body: "Body",
    });
    expect(splitFrontmatter("---\n---\nBody")).toEqual({ yaml: "", body: "Body" });
    const reports: string[] = [];
    expect(readSourceMarkdown("# Just a readme\n", (_k, s) => reports.push(s))).toBeUndefined();
    expect(reports).toEqual(["info"]);
  });
});
