/**
 * Value rules of the query language that the parser checks and the index compiler reuses:
 * which fields take comparisons, and the two shapes of a date value (absolute or an age).
 */

export const DATE_FIELDS = ["created", "updated", "started", "completed"] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/** Fields on which `>`, `>=`, `<`, `<=` are allowed. */
export const COMPARABLE_FIELDS = ["priority", ...DATE_FIELDS] as const;

/** Examples shown to a user who wrote a date value we cannot read. */
export const DATE_VALUE_FORMS = [
  "2026-01-31",
  "2026-01",
  "2026-01-31T09:30:00Z",
  "30m",
  "12h",
  "7d",
  "2w",
] as const;

/** `2026`, `2026-01`, `2026-01-31`, `2026-01-31T09:30[:00[.000]][Z|+02:00]` (or a space for T). */
const ABSOLUTE_DATE =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;
const AGE = /^(?:\d+[wdhm])+$/;
const AGE_PART = /(\d+)([wdhm])/g;
const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function isAbsoluteDate(value: string): boolean {
  const match = ABSOLUTE_DATE.exec(value.toUpperCase());
  if (!match) return false;
  const [, , month, day, hour, minute, second] = match;
  return (
    inRange(month, 1, 12) &&
    inRange(day, 1, 31) &&
    inRange(hour, 0, 23) &&
    inRange(minute, 0, 59) &&
    inRange(second, 0, 59)
  );
}

function inRange(part: string | undefined, min: number, max: number): boolean {
  if (part === undefined) return true;
  const n = Number(part);
  return n >= min && n <= max;
}

/** `7d`, `12h`, `2w`, `30m`, or combinations such as `1d12h` (`m` is minutes). */
export function isAge(value: string): boolean {
  return AGE.test(value.toLowerCase());
}

export function isDateValue(value: string): boolean {
  return isAbsoluteDate(value) || isAge(value);
}

/** The age in milliseconds, or undefined when the value is not an age. */
export function ageToMs(value: string): number | undefined {
  const lower = value.toLowerCase();
  if (!AGE.test(lower)) return undefined;
  let total = 0;
  for (const [, count, unit] of lower.matchAll(AGE_PART)) total += Number(count) * (UNIT_MS[unit ?? ""] ?? 0);
  return total;
}

/**
 * An absolute date as a UTC prefix of the index's ISO strings: `2026-01-31` stays as it is,
 * `2026-01-31 09:30` becomes `2026-01-31T09:30`, and a value with a zone is moved to UTC and loses
 * the zone (`2026-01-31T09:30+02:00` → `2026-01-31T07:30`), so it compares as a prefix of `…Z`.
 */
export function toUtcPrefix(value: string): string {
  const upper = value.toUpperCase().replace(" ", "T");
  const zone = /(Z|[+-]\d{2}:?\d{2})$/.exec(upper);
  if (!zone || !upper.includes("T")) return upper;
  const local = upper.slice(0, zone.index);
  const offset = zone[1] === "Z" ? "Z" : normalizeOffset(zone[1] ?? "Z");
  const utc = new Date(`${local.length === 16 ? `${local}:00` : local}${offset}`).toISOString();
  return utc.slice(0, local.length);
}

function normalizeOffset(offset: string): string {
  return offset.includes(":") ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}
