import { uncheckedCriteria } from "./body.js";
import type { Config, GateName, StatusCategory } from "./config.js";
import { invalidInput, TrackdownError } from "./errors.js";

/** The status workflow from config: names, aliases, categories, allowed moves and gates. */

/**
 * A record's own entry: config comes from YAML, where a status named `constructor` must not
 * find Object.prototype's.
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function statusNames(config: Config): string[] {
  return Object.keys(config.statuses);
}

/** Resolves a status name or alias (`done` → `completed`); throws naming the accepted values. */
export function resolveStatus(config: Config, name: string): string {
  const key = name.trim().toLowerCase().replace(/-/g, "_");
  if (Object.hasOwn(config.statuses, key)) return key;
  const alias = own(config.aliases, key) ?? own(config.aliases, name.trim().toLowerCase());
  if (alias !== undefined) return alias;
  throw invalidInput(`Unknown status "${name}"; accepted: ${acceptedStatuses(config)}`, {
    value: name,
    accepted: statusNames(config),
    aliases: config.aliases,
  });
}

function acceptedStatuses(config: Config): string {
  const aliases = Object.entries(config.aliases).map(([alias, target]) => `${alias}→${target}`);
  return `${statusNames(config).join(", ")} (aliases: ${aliases.join(", ")})`;
}

export function categoryOf(config: Config, status: string): StatusCategory {
  return own(config.statuses, status)?.category ?? "todo";
}

export function folderOf(config: Config, status: string): string {
  return own(config.statuses, status)?.folder ?? status;
}

export function isClosedCategory(category: StatusCategory): boolean {
  return category === "done" || category === "cancelled";
}

/** The facts gates look at, gathered by the service from the ticket and its neighbours. */
export interface GateFacts {
  readonly body: string;
  readonly assignee?: string | undefined;
  readonly dependencies: readonly { id: string; category: StatusCategory | undefined }[];
  readonly children: readonly { id: string; category: StatusCategory }[];
}

/** Throws INVALID_INPUT when the move is not in the transition table. */
export function assertTransitionAllowed(config: Config, from: string, to: string): void {
  const allowed = own(config.transitions, from) ?? [];
  if (from === to || allowed.includes(to)) return;
  throw invalidInput(
    `Cannot move from "${from}" to "${to}"; from "${from}" a ticket can go to: ${allowed.join(", ") || "nowhere"}`,
    { from, to, accepted: allowed },
  );
}

/** Runs the gates configured for `to`; each failure says what is missing. */
export function failedGates(config: Config, to: string, facts: GateFacts): string[] {
  const gates = own(config.gates, to) ?? [];
  return gates.flatMap((gate) => {
    const problem = checkGate(gate, facts);
    return problem === undefined ? [] : [problem];
  });
}

function checkGate(gate: GateName, facts: GateFacts): string | undefined {
  switch (gate) {
    case "acceptance_criteria": {
      const open = uncheckedCriteria(facts.body);
      return open.length === 0
        ? undefined
        : `${open.length} acceptance criteria unchecked: ${open.map((c) => `"${c}"`).join(", ")}`;
    }
    case "dependencies_done": {
      const open = facts.dependencies.filter(
        (d) => d.category === undefined || !isClosedCategory(d.category),
      );
      return open.length === 0 ? undefined : `open dependencies: ${open.map((d) => d.id).join(", ")}`;
    }
    case "children_done": {
      const open = facts.children.filter((c) => !isClosedCategory(c.category));
      return open.length === 0 ? undefined : `open children: ${open.map((c) => c.id).join(", ")}`;
    }
    case "assignee":
      return facts.assignee ? undefined : "no assignee";
  }
}

export function gateError(ticketId: string, to: string, problems: string[]): TrackdownError {
  return new TrackdownError(
    "GATE",
    `${ticketId} cannot move to "${to}": ${problems.join("; ")}. Fix these, or pass --force with --reason.`,
    { id: ticketId, to, problems },
  );
}
