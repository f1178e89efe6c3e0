import { isMap, mapGenericRecord } from "./generic.js";
import { parseJson } from "./json.js";
import { isStatusWord } from "./statuses.js";
import type { ImportRecord, ProblemLog, SourceFile, SourceMapper } from "./types.js";

/**
 * A folder of JSON files, one ticket each: the original system's storage (`tickets/*.json`,
 * often in status folders such as `pending/`, `in-progress/`, `completed/`). Field spellings
 * vary between its versions and users, so every common spelling is read (see generic.ts); a
 * file may also hold a list of tickets or `{ "tickets": [...] }`. A ticket without a status
 * takes the name of its folder.
 */

const NOT_TICKETS = /(^|\/)(package(-lock)?|tsconfig[^/]*|composer|\.?eslintrc|renovate|tasks)\.json$/i;

export const ticketsJsonMapper: SourceMapper = {
  format: "tickets-json",
  select: (files) => files.filter((f) => f.toLowerCase().endsWith(".json") && !NOT_TICKETS.test(f)),
  map: mapFile,
};

function mapFile(source: SourceFile, log: ProblemLog): ImportRecord[] {
  const report = log.at(source.file);
  const json = parseJson(source, report);
  if (json === undefined) return [];
  const items = Array.isArray(json)
    ? json
    : isMap(json) && Array.isArray(json.tickets)
      ? json.tickets
      : [json];
  const parent = source.file.split("/").at(-2);
  const folder = parent !== undefined && isStatusWord(parent) ? parent : undefined;
  return items.flatMap((item, index): ImportRecord[] => {
    const where = items.length > 1 ? `${source.file}[${index}]` : source.file;
    if (!isMap(item) || !looksLikeTicket(item)) {
      log.at(where)("not-a-ticket", "info", "no title, ID or description", "skipped");
      return [];
    }
    const data =
      item.status === undefined && item.state === undefined && folder ? { ...item, status: folder } : item;
    const id = typeof item.id === "string" || typeof item.id === "number" ? String(item.id) : undefined;
    return [mapGenericRecord({ file: where, data, report: log.at(where, id) })];
  });
}

function looksLikeTicket(item: Record<string, unknown>): boolean {
  return ["title", "name", "summary", "subject", "id", "ticket_id", "description"].some(
    (key) => item[key] !== undefined,
  );
}
