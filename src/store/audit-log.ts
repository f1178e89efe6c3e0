import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The local audit trail: one JSON object per line, appended with O_APPEND so that concurrent
 * writers never interleave within a line. Git-ignored; it records what happened on this machine.
 */
export const AUDIT_FILE = "audit.jsonl";

export function appendAudit(auditDir: string, entry: Record<string, unknown>): void {
  mkdirSync(auditDir, { recursive: true });
  appendFileSync(join(auditDir, AUDIT_FILE), `${JSON.stringify(entry)}\n`);
}

/** Every entry, oldest first; a line torn by a crash is skipped, not fatal. */
export function readAudit(auditDir: string): Record<string, unknown>[] {
  const file = join(auditDir, AUDIT_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .flatMap((line) => {
      if (line.trim() === "") return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}
