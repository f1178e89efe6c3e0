import { randomBytes } from "node:crypto";
import { link, mkdir, open, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { TrackdownError } from "../../core/errors.js";
import { TEMP_PREFIX } from "../../store/atomic-write.js";

/**
 * Writes an import's files all or nothing. Each file is written to a hidden temporary file,
 * fsynced and linked into place (which fails instead of overwriting), so no reader sees half a
 * ticket and no existing file is replaced. If any write fails, every file written so far is
 * removed again and the error says so: an import never lands half-way.
 */

export interface WriteIO {
  /** Creates a folder (and its parents) if missing; called once per folder. */
  makeDir(dir: string): Promise<void>;
  /** Creates `path` holding `text`, in a folder that exists; must fail if `path` exists. */
  create(path: string, text: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Makes the folder's new entries durable. */
  syncDir(dir: string): Promise<void>;
}

export interface FileToWrite {
  readonly absolute: string;
  readonly text: string;
}

/** How many files are in flight at once: enough to keep the disk busy, few enough for fds. */
const CONCURRENCY = 16;

export const fileIO: WriteIO = {
  async makeDir(dir) {
    await mkdir(dir, { recursive: true });
  },
  async create(path, text) {
    const temp = join(
      dirname(path),
      `${TEMP_PREFIX}${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}`,
    );
    const handle = await open(temp, "wx", 0o644);
    try {
      try {
        await handle.writeFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await link(temp, path);
    } finally {
      await unlink(temp);
    }
  },
  remove: (path) => unlink(path),
  async syncDir(dir) {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

export interface WriteOptions {
  readonly io?: WriteIO | undefined;
  /** Aborting stops the writes and removes what was written (the CLI aborts on Ctrl-C). */
  readonly signal?: AbortSignal | undefined;
}

/** Writes every file, or none: on the first failure the files written so far are removed. */
export async function writeAllOrNothing(
  files: readonly FileToWrite[],
  options: WriteOptions = {},
): Promise<void> {
  const { io = fileIO, signal } = options;
  const written: string[] = [];
  const dirs = new Map<string, Promise<void>>();
  const makeDir = (dir: string): Promise<void> => {
    const made = dirs.get(dir) ?? io.makeDir(dir);
    dirs.set(dir, made);
    return made;
  };
  let failure: { what: string; error: unknown } | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let file = files[next++]; file !== undefined && failure === undefined; file = files[next++]) {
      if (signal?.aborted) {
        failure = { what: "", error: new Error("interrupted") };
        return;
      }
      try {
        await makeDir(dirname(file.absolute));
        await io.create(file.absolute, file.text);
        written.push(file.absolute);
      } catch (error) {
        failure ??= { what: ` writing ${file.absolute}`, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, files.length) }, worker));
  if (failure === undefined) {
    for (const dir of dirs.keys()) await io.syncDir(dir);
    return;
  }
  const leftovers = await rollBack(written, io);
  const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
  const cleanup =
    leftovers.length === 0
      ? `the ${written.length} files written were removed again; nothing was imported`
      : `${leftovers.length} of the ${written.length} files written could not be removed: ${leftovers.join(", ")}`;
  throw new TrackdownError(
    "INTERNAL",
    `Import failed${failure.what}: ${reason}; ${cleanup}`,
    { written: written.length, leftovers },
    { cause: failure.error },
  );
}

async function rollBack(written: readonly string[], io: WriteIO): Promise<string[]> {
  const leftovers: string[] = [];
  for (const path of written) {
    try {
      await io.remove(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") leftovers.push(path);
    }
  }
  return leftovers;
}
