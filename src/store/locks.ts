import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import lockfile from "proper-lockfile";
import { TrackdownError } from "../core/errors.js";

/** A lock older than this with no heartbeat from its holder is taken to be a crashed writer's. */
const STALE_MS = 10_000;

/**
 * Runs `work` while holding the cross-process lock `name` (a ticket's upper-cased ID, or a
 * project-wide name such as `sequence`). Waits up to `timeoutMs` for other holders.
 */
export async function withLock<T>(
  locksDir: string,
  name: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  await mkdir(locksDir, { recursive: true });
  const target = join(locksDir, safeLockName(name));
  const release = await acquire(target, name, timeoutMs);
  try {
    return await work();
  } finally {
    await release();
  }
}

/**
 * Runs `work` while holding several locks. They are taken in sorted order, so two writers that
 * need overlapping sets never wait on each other in a circle.
 */
export async function withLocks<T>(
  locksDir: string,
  names: readonly string[],
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const sorted = [...new Set(names)].sort();
  const hold = (i: number): Promise<T> => {
    const name = sorted[i];
    return name === undefined ? work() : withLock(locksDir, name, timeoutMs, () => hold(i + 1));
  };
  return hold(0);
}

async function acquire(target: string, name: string, timeoutMs: number): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await lockfile.lock(target, {
        realpath: false,
        stale: STALE_MS,
        lockfilePath: `${target}.lock`,
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (Date.now() >= deadline) {
        throw new TrackdownError(
          "LOCKED",
          `${name} is locked by another writer; gave up after ${timeoutMs} ms`,
          {
            lock: name,
            timeoutMs,
          },
        );
      }
      // Jittered backoff: contenders spread out instead of retrying in lock step.
      const wait = Math.min(50, 2 + attempt * 3) * (0.5 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function safeLockName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, "_");
}
