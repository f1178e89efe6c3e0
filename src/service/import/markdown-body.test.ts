import { describe, expect, it } from "vitest";
import { extractComments, stripBoilerplate, stripMarkers } from "./markdown-body.js";

describe("bodies of other tools' files", () => {
  it("takes ai-trackdown comments out of the body, with author and date", () => {
    const body = [
      "Intro",
      "",
      "## Comments",
      "",
      "### Comment by bob - 2025-07-23 09:30:00 [ID: CMT-2]",
      "Second",
      "",
      "### Comment by alice - 2025-07-22 11:00:00",
      "First line",
      "```",
      "# not a heading",
      "```",
      "",
      "## After",
      "Kept",
    ].join("\n");
    const { body: rest, comments } = extractComments(body);
    expect(comments).toEqual([
      { author: "bob", at: "2025-07-23 09:30:00", text: "Second" },
      { author: "alice", at: "2025-07-22 11:00:00", text: "First line\n```\n# not a heading\n```" },
    ]);
    expect(rest).toBe("Intro\n\n## After\nKept");
  });

  it("drops a repeated title, template placeholders and a generated Details list", () => {
    const body = [
      "# My title",
      "",
      "## Description",
      "Real text",
      "",
      "## Details",
      "- **Status**: open",
      "- **Priority**: high",
      "",
      "## Tasks",
      "- [ ] Add task items here",
      "",
      "## Notes",
      "_Add any additional notes or context here._",
      "",
      "## Steps",
      "- [ ] a real step",
    ].join("\n");
    expect(stripBoilerplate(body, "My title")).toBe(
      "## Description\nReal text\n\n## Steps\n- [ ] a real step",
    );
    expect(stripBoilerplate("# Other heading\ntext", "My title")).toBe("# Other heading\ntext");
  });

  it("removes Backlog.md's section markers and checkbox numbers", () => {
    const body =
      "## Acceptance Criteria\n<!-- AC:BEGIN -->\n- [x] #1 One\n- [ ] #12 Two\n<!-- AC:END -->\n<!-- a comment people wrote -->";
    expect(stripMarkers(body)).toBe(
      "## Acceptance Criteria\n- [x] One\n- [ ] Two\n<!-- a comment people wrote -->",
    );
  });
});
