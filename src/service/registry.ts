import { randomUUID } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { toTrackdownError } from "../core/errors.js";
import { renderRegistry } from "../core/registry-render.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { blockedReasons, registryFigures } from "../store/index-reports.js";
import { withLock } from "../store/locks.js";
import type { Project } from "./project.js";
import type { TicketService } from "./ticket-service.js";

/**
 * TICKET_REGISTRY.md: a generated summary of the project at its root (config `registry.path`),
 * rendered from the index alone and written only when its bytes change. With `registry.auto`
 * (the default) every change made through Trackdown regenerates it.
 */

export const REGISTRY_LOCK = "registry";

export interface RegistrySyncReport {
  /** Relative to the project root. */
  readonly path: string;
  readonly written: boolean;
  readonly tickets: number;
  readonly bytes: number;
  readonly durationMs: number;
}

/** The registry as it would be written now, from the index (refreshed by the caller). */
export function renderProjectRegistry(project: Project): { text: string; tickets: number } {
  const { config, index } = project;
  const { figures, reasons } = index.db.transaction(() => ({
    figures: registryFigures(index),
    reasons: blockedReasons(index),
  }))();
  const text = renderRegistry({
    project: config.project,
    config,
    registryPath: config.registry.path,
    figures,
    blockedReasons: reasons,
  });
  return { text, tickets: figures.total };
}

/**
 * Regenerates the registry under the project lock `registry`, after the index has caught up with
 * the files (`catchUp`; by default a refresh): a process that runs after another's change sees
 * it, so concurrent writers converge on the freshest content. The file is replaced atomically,
 * and only when the bytes differ.
 */
export async function syncRegistry(
  project: Project,
  catchUp: () => unknown = () => project.index.refresh(),
): Promise<RegistrySyncReport> {
  return (await regenerate(project, catchUp)).report;
}

/**
 * syncRegistry, and the stamp it left: every regeneration, in any process, writes a new one
 * (`.trackdown/cache/registry-stamp`) before it lets go of the lock, so that a process can tell
 * whether another regenerated since it last looked (attachRegistry).
 */
async function regenerate(
  project: Project,
  catchUp: () => unknown,
): Promise<{ report: RegistrySyncReport; stamp: string | undefined }> {
  const started = performance.now();
  const { paths, config } = project;
  const file = join(paths.root, config.registry.path);
  return withLock(paths.locksDir, REGISTRY_LOCK, config.limits.lock_timeout_ms, async () => {
    await catchUp();
    const { text, tickets } = renderProjectRegistry(project);
    const bytes = Buffer.from(text);
    const written = !holds(file, bytes);
    if (written) await writeFileAtomic(file, bytes);
    const stamp = writeStamp(project);
    const durationMs = performance.now() - started;
    const report = { path: config.registry.path, written, tickets, bytes: bytes.length, durationMs };
    return { report, stamp };
  });
}

function holds(file: string, bytes: Buffer): boolean {
  try {
    return readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
}

const stampFile = (project: Project) => join(project.paths.cacheDir, "registry-stamp");

function readStamp(project: Project): string | undefined {
  try {
    return readFileSync(stampFile(project), "utf8");
  } catch {
    return undefined;
  }
}

/**
 * A new stamp (the cache folder is there: the index lives in it), or undefined when it cannot be
 * written; the old one is then removed, so that nobody skips a scan on its word.
 */
function writeStamp(project: Project): string | undefined {
  const stamp = `${process.pid}-${randomUUID()}`;
  try {
    writeFileSync(stampFile(project), stamp);
    return stamp;
  } catch {
    try {
      rmSync(stampFile(project), { force: true });
    } catch {
      // Neither written nor removed: the folder is gone or read-only, and so is the index's.
    }
    return undefined;
  }
}

/** The warning for a regeneration that failed after a change, which stays saved. */
export function notRegenerated(project: Project, error: unknown): string {
  const reason = toTrackdownError(error).message;
  return `${project.config.registry.path} was not regenerated: ${reason}; the change itself is saved`;
}

/**
 * Regenerates the registry after changes made through `service`. One run at a time: events that
 * arrive while a run is going mark the registry dirty, and the run goes round once more when it
 * ends — so a batch of writes costs a few regenerations, not one each, and the last one always
 * sees the last change. The first run starts on the next turn of the event loop (a burst of
 * synchronous events is one run). The work is tracked, so `service.flush()`, which every CLI
 * command awaits, waits for it. A failure is reported through `warn` and never undoes the change.
 */
export function attachRegistry(service: TicketService, warn: (message: string) => void): () => void {
  const { project } = service;
  let dirty = false;
  let running = false;
  // The scan before a regeneration (see syncRegistry) is skipped when it cannot find anything
  // the registry must show: this process's index was refreshed after it last saw the stamp, and
  // no other process has regenerated since. A change another process made after that refresh is
  // then that process's to render, which it does after its change, and after this regeneration
  // (it waits for the lock, and its own scan sees everything). Saves a whole scan per CLI write.
  let known = { stamp: readStamp(project), refreshes: project.index.refreshes + 1 };
  const catchUp = () => {
    const current = known.stamp !== undefined && readStamp(project) === known.stamp;
    if (!current || project.index.refreshes < known.refreshes) project.index.refresh();
  };
  const report = (error: unknown) => warn(notRegenerated(project, error));
  const run = async () => {
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (dirty) {
        dirty = false;
        await regenerate(project, catchUp).then(({ stamp }) => {
          known = { stamp, refreshes: project.index.refreshes };
        }, report);
      }
    } finally {
      running = false;
    }
  };
  return service.on(() => {
    dirty = true;
    if (running) return;
    running = true;
    service.track(run());
  });
}
