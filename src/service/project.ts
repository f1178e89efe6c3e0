import type { Config } from "../core/config.js";
import { findProjectRoot, loadConfig, type ProjectPaths, projectPaths } from "../store/project.js";
import { TicketIndex } from "../store/ticket-index.js";

/** An opened project: where it lives, its configuration, and its (lazily opened) index. */
export class Project {
  private openedIndex: TicketIndex | undefined;

  constructor(
    readonly paths: ProjectPaths,
    readonly config: Config,
  ) {}

  /** Finds the project from `cwd` (walking up) or takes `root` as given. */
  static open(options: { root?: string | undefined; cwd?: string | undefined } = {}): Project {
    const root = findProjectRoot(options.cwd ?? process.cwd(), options.root ?? process.env.TRACKDOWN_ROOT);
    const paths = projectPaths(root);
    return new Project(paths, loadConfig(paths));
  }

  get index(): TicketIndex {
    this.openedIndex ??= TicketIndex.open(this.paths, this.config);
    return this.openedIndex;
  }

  close(): void {
    this.openedIndex?.close();
    this.openedIndex = undefined;
  }
}
