import { findCycles } from "../core/graph.js";
import { idKey } from "../core/ids.js";
import { LIST_RELATIONS, type TicketSummary } from "../core/schema.js";
import { folderOf } from "../core/workflow.js";
import { staysArchived } from "./archive-path.js";
import type { Project } from "./project.js";

export type ProblemKind =
  | "malformed"
  | "unknown-status"
  | "unknown-type"
  | "dangling-reference"
  | "dependency-cycle"
  | "parent-cycle"
  | "duplicate-id"
  | "misplaced";

export interface Problem {
  readonly kind: ProblemKind;
  readonly path: string;
  readonly id?: string;
  readonly message: string;
}

export interface ValidationReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly problems: Problem[];
}

/** Every check over the whole project; `ok` is false when anything is wrong. */
export function validateProject(project: Project): ValidationReport {
  const { index, config } = project;
  index.refresh();
  const tickets = index.allSummaries();
  const byKey = new Map(tickets.map((t) => [idKey(t.id), t]));
  const problems: Problem[] = index
    .malformed()
    .map((m) => ({ kind: "malformed", path: m.path, message: m.error }));
  for (const dup of index.duplicates()) {
    for (const path of dup.paths) {
      problems.push({
        kind: "duplicate-id",
        path,
        id: dup.id,
        message: `ID ${dup.id} is also used by ${dup.paths.filter((p) => p !== path).join(", ")}`,
      });
    }
  }
  for (const ticket of tickets) {
    const at = { path: ticket.path, id: ticket.id };
    if (!Object.hasOwn(config.statuses, ticket.status)) {
      problems.push({
        ...at,
        kind: "unknown-status",
        message: `unknown status "${ticket.status}"; accepted: ${Object.keys(config.statuses).join(", ")}`,
      });
    } else if (
      config.layout === "status-folders" &&
      !ticket.path.startsWith(`tickets/${folderOf(config, ticket.status)}/`) &&
      !staysArchived(config, ticket.path, ticket.status)
    ) {
      problems.push({
        ...at,
        kind: "misplaced",
        message: `status is ${ticket.status} but the file is not in tickets/${folderOf(config, ticket.status)}/`,
      });
    }
    if (!Object.hasOwn(config.types, ticket.type)) {
      problems.push({
        ...at,
        kind: "unknown-type",
        message: `unknown type "${ticket.type}"; accepted: ${Object.keys(config.types).join(", ")}`,
      });
    }
    for (const [field, target] of references(ticket)) {
      if (!byKey.has(idKey(target))) {
        problems.push({
          ...at,
          kind: "dangling-reference",
          message: `${field} refers to ${target}, which does not exist`,
        });
      }
    }
  }
  problems.push(...cycleProblems(tickets, byKey));
  return { ok: problems.length === 0, checked: tickets.length, problems };
}

function references(ticket: TicketSummary): [string, string][] {
  const refs: [string, string][] = [];
  for (const field of LIST_RELATIONS) for (const id of ticket[field]) refs.push([field, id]);
  if (ticket.parent) refs.push(["parent", ticket.parent]);
  if (ticket.duplicate_of) refs.push(["duplicate_of", ticket.duplicate_of]);
  return refs;
}

function cycleProblems(tickets: readonly TicketSummary[], byKey: Map<string, TicketSummary>): Problem[] {
  const deps = new Map(tickets.map((t) => [idKey(t.id), t.depends_on.map(idKey)]));
  const parents = new Map(tickets.map((t) => [idKey(t.id), t.parent ? [idKey(t.parent)] : []]));
  const describe = (kind: "dependency-cycle" | "parent-cycle", cycle: string[]): Problem => {
    const first = byKey.get(cycle[0] ?? "");
    const names = cycle.map((key) => byKey.get(key)?.id ?? key);
    const relation = kind === "dependency-cycle" ? "depends on" : "is a child of";
    return {
      kind,
      path: first?.path ?? "",
      id: first?.id ?? "",
      message: `cycle: ${names.join(` ${relation} `)}`,
    };
  };
  return [
    ...findCycles(deps).map((cycle) => describe("dependency-cycle", cycle)),
    ...findCycles(parents).map((cycle) => describe("parent-cycle", cycle)),
  ];
}
