import { z } from "zod";
import type { Config } from "../../core/config.js";

/** Arguments several tools share, described once. */

export const IdArg = z.string().min(1).describe("Ticket ID or any unique prefix, e.g. TSK-7f3k");

export const IfRevisionArg = z
  .string()
  .min(1)
  .optional()
  .describe("Refuse with CONFLICT unless the ticket is still at this revision (from get's rev)");

export const ForceArg = z
  .boolean()
  .optional()
  .describe("Override the transition table and gates; needs a reason, which is recorded");

export const ReasonArg = z.string().optional().describe("Why; recorded in the activity log when forcing");

/** The statuses a project accepts, for the model to pick from. */
export function statusArg(config: Config) {
  const aliases = Object.keys(config.aliases);
  return z
    .string()
    .min(1)
    .describe(
      `Target status: ${Object.keys(config.statuses).join(", ")}${aliases.length ? ` (aliases: ${aliases.join(", ")})` : ""}`,
    );
}

/** Transition options in the service's shape. */
export function transitionOptions(args: { force?: boolean; reason?: string; if_revision?: string }) {
  return { force: args.force, reason: args.reason, ifRevision: args.if_revision };
}
