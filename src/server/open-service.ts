import { attachAuditLog } from "../service/audit.js";
import { attachHooks } from "../service/hooks.js";
import { Project } from "../service/project.js";
import { type ServiceOptions, TicketService } from "../service/ticket-service.js";

/**
 * The service as a long-lived server runs it: the automation of `TicketService.open` (audit
 * log, hooks) except the registry, which the server regenerates itself (RegistryScheduler:
 * debounced, in a child process). Regenerating it synchronously after each write, as a CLI command
 * does, would stall the server for every change at large sizes.
 */
/**
 * SQLite's page cache for the server's connection. better-sqlite3's default, 16 MiB, holds a
 * quarter of a 100k-ticket index's tickets table (62 MiB), so a query that reads a few thousand
 * rows (a common tag, sorted) went to the OS for most of them on every request: 7.6 ms of SQL,
 * against 4.8 ms with 64 MiB. The cache fills only with pages actually read.
 */
export const SERVER_PAGE_CACHE_MIB = 64;

export function openServerService(options: ServiceOptions = {}): TicketService {
  const service = new TicketService(Project.open(options), options);
  service.project.index.keepPagesInMemory(SERVER_PAGE_CACHE_MIB);
  attachAuditLog(service);
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`trackdown: ${message}\n`));
  attachHooks(service, warn);
  return service;
}
