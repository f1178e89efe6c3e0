import type { MiddlewareHandler } from "hono";
import { idKey } from "../core/ids.js";

const WRITES = new Set(["POST", "PATCH", "DELETE", "PUT"]);
const TICKET_PATH = /^\/api\/tickets\/([^/]+)(?:\/|$)/;

/**
 * Writes to one ticket through this server wait their turn here, first come first served,
 * before they take the ticket's cross-process file lock. That lock is taken by polling, so many
 * requests of one process racing for it can starve one another past the lock timeout; queued
 * here, each waits only for the writes ahead of it. Other processes still meet the file lock.
 */
export function queueTicketWrites(): MiddlewareHandler {
  const tails = new Map<string, Promise<void>>();
  return async (c, next) => {
    const match = WRITES.has(c.req.method) ? TICKET_PATH.exec(c.req.path) : null;
    const raw = match?.[1];
    if (raw === undefined) return next();
    const key = idKey(safeDecode(raw));
    const ahead = tails.get(key) ?? Promise.resolve();
    let done = () => {};
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = ahead.then(() => mine);
    tails.set(key, tail);
    await ahead;
    try {
      await next();
    } finally {
      done();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
