/**
 * Ticks or unticks one acceptance criterion in a ticket body, changing only that line's box
 * (the same section rules as src/core/body.ts: the `## Acceptance criteria` section, up to the
 * next level-1 or level-2 heading). Undefined when the body has no such criterion.
 */

const CHECKBOX = /^(\s*[-*] \[)([ xX])(\] .*)$/;
const HEADING = /^#{1,2} /;

export function setCriterion(body: string, index: number, done: boolean): string | undefined {
  const lines = body.split("\n");
  const start = lines.findIndex((line) => line.trim().toLowerCase() === "## acceptance criteria");
  if (start < 0) return undefined;
  let seen = -1;
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (HEADING.test(line)) break;
    const match = CHECKBOX.exec(line.replace(/\r$/, ""));
    if (!match) continue;
    seen += 1;
    if (seen !== index) continue;
    const cr = line.endsWith("\r") ? "\r" : "";
    lines[i] = `${match[1]}${done ? "x" : " "}${match[3]}${cr}`;
    return lines.join("\n");
  }
  return undefined;
}
