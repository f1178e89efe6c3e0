/** Small formatting helpers: ages, durations, counts. `now` is passed in where tests need it. */

const UNITS: readonly [number, string][] = [
  [7 * 86_400_000, "w"],
  [86_400_000, "d"],
  [3_600_000, "h"],
  [60_000, "m"],
];

/** `3d`, `5h`, `12m`, `now`: a compact duration. */
export function compactDuration(ms: number): string {
  const abs = Math.abs(ms);
  for (const [size, unit] of UNITS) if (abs >= size) return `${Math.floor(abs / size)}${unit}`;
  return abs >= 1000 ? `${Math.floor(abs / 1000)}s` : "now";
}

export function age(iso: string | null | undefined, now = Date.now()): string {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) return "";
  const text = compactDuration(now - ms);
  return text === "now" ? "just now" : `${text} ago`;
}

/** `1m 05s`, `2h 10m`, `850ms`. */
export function runDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export function hours(h: number | null | undefined): string {
  if (h === null || h === undefined) return "–";
  if (h < 1) return `${Math.round(h * 60)}m`;
  if (h < 48) return `${h.toFixed(h < 10 ? 1 : 0)}h`;
  return `${(h / 24).toFixed(1)}d`;
}

export const count = (n: number): string => n.toLocaleString("en-US");

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

export const percent = (rate: number | null | undefined): string =>
  rate === null || rate === undefined ? "–" : `${Math.round(rate * 100)}%`;
