import type { ImportComment } from "./types.js";

/**
 * Cleaning up bodies of other tools' Markdown files: their comment sections become activity
 * entries, their template boilerplate (placeholders, a generated summary of the frontmatter)
 * and their machine markers go, and what people wrote stays as they wrote it.
 */

interface Section {
  /** The heading line, or undefined for the text before the first level-2 heading. */
  readonly heading: string | undefined;
  readonly lines: string[];
}

/** Splits at level-1 and level-2 headings outside code fences. */
export function splitSections(body: string): Section[] {
  const sections: Section[] = [{ heading: undefined, lines: [] }];
  let fence = false;
  for (const line of body.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^ {0,3}(`{3,}|~{3,})/.test(line)) fence = !fence;
    if (!fence && /^#{1,2} \S/.test(line)) sections.push({ heading: line, lines: [] });
    else sections.at(-1)?.lines.push(line);
  }
  return sections;
}

export function joinSections(sections: readonly Section[]): string {
  const text = sections
    .map((s) => (s.heading === undefined ? s.lines : [s.heading, ...s.lines]).join("\n"))
    .join("\n");
  return text.replace(/\n{3,}/g, "\n\n").trim();
}

function headingText(section: Section): string {
  return (section.heading ?? "")
    .replace(/^#+\s*/, "")
    .trim()
    .toLowerCase();
}

const COMMENT =
  /^#{3,4}\s+Comment by (.+?) - (\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?)(?:\s*\[ID: [^\]]*\])?\s*$/;

/**
 * Comments as ai-trackdown's Python tool writes them: a `## Comments` section holding
 * `### Comment by <author> - <date> [ID: ...]` entries (newest first). Removed from the body.
 */
export function extractComments(body: string): { body: string; comments: ImportComment[] } {
  const sections = splitSections(body);
  const comments: ImportComment[] = [];
  const kept = sections.filter((section) => {
    if (!/^comments?$/.test(headingText(section))) return true;
    let current: { author: string; at: string; lines: string[] } | undefined;
    const flush = () => {
      const text = current?.lines.join("\n").trim();
      if (current && text) comments.push({ author: current.author, at: current.at, text });
    };
    for (const line of section.lines) {
      const match = COMMENT.exec(line);
      if (match) {
        flush();
        current = { author: match[1] ?? "unknown", at: match[2] ?? "", lines: [] };
      } else current?.lines.push(line);
    }
    flush();
    return false;
  });
  return { body: joinSections(kept), comments };
}

const PLACEHOLDERS = [
  /^- \[ \] Add task items here\s*$/,
  /^_Add any additional notes or context here\._\s*$/,
  /^No description provided\.\s*$/,
];
const GENERATED_DETAIL = /^- \*\*[^*]+\*\*:/;

/**
 * Drops a leading `# <title>` that repeats the title, template placeholders, and a `## Details`
 * section that only restates frontmatter fields; sections left empty go too.
 */
export function stripBoilerplate(body: string, title: string | undefined): string {
  const wanted = title?.trim().toLowerCase();
  const sections = splitSections(body).map((s): Section => {
    const lines = s.lines.filter((line) => !PLACEHOLDERS.some((p) => p.test(line.trim())));
    const repeatsTitle = s.heading !== undefined && /^# /.test(s.heading) && headingText(s) === wanted;
    return { heading: repeatsTitle ? undefined : s.heading, lines };
  });
  const kept = sections.filter((section) => {
    const content = section.lines.filter((l) => l.trim() !== "");
    if (section.heading === undefined) return true;
    const generated = headingText(section) === "details" && content.every((l) => GENERATED_DETAIL.test(l));
    return content.length > 0 && !generated;
  });
  return joinSections(kept);
}

const MARKER = /^\s*<!--\s*[A-Z][A-Z_]*(?::[A-Z_]+)*:(?:BEGIN|END)\s*-->\s*$/;
const NUMBERED_CHECKBOX = /^(\s*[-*] \[[ xX]\] )#\d+ /;

/** Backlog.md's section markers (`<!-- AC:BEGIN -->`) go; `- [ ] #1 text` becomes `- [ ] text`. */
export function stripMarkers(body: string): string {
  const lines = body
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .filter((line) => !MARKER.test(line))
    .map((line) => line.replace(NUMBERED_CHECKBOX, "$1"));
  return lines
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
