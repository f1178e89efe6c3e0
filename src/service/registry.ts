import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { toTrackdownError } from "../core/errors.js";
import { renderRegistry } from "../core/registry-render.js";
import { writeFileAtomic } from "../store/atomic-write.js";
import { registryFigures } from "../store/index-reports.js";
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
  const figures = registryFigures(index);
  const text = renderRegistry({
    project: config.project,
    config,
    registryPath: config.registry.path,
    figures,
    blockedReasons: blockedReasons(project),
  });
  return { text, tickets: figures.total };
}

/** Reasons of the blocked tickets, by ID: core's blockedReason, which the index keeps per row. */
function blockedReasons(project: Project): Map<string, string> {
  const rows = project.index.db
    .prepare(
      `SELECT t.id, t.blocked_reason FROM tickets t
       WHERE t.category = 'blocked' AND t.blocked_reason IS NOT NULL ORDER BY t.id_key, t.path`,
    )
    .raw()
    .all() as [string, string][];
  return new Map(rows);
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
  const started = performance.now();
  const { paths, config } = project;
  const file = join(paths.root, config.registry.path);
  return withLock(paths.locksDir, REGISTRY_LOCK, config.limits.lock_timeout_ms, async () => {
    await catchUp();
    const { text, tickets } = renderProjectRegistry(project);
    const written = !holds(file, text);
    if (written) await writeFileAtomic(file, text);
    return {
      path: config.registry.path,
      written,
      tickets,
      bytes: Buffer.byteLength(text),
      durationMs: performance.now() - started,
    };
  });
}

/** Whether `file` holds exactly `text`; its size answers most changes without a read. */
function holds(file: string, text: string): boolean {
  const size = statSync(file, { throwIfNoEntry: false })?.size;
  if (size !== Buffer.byteLength(text)) return false;
  try {
    return readFileSync(file, "utf8") === text;
  } catch {
    return false;
  }
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
  let dirty = false;
  let running = false;
  const report = (error: unknown) => {
    const reason = toTrackdownError(error).message;
    warn(
      `${service.project.config.registry.path} was not regenerated: ${reason}; the change itself is saved`,
    );
  };
  const run = async () => {
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (dirty) {
        dirty = false;
        await syncRegistry(service.project).catch(report);
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
