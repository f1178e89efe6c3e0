import { describe, expect, it } from "vitest";
import { parseMarkdown } from "./markdown.js";
import { parseInline, safeHref } from "./markdown-inline.js";

describe("parseMarkdown", () => {
  it("keeps HTML as text: nothing becomes a tag", () => {
    const blocks = parseMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">');
    expect(blocks).toEqual([
      { kind: "paragraph", content: [{ kind: "text", text: "<script>alert(1)</script>" }] },
      { kind: "paragraph", content: [{ kind: "text", text: '<img src=x onerror="alert(2)">' }] },
    ]);
  });

  it("reads headings, task lists, code, quotes and tables", () => {
    const blocks = parseMarkdown(
      [
        "## Acceptance criteria",
        "- [ ] reproduce",
        "- [x] fix",
        "",
        "```ts",
        "const a = '<b>';",
        "```",
        "> quoted",
        "",
        "| ID | Title |",
        "|---|:--:|",
        "| TSK-1 | A \\| B |",
      ].join("\n"),
    );
    expect(blocks.map((b) => b.kind)).toEqual(["heading", "list", "code", "quote", "table"]);
    const list = blocks[1];
    expect(list?.kind === "list" && list.items.map((i) => i.checked)).toEqual([false, true]);
    expect(blocks[2]).toEqual({ kind: "code", lang: "ts", text: "const a = '<b>';" });
    const table = blocks[4];
    expect(table?.kind === "table" && table.align).toEqual([null, "center"]);
    expect(table?.kind === "table" && table.rows[0]?.[1]).toEqual([{ kind: "text", text: "A | B" }]);
  });

  it("keeps a loose list in one list and nests indented items", () => {
    const blocks = parseMarkdown("- one\n\n- two\n  - nested\n- three");
    expect(blocks).toHaveLength(1);
    const list = blocks[0];
    expect(list?.kind === "list" && list.items).toHaveLength(3);
    expect(list?.kind === "list" && list.items[1]?.children.map((c) => c.kind)).toEqual([
      "paragraph",
      "list",
    ]);
  });
});

describe("parseInline", () => {
  it("reads emphasis, code and links", () => {
    expect(parseInline("**bold** and *it* `a<b` [x](https://e.org)")).toEqual([
      { kind: "strong", children: [{ kind: "text", text: "bold" }] },
      { kind: "text", text: " and " },
      { kind: "em", children: [{ kind: "text", text: "it" }] },
      { kind: "text", text: " " },
      { kind: "code", text: "a<b" },
      { kind: "text", text: " " },
      { kind: "link", href: "https://e.org", children: [{ kind: "text", text: "x" }] },
    ]);
  });

  it("leaves snake_case and unmatched markers alone", () => {
    expect(parseInline("in_progress and 2 * 3")).toEqual([{ kind: "text", text: "in_progress and 2 * 3" }]);
  });

  it("shows a link with an unsafe scheme as text", () => {
    expect(parseInline("[click](javascript:alert(1))")).toEqual([
      { kind: "text", text: "[click](javascript:alert(1))" },
    ]);
  });
});

describe("safeHref", () => {
  it("allows http(s), mailto and relative links only", () => {
    expect(safeHref("https://example.org/a")).toBe("https://example.org/a");
    expect(safeHref("mailto:a@b.c")).toBe("mailto:a@b.c");
    expect(safeHref("tickets/pending/TSK-1.md")).toBe("tickets/pending/TSK-1.md");
    expect(safeHref("javascript:alert(1)")).toBeUndefined();
    expect(safeHref("java\tscript:alert(1)")).toBeUndefined();
    expect(safeHref("JAVASCRIPT:alert(1)")).toBeUndefined();
    expect(safeHref("data:text/html,<script>")).toBeUndefined();
    expect(safeHref("//evil.example")).toBeUndefined();
  });
});
