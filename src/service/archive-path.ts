import type { Config } from "../core/config.js";
import { categoryOf, isClosedCategory } from "../core/workflow.js";

/**
 * The archive: one folder, `tickets/archive/`, for completed and cancelled tickets that are put
 * away. A leaf module, so the write path and validation can ask about it without a cycle.
 */
export const ARCHIVE_DIR = "tickets/archive";

export function isArchivedPath(path: string): boolean {
  return path.startsWith(`${ARCHIVE_DIR}/`);
}

/**
 * Whether a ticket at `path` with `status` belongs where it is: an archived ticket stays in the
 * archive through any write while it is closed; reopening it brings it back to its status folder.
 */
export function staysArchived(config: Config, path: string, status: string): boolean {
  return isArchivedPath(path) && isClosedCategory(categoryOf(config, status));
}
