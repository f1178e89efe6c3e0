import { ID_PATTERN } from "./schema.js";

/**
 * Ticket IDs: a type prefix and a suffix. By default the suffix is short random Crockford
 * base32 (`TSK-7f3k`), so agents on different branches never mint the same ID; `sequential`
 * projects get zero-padded counters (`TSK-0042`). Lookup is case-insensitive and accepts any
 * unique prefix.
 */

/** Crockford's alphabet: no i, l, o, u, so IDs survive being read aloud or typed by hand. */
export const CROCKFORD_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

export const MIN_RANDOM_LENGTH = 4;

/**
 * The suffix length that keeps the chance that a new random ID hits an existing one under
 * about 1%: 4 characters (about a million values) up to 10k tickets, then longer.
 */
export function randomIdLength(ticketCount: number): number {
  let length = MIN_RANDOM_LENGTH;
  while (ticketCount / CROCKFORD_ALPHABET.length ** length > 0.01) length += 1;
  return length;
}

/** `randomBytes` supplies one byte per character; injected so core stays free of I/O. */
export function randomId(prefix: string, length: number, randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(length);
  let suffix = "";
  for (const byte of bytes) suffix += CROCKFORD_ALPHABET[byte % 32];
  return `${prefix}-${suffix}`;
}

export function sequentialId(prefix: string, existingIds: Iterable<string>): string {
  const pattern = new RegExp(`^${prefix}-(\\d+)$`, "i");
  let highest = 0;
  for (const id of existingIds) {
    const match = pattern.exec(id);
    if (match?.[1]) highest = Math.max(highest, Number.parseInt(match[1], 10));
  }
  return `${prefix}-${String(highest + 1).padStart(4, "0")}`;
}

/** The canonical key for comparing IDs: case folds away. */
export function idKey(id: string): string {
  return id.toUpperCase();
}

export function isValidId(id: string): boolean {
  return ID_PATTERN.test(id);
}

/** The prefix of an ID (`TSK` of `TSK-7f3k`), upper-cased. */
export function idPrefix(id: string): string {
  const dash = id.indexOf("-");
  return (dash < 0 ? id : id.slice(0, dash)).toUpperCase();
}

/** An ID or the start of one: letters/digits, at most one dash, nothing that could form a path. */
export function isIdLookup(text: string): boolean {
  return /^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]*)?$/.test(text);
}

/** File names start with the ID; the rest is a slug of the title at creation. */
export function slugify(title: string, maxLength = 48): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = slug.length > maxLength ? slug.slice(0, maxLength).replace(/-[^-]*$/, "") : slug;
  return cut || "ticket";
}

/** The ID a ticket file name begins with (`TSK-7f3k-fix-import.md` → `TSK-7f3k`), if any. */
export function idFromFileName(fileName: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9]*-[A-Za-z0-9]+?)(?:-[^.]*)?\.md$/.exec(fileName);
  return match?.[1];
}
