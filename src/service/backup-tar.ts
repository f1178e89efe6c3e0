import { invalidInput } from "../core/errors.js";

/**
 * A small tar writer and reader (POSIX ustar, with pax `path` records for long or non-ASCII
 * names), enough for backups: regular files only. The reader checks every header's checksum and
 * bounds and refuses links, devices and anything else that is not a file or a folder.
 */

export interface TarEntry {
  readonly path: string;
  readonly data: Uint8Array;
}

const BLOCK = 512;
const FILE = "0";
const DIRECTORY = "5";
const PAX = "x";
const PAX_GLOBAL = "g";

export function writeTar(entries: readonly TarEntry[], mtimeSeconds: number): Buffer {
  const chunks: Buffer[] = [];
  for (const entry of entries) {
    const split = splitUstarName(entry.path);
    if (split === undefined) {
      const record = paxRecord("path", entry.path);
      chunks.push(header({ name: "PaxHeader", size: record.length, type: PAX, mtime: mtimeSeconds }));
      chunks.push(padded(record));
    }
    const name = split ?? { name: asciiFallback(entry.path), prefix: "" };
    chunks.push(header({ ...name, size: entry.data.length, type: FILE, mtime: mtimeSeconds }));
    chunks.push(padded(entry.data));
  }
  chunks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(chunks);
}

/** ustar holds a name of up to 100 bytes, plus a prefix of up to 155 split at a `/`. */
function splitUstarName(path: string): { name: string; prefix: string } | undefined {
  if (!/^[\x20-\x7e]+$/.test(path)) return undefined;
  if (path.length <= 100) return { name: path, prefix: "" };
  for (let i = path.indexOf("/"); i >= 0; i = path.indexOf("/", i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (prefix.length <= 155 && name.length <= 100 && name !== "") return { name, prefix };
  }
  return undefined;
}

/** The header name of an entry whose real path is in its pax record: readers without pax see this. */
function asciiFallback(path: string): string {
  return path.replace(/[^\x20-\x7e]/g, "_").slice(-100);
}

/** `"<length> <key>=<value>\n"`, where the length counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  const bodyBytes = Buffer.byteLength(body);
  let digits = 1;
  while (String(bodyBytes + digits).length !== digits) digits++;
  return Buffer.from(`${bodyBytes + digits}${body}`);
}

function header(h: { name: string; prefix?: string; size: number; type: string; mtime: number }): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(h.name, 0, 100, "utf8");
  block.write(octal(h.type === DIRECTORY ? 0o755 : 0o644, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(h.size, 12), 124, "ascii");
  block.write(octal(h.mtime, 12), 136, "ascii");
  block.write(h.type, 156, "ascii");
  block.write("ustar\u000000", 257, "ascii");
  block.write(h.prefix ?? "", 345, 155, "utf8");
  block.fill(0x20, 148, 156);
  const sum = checksum(block);
  block.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, "ascii");
  return block;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\u0000`;
}

function checksum(block: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum;
}

function padded(data: Uint8Array): Buffer {
  const rest = data.length % BLOCK;
  return rest === 0 ? Buffer.from(data) : Buffer.concat([data, Buffer.alloc(BLOCK - rest)]);
}

/** The files of a tar archive, in order. Throws INVALID_INPUT on anything malformed or unexpected. */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) return entries;
    const h = parseHeader(block, offset);
    const start = offset + BLOCK;
    const end = start + h.size;
    if (end > archive.length) throw malformed(`entry "${h.path}" is cut short`);
    const data = archive.subarray(start, end);
    offset = start + Math.ceil(h.size / BLOCK) * BLOCK;
    if (h.type === PAX) paxPath = parsePax(data).path ?? paxPath;
    else if (h.type === PAX_GLOBAL) continue;
    else {
      const path = paxPath ?? h.path;
      paxPath = undefined;
      if (h.type === FILE || h.type === "\u0000") entries.push({ path, data });
      else if (h.type !== DIRECTORY) {
        throw malformed(`entry "${path}" is not a regular file (type "${h.type}"); backups hold files only`);
      }
    }
  }
  throw malformed("the archive ends without its end-of-archive marker");
}

function parseHeader(block: Buffer, offset: number): { path: string; size: number; type: string } {
  const stored = Number.parseInt(text(block, 148, 8).trim() || "x", 8);
  if (stored !== checksum(block)) throw malformed(`bad header checksum at byte ${offset}`);
  const sizeField = text(block, 124, 12).trim();
  if (!/^[0-7]+$/.test(sizeField)) throw malformed(`bad size "${sizeField}" at byte ${offset}`);
  const name = text(block, 0, 100);
  const ustar = text(block, 257, 6).startsWith("ustar");
  const prefix = ustar ? text(block, 345, 155) : "";
  return {
    path: prefix ? `${prefix}/${name}` : name,
    size: Number.parseInt(sizeField, 8),
    type: String.fromCharCode(block[156] ?? 0),
  };
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString("utf8");
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    const length = Number.parseInt(data.subarray(offset, space).toString("ascii"), 10);
    if (space < 0 || !Number.isSafeInteger(length) || length <= 0 || offset + length > data.length) {
      throw malformed("a pax header record is malformed");
    }
    const record = data.subarray(space + 1, offset + length - 1).toString("utf8");
    const equals = record.indexOf("=");
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1);
    offset += length;
  }
  return records;
}

const malformed = (what: string) => invalidInput(`Not a valid backup: ${what}`, { reason: what });
