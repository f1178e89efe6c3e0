import { invalidInput } from "./errors.js";
import { DURATION_PATTERN } from "./schema.js";

/**
 * Durations of estimates and logged time, counted in whole minutes. `d` and `w` are working
 * time — a day is 8 hours, a week 5 days — the way estimates are meant; a plain number is
 * hours. Totals are written back in hours and minutes only (`26h30m`), which cannot be misread.
 */

export const MINUTES_PER_UNIT: Readonly<Record<string, number>> = { m: 1, h: 60, d: 8 * 60, w: 5 * 8 * 60 };

const PART = /(\d+(?:\.\d+)?)([wdhm])/g;

/** Minutes in `90m`, `1h30m`, `2d`, `1.5h` or a number of hours; undefined for absent values. */
export function toMinutes(value: string | number | null | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) throw badDuration(String(value));
    return Math.round(value * 60);
  }
  const text = value.trim().toLowerCase().replace(/\s+/g, "");
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 60);
  if (!DURATION_PATTERN.test(text)) throw badDuration(value);
  let minutes = 0;
  for (const [, amount, unit] of text.matchAll(PART)) {
    minutes += Number(amount) * (MINUTES_PER_UNIT[unit ?? "m"] ?? 1);
  }
  return Math.round(minutes);
}

/** Like `toMinutes`, for input a person typed: it must be present and more than nothing. */
export function parsePositiveDuration(text: string): number {
  const minutes = toMinutes(text);
  if (minutes === undefined || minutes <= 0) throw badDuration(text, "more than zero");
  return minutes;
}

/** `0m`, `45m`, `2h`, `1h30m`, `26h5m`: hours and minutes, nothing larger. */
export function formatMinutes(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  if (hours === 0) return `${rest}m`;
  return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
}

/** Whole minutes between two ISO timestamps, rounded; never negative. */
export function minutesBetween(startIso: string, endIso: string): number {
  const start = Date.parse(startIso);
  const end = Date.parse(endIso);
  if (Number.isNaN(start) || Number.isNaN(end)) {
    throw invalidInput(`Cannot measure time between "${startIso}" and "${endIso}"`, {
      start: startIso,
      end: endIso,
    });
  }
  return Math.max(0, Math.round((end - start) / 60_000));
}

function badDuration(value: string, extra?: string) {
  return invalidInput(
    `"${value}" is not a duration${extra ? ` of ${extra}` : ""}; accepted: 90m, 1h30m, 1.5h, 2d (8h), 1w (5d), or a number of hours`,
    { value },
  );
}
