import type { Reporter, SourceFile } from "./types.js";

/** Parses a JSON source file; a syntax error is reported (with its position) and the file skipped. */
export function parseJson(source: SourceFile, report: Reporter): unknown {
  try {
    return JSON.parse(source.text.replace(/^\ufeff/, ""));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    report("invalid-record", "error", `not valid JSON: ${reason}`, "skipped the file");
    return undefined;
  }
}
