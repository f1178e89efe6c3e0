import { type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

/**
 * Watches `tickets/` and `.trackdown/config.yaml` with one `fs.watch` per folder: the kernel
 * (inotify, FSEvents) reports each child file that changes, by name, so a project of 100k
 * tickets costs a handful of watches and no memory per file. Nothing polls: an idle project
 * costs no CPU. Changes are coalesced for `debounceMs` (at most `maxWaitMs` under a steady
 * stream) and delivered as a set of project-relative paths.
 *
 * (chokidar was measured here first: at 100k tickets it took 524 MB RSS and 24 s to start when
 * watching files, and re-read and stat'ed a whole 35k-file folder after every change when
 * watching folders only. Per-folder watches do neither.)
 */

export interface WatcherOptions {
  /** The project root; paths are delivered relative to it, with forward slashes. */
  readonly root: string;
  readonly ticketsDir: string;
  readonly configFile: string;
  /** Folder levels under tickets/ that hold tickets (tickets/a/b/file.md is depth 3). */
  readonly maxDepth?: number;
  readonly debounceMs?: number;
  readonly maxWaitMs?: number;
  /** Ticket files that changed; `rescan` when folders came or went and a full scan is due. */
  readonly onChanges: (paths: ReadonlySet<string>, rescan: boolean) => void;
  readonly onConfig: () => void;
  readonly onError: (error: Error, path: string) => void;
  /** A sync cookie (SYNC_COOKIE_PREFIX) appeared in tickets/: every earlier change has been seen. */
  readonly onCookie?: (name: string) => void;
}

/**
 * Files named so in tickets/ are sync cookies (Live.sync): the kernel reports changes in the
 * order they happened, so once the watcher sees a cookie it has seen every change made before.
 */
export const SYNC_COOKIE_PREFIX = ".trackdown-sync-";

export class TicketWatcher {
  private readonly folders = new Map<string, FSWatcher>();
  private configWatcher: FSWatcher | undefined;
  private pending = new Set<string>();
  private rescan = false;
  private timer: NodeJS.Timeout | undefined;
  private firstPendingAt = 0;
  private configTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private lostFolders = 0;

  constructor(private readonly options: WatcherOptions) {}

  /** A folder's watch failed since the start: changes in it may go unseen until a rescan. */
  get degraded(): boolean {
    return this.lostFolders > 0;
  }

  /** Sets up the watches; throws when tickets/ cannot be watched at all. */
  start(): void {
    this.watchFolder(this.options.ticketsDir, 0);
    this.watchConfig();
  }

  /** Watching, with tickets/ itself still under watch. */
  get alive(): boolean {
    return !this.closed && this.folders.has(this.options.ticketsDir);
  }

  get watchedFolders(): number {
    return this.folders.size;
  }

  /** Changes seen but not yet delivered. */
  get pendingCount(): number {
    return this.pending.size + (this.rescan ? 1 : 0);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    clearTimeout(this.configTimer);
    for (const watcher of this.folders.values()) watcher.close();
    this.folders.clear();
    this.configWatcher?.close();
  }

  private watchFolder(dir: string, depth: number): void {
    if (this.folders.has(dir) || this.closed) return;
    const watcher = watch(dir, { persistent: false }, (_event, name) => {
      if (name) this.onEntry(dir, depth, name.toString());
    });
    watcher.on("error", (error) => this.dropFolder(dir, error));
    this.folders.set(dir, watcher);
    if (depth >= this.maxDepth - 1) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith("."))
        this.watchFolder(join(dir, entry.name), depth + 1);
    }
  }

  private get maxDepth(): number {
    return this.options.maxDepth ?? 3;
  }

  /** Something named `name` changed in `dir`: a ticket file, a temporary file, or a folder. */
  private onEntry(dir: string, depth: number, name: string): void {
    if (name.startsWith(".")) {
      if (depth === 0 && name.startsWith(SYNC_COOKIE_PREFIX)) this.options.onCookie?.(name);
      return;
    }
    const path = join(dir, name);
    if (name.endsWith(".md")) {
      this.queue(path);
      return;
    }
    if (depth >= this.maxDepth - 1) return;
    const isFolder = statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
    if (isFolder && !this.folders.has(path)) {
      try {
        this.watchFolder(path, depth + 1);
      } catch (error) {
        this.options.onError(error as Error, path);
      }
      this.queueRescan();
    } else if (!isFolder && this.folders.has(path)) {
      this.folders.get(path)?.close();
      for (const sub of [...this.folders.keys()]) if (sub.startsWith(`${path}${sep}`)) this.dropFolder(sub);
      this.folders.delete(path);
      this.queueRescan();
    }
  }

  private dropFolder(dir: string, error?: Error): void {
    this.folders.get(dir)?.close();
    this.folders.delete(dir);
    if (error && !this.closed) {
      this.lostFolders += 1;
      this.options.onError(error, dir);
    }
  }

  private queue(absolute: string): void {
    if (this.pending.size === 0 && !this.rescan) this.firstPendingAt = performance.now();
    this.pending.add(relative(this.options.root, absolute).split(sep).join("/"));
    this.schedule();
  }

  private queueRescan(): void {
    if (this.pending.size === 0 && !this.rescan) this.firstPendingAt = performance.now();
    this.rescan = true;
    this.schedule();
  }

  /** Trailing debounce, but never holding a change longer than maxWaitMs. */
  private schedule(): void {
    clearTimeout(this.timer);
    const waited = performance.now() - this.firstPendingAt;
    const maxWait = this.options.maxWaitMs ?? 250;
    const delay = Math.max(0, Math.min(this.options.debounceMs ?? 75, maxWait - waited));
    this.timer = setTimeout(() => this.deliver(), delay);
  }

  /** Hands the pending changes over now. */
  deliver(): void {
    clearTimeout(this.timer);
    if (this.closed || (this.pending.size === 0 && !this.rescan)) return;
    const paths = this.pending;
    const rescan = this.rescan;
    this.pending = new Set();
    this.rescan = false;
    this.options.onChanges(paths, rescan);
  }

  /** Editors often replace a file by renaming over it, so the folder is watched, not the file. */
  private watchConfig(): void {
    const folder = dirname(this.options.configFile);
    const name = basename(this.options.configFile);
    try {
      this.configWatcher = watch(folder, { persistent: false }, (_event, changed) => {
        if (changed?.toString() !== name) return;
        clearTimeout(this.configTimer);
        this.configTimer = setTimeout(() => this.options.onConfig(), this.options.debounceMs ?? 75);
      });
      this.configWatcher.on("error", (error) => this.options.onError(error, folder));
    } catch (error) {
      this.options.onError(error as Error, folder);
    }
  }
}
