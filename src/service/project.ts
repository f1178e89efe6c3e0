import type { Config } from "../core/config.js";
import { findProjectRoot, loadConfig, type ProjectPaths, projectPaths } from "../store/project.js";
import { type IndexOptions, TicketIndex } from "../store/ticket-index.js";

export interface ProjectOptions extends IndexOptions {
  /** Project root; found by walking up from `cwd` when absent. */
  readonly root?: string | undefined;
  readonly cwd?: string | undefined;
}

/** An opened project: where it lives, its configuration, and its (lazily opened) index. */
export class Project {
  private openedIndex: TicketIndex | undefined;

  constructor(
    readonly paths: ProjectPaths,
    readonly config: Config,
    private readonly indexOptions: IndexOptions = {},
  ) {}

  /** Finds the project from `cwd` (walking up) or takes `root` as given. */
  static open(options: ProjectOptions = {}): Project {
    const root = findProjectRoot(options.cwd ?? process.cwd(), options.root ?? process.env.TRACKDOWN_ROOT);
    const paths = projectPaths(root);
    return new Project(paths, loadConfig(paths), { memoryMap: options.memoryMap });
  }

  get index(): TicketIndex {
    this.openedIndex ??= TicketIndex.open(this.paths, this.config, this.indexOptions);
    return this.openedIndex;
  }

  close(): void {
    this.openedIndex?.close();
    this.openedIndex = undefined;
  }
}
