import type { RefreshReport, TicketIndex } from "../store/ticket-index.js";

export const SKIPPED_REFRESH: RefreshReport = { scanned: 0, added: 0, changed: 0, removed: 0, durationMs: 0 };

export interface LiveIndex {
  /** A real scan of every file, whatever the watcher says. */
  fullRefresh(): RefreshReport;
  /** Puts the index's own refresh back. */
  restore(): void;
}

/**
 * While the watcher is live, the index is kept fresh by it (and by every writer recording its
 * own writes), so the scan of every file that each read does first in a CLI process (DESIGN §6)
 * is skipped: at 100k tickets that scan costs more than a second on a busy machine. Without a
 * live watcher (not started, or failed) each read scans as before.
 *
 * This replaces `refresh` on the one index instance the server's service uses; the CLI and other
 * processes are unaffected.
 */
export function serveIndexFromWatcher(
  index: TicketIndex,
  isLive: () => boolean,
  observe: (ms: number) => void,
): LiveIndex {
  const scan = index.refresh.bind(index);
  const fullRefresh = (): RefreshReport => {
    const report = scan();
    observe(report.durationMs);
    return report;
  };
  index.refresh = () => (isLive() ? SKIPPED_REFRESH : fullRefresh());
  return {
    fullRefresh,
    restore: () => {
      index.refresh = scan;
    },
  };
}
