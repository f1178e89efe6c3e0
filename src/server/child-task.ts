import type { Config } from "../core/config.js";
import { listAgents, showAgent } from "../service/agents.js";
import { Project } from "../service/project.js";
import { renderProjectRegistry, syncRegistry } from "../service/registry.js";
import { ticketTree } from "../service/relations-tree.js";
import { projectStats } from "../service/stats.js";
import { TicketService } from "../service/ticket-service.js";
import { timeReport } from "../service/time-report.js";
import { projectPaths } from "../store/project.js";
import type { RefreshReport } from "../store/ticket-index.js";

/**
 * The server's whole-project jobs, which hold every ticket in memory for a moment (a few hundred
 * MB and seconds of CPU at 100k tickets): the start-up scan, the registry, and the reports over
 * all tickets. Run in a short-lived child process (child-main.ts, started by run-child.ts), they
 * never block the server's event loop and give their memory back when the child exits.
 */

export type ChildJob =
  | { readonly task: "refresh" }
  | { readonly task: "registry" }
  | { readonly task: "registry-text" }
  | { readonly task: "registry-metrics" }
  | { readonly task: "stats"; readonly query: string }
  | { readonly task: "agents" }
  | { readonly task: "agent"; readonly name: string }
  | { readonly task: "tree"; readonly id?: string | undefined }
  | { readonly task: "time"; readonly query: string };

export type ChildTask = ChildJob["task"];

export type ChildRequest = ChildJob & {
  readonly root: string;
  /** The server's configuration: a config.yaml edited since start applies on restart. */
  readonly config: Config;
  readonly actor: string;
};

const SKIP: RefreshReport = { scanned: 0, added: 0, changed: 0, removed: 0, durationMs: 0 };

export async function runTask(request: ChildRequest): Promise<unknown> {
  const project = new Project(projectPaths(request.root), request.config);
  try {
    if (request.task === "refresh") return project.index.refresh();
    // The server keeps the index fresh (its watcher, and writers recording their own writes).
    project.index.refresh = () => SKIP;
    return await report(request, project);
  } finally {
    project.close();
  }
}

async function report(job: ChildJob, project: Project): Promise<unknown> {
  const service = new TicketService(project);
  switch (job.task) {
    case "registry":
      return syncRegistry(project);
    case "registry-text":
      return renderProjectRegistry(project).text;
    case "registry-metrics": {
      const { path, auto } = project.config.registry;
      return { registry: { path, auto }, ...projectStats(service) };
    }
    case "stats":
      return projectStats(service, job.query);
    case "agents":
      return listAgents(service);
    case "agent":
      return showAgent(service, job.name);
    case "tree":
      return ticketTree(project, job.id);
    case "time":
      return timeReport(project, service.list(job.query).tickets);
    default:
      throw new Error(`unknown task ${job.task}`);
  }
}
