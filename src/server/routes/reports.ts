import { listAgents, showAgent } from "../../service/agents.js";
import { type RegistrySyncReport, renderProjectRegistry, syncRegistry } from "../../service/registry.js";
import { projectStats } from "../../service/stats.js";
import type { ApiRoutes } from "../api-routes.js";
import type { Offload } from "../offload.js";
import type { ServiceFor } from "../request-service.js";
import { looseArray, looseObject, RegistrySyncSchema } from "../schemas.js";

/**
 * Agents, project figures and the generated registry. `registry` regenerates it where the
 * server does (a worker thread); without it the request does it.
 */
export function reportRoutes(
  routes: ApiRoutes,
  serviceFor: ServiceFor,
  offload: Offload,
  registry?: { syncNow(): Promise<RegistrySyncReport> },
): void {
  const agents = routes.group("Agents");
  agents.get(
    "/agents",
    {
      summary: "Every agent seen (claims, assignees, workflow steps, runs), working agents first",
      response: looseArray("AgentSummary[]: name, state (active, idle, stale), current work, run figures"),
    },
    async (c) => c.json(await offload.run({ task: "agents" }, () => listAgents(serviceFor(c)))),
  );
  agents.get(
    "/agents/:name",
    {
      summary: "One agent (case-insensitive): figures, its tickets and latest runs",
      response: looseObject("AgentDetail: an AgentSummary with tickets (roles) and recent_runs"),
    },
    async (c) => {
      const name = c.req.param("name") ?? "";
      return c.json(await offload.run({ task: "agent", name }, () => showAgent(serviceFor(c), name)));
    },
  );

  const reports = routes.group("Reports");
  reports.get(
    "/stats",
    {
      summary: "Project figures: counts, completion rate, throughput, cycle and lead time, aging, agents",
      query: [{ name: "q", description: "Only the tickets matching this query" }],
      response: looseObject("ProjectStats (durations in hours, ages in days)"),
    },
    async (c) => {
      const query = c.req.query("q") ?? "";
      return c.json(await offload.run({ task: "stats", query }, () => projectStats(serviceFor(c), query)));
    },
  );
  reports.get(
    "/registry",
    {
      summary: "The registry (TICKET_REGISTRY.md) as it would be generated now; writes nothing",
      contentType: "text/markdown",
    },
    async (c) => {
      const service = serviceFor(c);
      const text = await offload.run({ task: "registry-text" }, () => {
        service.refresh();
        return renderProjectRegistry(service.project).text;
      });
      c.header("Content-Type", "text/markdown; charset=utf-8");
      return c.body(text);
    },
  );
  reports.post(
    "/registry/sync",
    {
      summary: "Regenerate the registry now; the file is rewritten only when its content changed",
      response: RegistrySyncSchema,
    },
    async (c) => c.json(await (registry ? registry.syncNow() : syncRegistry(serviceFor(c).project))),
  );
  reports.get(
    "/registry/metrics",
    {
      summary: "The figures the registry summarises (project stats over every ticket, archive included)",
      response: looseObject("{ registry: { path, auto }, ...ProjectStats }"),
    },
    async (c) => {
      const service = serviceFor(c);
      const { path, auto } = service.project.config.registry;
      const metrics = await offload.run({ task: "registry-metrics" }, () => ({
        registry: { path, auto },
        ...projectStats(service),
      }));
      return c.json(metrics);
    },
  );
}
