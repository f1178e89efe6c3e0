import type { Context } from "hono";
import type { z } from "zod";
import { parseInput } from "../service/parse-input.js";
import { httpError } from "./errors.js";

/** Reading requests: JSON bodies checked against the service's schemas, query parameters, If-Match. */

/**
 * The request's JSON body validated by `schema`; an empty body counts as `{}`. A body must be
 * sent as `application/json`: a browser cannot send that cross-site without a preflight.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  if (text.trim() === "") return parseInput(schema, {});
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(type)) {
    throw httpError(
      "INVALID_INPUT",
      `Send the body as JSON with Content-Type: application/json, not "${type || "none"}"`,
      { contentType: type },
      415,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw httpError("INVALID_INPUT", `Request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw httpError("INVALID_INPUT", "Request body must be a JSON object");
  }
  return parseInput(schema, body);
}

/** An integer query parameter ≥ 0, refusing anything else with the parameter's name. */
export function intParam(
  value: string | undefined,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw httpError("INVALID_INPUT", `${name} must be a whole number from 0 to ${max}, not "${value}"`, {
      parameter: name,
      value,
    });
  }
  return n;
}

/** A boolean query parameter: `true`/`1`/`false`/`0`, or absent. */
export function boolParam(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  throw httpError("INVALID_INPUT", `${name} must be true or false, not "${value}"`, {
    parameter: name,
    value,
  });
}

/** The revision a write expects, from If-Match (quotes and the W/ prefix tolerated; `*` is any). */
export function ifMatch(c: Context): string | undefined {
  const header = c.req.header("if-match");
  if (header === undefined || header.trim() === "*") return undefined;
  return header.trim().replace(/^W\//, "").replace(/^"|"$/g, "");
}

/** Sets the ETag of a ticket response: its revision. */
export function withEtag(c: Context, ticket: { revision: string }): void {
  c.header("ETag", `"${ticket.revision}"`);
}
