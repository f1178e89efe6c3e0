import type { Config } from "../../core/config.js";
import { idKey, isValidId, randomId, randomIdLength } from "../../core/ids.js";
import type { NormalizedRecord } from "./normalize.js";
import type { ProblemLog } from "./types.js";

/**
 * IDs for imported tickets. A source ID is kept when it is a valid Trackdown ID that no ticket
 * of the project and no earlier record of the import holds; otherwise the ticket gets a new ID
 * (random or sequential, as the project is configured) and `imported_from` records the old one.
 * Of several records sharing an ID, one keeps it and references point to it: a live record
 * before one the source had archived, then the oldest.
 */

export interface IdAssignment {
  /** The final ID of each record, by position. */
  readonly ids: string[];
  /** The source ID of each record whose ID changed. */
  readonly importedFrom: (string | undefined)[];
  /** Source ID key (upper case) → the final ID references to it resolve to. */
  readonly refs: Map<string, string>;
}

export type RandomBytes = (n: number) => Uint8Array;

export function assignIds(
  records: readonly NormalizedRecord[],
  config: Config,
  existing: ReadonlySet<string>,
  randomBytes: RandomBytes,
  log: ProblemLog,
): IdAssignment {
  const taken = new Set(existing);
  const keeperOf = chooseKeepers(records);
  const ids: (string | undefined)[] = records.map(() => undefined);
  const refs = new Map<string, string>();
  records.forEach((n, i) => {
    const source = n.record.sourceId;
    if (source === undefined || keeperOf.get(idKey(source)) !== i) return;
    if (isValidId(source) && !taken.has(idKey(source))) {
      ids[i] = source;
      taken.add(idKey(source));
      refs.set(idKey(source), source);
    }
  });
  const allocate = createAllocator(config, taken, randomBytes, records.length);
  const importedFrom = records.map((n, i) => {
    const existingId = ids[i];
    if (existingId !== undefined) return undefined;
    const id = allocate(config.types[n.type]?.prefix ?? n.type.toUpperCase());
    ids[i] = id;
    const source = n.record.sourceId;
    if (source === undefined) return undefined;
    const keeper = keeperOf.get(idKey(source)) ?? i;
    if (keeper === i) refs.set(idKey(source), id);
    explain(log, n, id, keeper === i ? undefined : records[keeper], existing.has(idKey(source)));
    return source;
  });
  return { ids: ids.map((id) => id ?? ""), importedFrom, refs };
}

/** For each source ID, the record that keeps it: a live one before an archived one, then the oldest, then the first read. */
function chooseKeepers(records: readonly NormalizedRecord[]): Map<string, number> {
  const keepers = new Map<string, number>();
  const rank = (n: NormalizedRecord) => `${n.record.archived ? 1 : 0}${n.created}`;
  records.forEach((n, i) => {
    if (n.record.sourceId === undefined) return;
    const key = idKey(n.record.sourceId);
    const current = keepers.get(key);
    const holder = current === undefined ? undefined : records[current];
    if (holder === undefined || rank(n) < rank(holder)) keepers.set(key, i);
  });
  return keepers;
}

function explain(
  log: ProblemLog,
  n: NormalizedRecord,
  id: string,
  keeper: NormalizedRecord | undefined,
  takenInProject: boolean,
): void {
  const source = n.record.sourceId ?? "";
  const report = log.at(n.record.file, source);
  if (keeper !== undefined) {
    const other = `${keeper.record.file} ("${String(keeper.fields.title)}")`;
    report(
      "duplicate-id",
      "fixed",
      `ID ${source} is also used by ${other}`,
      `given new ID ${id} (imported_from: ${source}); references to ${source} point to the other one`,
    );
  } else if (takenInProject) {
    report(
      "id-taken",
      "fixed",
      `ID ${source} is already used by a ticket of this project`,
      `given new ID ${id} (imported_from: ${source}); references in the import follow it`,
    );
  } else {
    report(
      "new-id",
      "info",
      `"${source}" is not a valid Trackdown ID`,
      `given ID ${id} (imported_from: ${source})`,
    );
  }
}

/** Hands out fresh IDs that neither the project nor the import holds. */
function createAllocator(
  config: Config,
  taken: Set<string>,
  randomBytes: RandomBytes,
  planned: number,
): (prefix: string) => string {
  const counters = new Map<string, number>();
  return (prefix) => {
    let id: string;
    if (config.ids === "sequential") {
      const next = (counters.get(prefix) ?? highestNumber(taken, prefix)) + 1;
      counters.set(prefix, next);
      id = `${prefix}-${String(next).padStart(4, "0")}`;
    } else {
      const length = randomIdLength(taken.size + planned);
      do id = randomId(prefix, length, randomBytes);
      while (taken.has(idKey(id)));
    }
    taken.add(idKey(id));
    return id;
  };
}

function highestNumber(taken: ReadonlySet<string>, prefix: string): number {
  const pattern = new RegExp(`^${prefix.toUpperCase()}-(\\d+)$`);
  let highest = 0;
  for (const key of taken) {
    const match = pattern.exec(key);
    if (match?.[1]) highest = Math.max(highest, Number.parseInt(match[1], 10));
  }
  return highest;
}
