import type { z } from "zod";
import { invalidInput } from "../core/errors.js";

/** Validates a call's input against its schema; the error lists every bad field and why. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`);
  throw invalidInput(`Invalid input: ${issues.join("; ")}`, { issues });
}
