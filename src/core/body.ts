/**
 * The Markdown body of a ticket: a description, then `## Acceptance criteria` (checkbox items),
 * then `## Activity` (comments and events, newest last). These helpers read and extend it with
 * plain string work so that the rest of the body stays byte for byte as its author wrote it.
 */

export const CRITERIA_HEADING = "## Acceptance criteria";
export const ACTIVITY_HEADING = "## Activity";

export interface Criterion {
  readonly text: string;
  readonly done: boolean;
}

export interface ActivityEntry {
  readonly at: string;
  readonly author: string;
  /** `comment` for comments; `event` for transitions and other recorded changes. */
  readonly kind: "comment" | "event";
  readonly text: string;
}

const HEADING = /^#{1,2} /;
const CHECKBOX = /^\s*[-*] \[([ xX])\] (.*)$/;
const ENTRY = /^- (\S+) (.+?)( commented)?: ?(.*)$/;

/** The lines of the section under `heading`, up to the next level-1/2 heading. */
function sectionLines(body: string, heading: string): string[] {
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim().toLowerCase() === heading.toLowerCase());
  if (start < 0) return [];
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => HEADING.test(line));
  return end < 0 ? rest : rest.slice(0, end);
}

export function acceptanceCriteria(body: string): Criterion[] {
  return sectionLines(body, CRITERIA_HEADING).flatMap((line) => {
    const match = CHECKBOX.exec(line);
    return match ? [{ done: match[1] !== " ", text: (match[2] ?? "").trim() }] : [];
  });
}

export function uncheckedCriteria(body: string): string[] {
  return acceptanceCriteria(body)
    .filter((c) => !c.done)
    .map((c) => c.text);
}

/** The description: everything before the criteria or activity section, trimmed. */
export function description(body: string): string {
  const lines = body.split(/\r?\n/);
  const end = lines.findIndex((line) => {
    const lower = line.trim().toLowerCase();
    return lower === CRITERIA_HEADING.toLowerCase() || lower === ACTIVITY_HEADING.toLowerCase();
  });
  return (end < 0 ? lines : lines.slice(0, end)).join("\n").trim();
}

export function activity(body: string): ActivityEntry[] {
  const entries: ActivityEntry[] = [];
  let blanks = 0;
  for (const line of sectionLines(body, ACTIVITY_HEADING)) {
    const match = ENTRY.exec(line);
    const last = entries.at(-1);
    if (match) {
      const [, at = "", author = "", commented, text = ""] = match;
      entries.push({ at, author, kind: commented ? "comment" : "event", text });
    } else if (line.trim() === "") {
      blanks += 1;
      continue;
    } else if (last && line.startsWith("  ")) {
      // Blank lines inside a multi-line comment are part of it.
      const joined = last.text ? `${last.text}${"\n".repeat(blanks + 1)}${line.slice(2)}` : line.slice(2);
      entries[entries.length - 1] = { ...last, text: joined };
    }
    blanks = 0;
  }
  return entries;
}

/** One activity line (plus indented continuation lines for multi-line comments). */
export function formatActivity(entry: ActivityEntry): string {
  const author = entry.author.replace(/[\r\n:]+/g, " ").trim() || "unknown";
  const [first = "", ...rest] = entry.text.replace(/\r\n?/g, "\n").split("\n");
  const head = entry.kind === "comment" ? `- ${entry.at} ${author} commented:` : `- ${entry.at} ${author}:`;
  const firstLine = entry.kind === "comment" && rest.length > 0 ? `${head}\n  ${first}` : `${head} ${first}`;
  return [firstLine, ...rest.map((line) => (line ? `  ${line}` : ""))].join("\n");
}

/**
 * Appends an entry to the activity section, creating the section at the end when missing.
 * Text after the section (another heading) stays where it is.
 */
export function appendActivity(body: string, entry: ActivityEntry): string {
  const eol = body.includes("\r\n") ? "\r\n" : "\n";
  const line = formatActivity(entry).replace(/\n/g, eol);
  const lines = body.split(/\r?\n/);
  const start = lines.findIndex((l) => l.trim().toLowerCase() === ACTIVITY_HEADING.toLowerCase());
  if (start < 0) {
    const trimmed = body.replace(/\s+$/, "");
    const gap = trimmed.length > 0 ? `${eol}${eol}` : eol;
    return `${trimmed}${gap}${ACTIVITY_HEADING}${eol}${eol}${line}${eol}`;
  }
  const next = lines.findIndex((l, i) => i > start && HEADING.test(l));
  let insertAt = next < 0 ? lines.length : next;
  while (insertAt > start + 1 && (lines[insertAt - 1] ?? "").trim() === "") insertAt -= 1;
  const head = lines.slice(0, insertAt);
  if (insertAt === start + 1) head.push("");
  const tail = next < 0 ? [""] : ["", ...lines.slice(next)];
  return [...head, line, ...tail].join(eol);
}

/** The body of a new ticket. */
export function composeBody(input: {
  description?: string | undefined;
  criteria?: readonly string[] | undefined;
}): string {
  const parts: string[] = [];
  const text = input.description?.replace(/\r\n?/g, "\n").trim();
  if (text) parts.push(text);
  if (input.criteria && input.criteria.length > 0) {
    parts.push(`${CRITERIA_HEADING}\n\n${input.criteria.map((c) => `- [ ] ${c}`).join("\n")}`);
  }
  return parts.length > 0 ? `\n${parts.join("\n\n")}\n` : "\n";
}
