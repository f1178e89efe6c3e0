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
export function openServerService(options: ServiceOptions = {}): TicketService {
  const service = new TicketService(Project.open(options), options);
  attachAuditLog(service);
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`trackdown: ${message}\n`));
  attachHooks(service, warn);
  return service;
}
