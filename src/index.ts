/**
 * Trackdown's library API. Import from the package root:
 *
 *   import { createTicket, TicketManager } from "trackdown";
 *   const bug = await createTicket({ type: "bug", title: "Fix import error", priority: "critical" });
 *   const open = new TicketManager().listTickets({ status: "open", priority: "high" });
 */
import type { Ticket } from "./core/schema.js";
import type { RunningServer, ServerOptions } from "./server/start.js";
import type { CreateInput } from "./service/inputs.js";
import { TicketManager } from "./service/ticket-manager.js";

export {
  type AgentStats,
  computeStats,
  type Distribution,
  percentile,
  type Stats,
  type WeekThroughput,
} from "./core/analytics.js";
export type { Config, StatusCategory } from "./core/config.js";
export { formatMinutes, toMinutes } from "./core/duration.js";
export { ERROR_TABLE, type ErrorCode, TrackdownError } from "./core/errors.js";
export type { Query, QueryTerm } from "./core/query.js";
export { parseQuery } from "./core/query.js";
export type {
  Claim,
  Priority,
  Run,
  Ticket,
  TicketFields,
  TicketSummary,
  Timer,
  WorkflowStep,
} from "./core/schema.js";
export { PRIORITIES, TicketFieldsSchema } from "./core/schema.js";
export { openServerService } from "./server/open-service.js";
export type { RunningServer, ServerOptions } from "./server/start.js";
export { type AgentDetail, type AgentSummary, listAgents, showAgent } from "./service/agents.js";
export {
  type ArchiveOptions,
  type ArchiveReport,
  archiveTickets,
  unarchiveTicket,
} from "./service/archive.js";
export { type BackupReport, createBackup } from "./service/backup.js";
export { type RestoreReport as BackupRestoreReport, restoreBackup } from "./service/backup-restore.js";
export { type BatchRequest, type BatchResult, type FieldChange, runBatch } from "./service/batch.js";
export { type RestoreReport, recoverBatches } from "./service/batch-journal.js";
export {
  type ContextOptions,
  type ContextPack,
  contextMarkdown,
  contextPack,
} from "./service/context-pack.js";
export type { TicketEvent } from "./service/events.js";
export {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  type ExportResult,
  exportTickets,
} from "./service/export.js";
export {
  type ImportedTicket,
  type ImportOptions,
  type ImportReport,
  importTickets,
} from "./service/import/pipeline.js";
export { type ImportProblem, SOURCE_FORMATS, type SourceFormat } from "./service/import/types.js";
export { initProject } from "./service/init.js";
export {
  type CreateInput,
  CreateInputSchema,
  type TransitionOptions,
  type UpdateInput,
  UpdateInputSchema,
  type WriteOptions,
} from "./service/inputs.js";
export {
  INTERCHANGE_VERSION,
  type InterchangeDocument,
  InterchangeDocumentSchema,
  type InterchangeTicket,
} from "./service/interchange.js";
export {
  attachRegistry,
  type RegistrySyncReport,
  renderProjectRegistry,
  syncRegistry,
} from "./service/registry.js";
export { type TicketWithWarnings, updateWithRelations } from "./service/relations.js";
export { type Progress, type TreeNode, ticketTree } from "./service/relations-tree.js";
export { type RunOptions, type RunResult, runTracked } from "./service/runs.js";
export type { InterruptState } from "./service/runs-process.js";
export {
  type CloseResult,
  closeSprint,
  createSprint,
  listSprints,
  type SprintDetail,
  type SprintInput,
  type SprintSummary,
  showSprint,
} from "./service/sprints.js";
export type { Sprint } from "./service/sprints-file.js";
export { type ProjectStats, projectStats } from "./service/stats.js";
export { listTemplates, loadTemplate, type Template, type TemplateEntry } from "./service/templates.js";
export { type BatchUpdate, type TicketFilter, TicketManager, toQuery } from "./service/ticket-manager.js";
export {
  type ListOptions,
  type TicketDetail,
  type TicketList,
  TicketService,
} from "./service/ticket-service.js";
export { logTime, startTimer, stopTimer } from "./service/time.js";
export {
  buildTimeReport,
  type TimeReport,
  type TimeRow,
  type TimeTotals,
  timeReport,
} from "./service/time-report.js";
export { type ValidationReport, validateProject } from "./service/validate.js";
export {
  orchestrateWorkflow,
  type StepResult,
  stepDone,
  stepFail,
  stepProgress,
  stepSkip,
  stepStart,
  type WorkflowView,
  workflowOf,
} from "./service/workflows.js";
export type { RefreshReport } from "./store/ticket-index.js";

/** Runs `trackdown serve` in this process (docs/server.md); the HTTP modules load on first use. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = await import("./server/start.js");
  return server.startServer(options);
}

/** Creates a ticket in the project around the working directory (or `root`). */
export async function createTicket(input: CreateInput & { root?: string }): Promise<Ticket> {
  const { root, ...fields } = input;
  const manager = new TicketManager(root);
  try {
    return await manager.createTicket(fields);
  } finally {
    await manager.close();
  }
}
