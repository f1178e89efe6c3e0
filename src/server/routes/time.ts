import { z } from "zod";
import { listTemplates } from "../../service/templates.js";
import { logTime, startTimer, stopTimer } from "../../service/time.js";
import { timeReport } from "../../service/time-report.js";
import type { ApiRoutes } from "../api-routes.js";
import type { Offload } from "../offload.js";
import { readBody, withEtag } from "../request.js";
import type { ServiceFor } from "../request-service.js";
import { looseArray, looseObject, TicketSchema } from "../schemas.js";

export const TimeLogBody = z
  .object({
    duration: z.string().min(1).describe("Time spent, e.g. 90m, 1h30m, 2d"),
    note: z.string().optional(),
  })
  .strict();
export const TimerBody = z
  .object({
    note: z.string().optional().describe("Recorded with the logged time (stop)"),
    force: z.boolean().optional().describe("Stop a timer another agent started"),
  })
  .strict();

/** Time tracking (log, timers, report) and ticket templates. */
export function timeRoutes(routes: ApiRoutes, serviceFor: ServiceFor, offload: Offload): void {
  const time = routes.group("Time");
  time.post(
    "/tickets/:id/time",
    { summary: "Log time spent on a ticket (adds to time_spent)", body: TimeLogBody, response: TicketSchema },
    async (c) => {
      const body = await readBody(c, TimeLogBody);
      const ticket = await logTime(serviceFor(c).context, c.req.param("id") ?? "", body.duration, {
        note: body.note,
      });
      withEtag(c, ticket);
      return c.json(ticket);
    },
  );
  time.post(
    "/tickets/:id/timer/start",
    { summary: "Start the acting agent's timer on a ticket", response: TicketSchema },
    async (c) => {
      const ticket = await startTimer(serviceFor(c).context, c.req.param("id") ?? "");
      withEtag(c, ticket);
      return c.json(ticket);
    },
  );
  time.post(
    "/tickets/:id/timer/stop",
    {
      summary: "Stop the ticket's timer and log the time since it started",
      body: TimerBody,
      response: TicketSchema,
    },
    async (c) => {
      const body = await readBody(c, TimerBody);
      const ticket = await stopTimer(serviceFor(c).context, c.req.param("id") ?? "", body);
      withEtag(c, ticket);
      return c.json(ticket);
    },
  );
  time.get(
    "/time",
    {
      summary: "Time report: estimate, spent and remaining per ticket, with totals (minutes)",
      query: [{ name: "q", description: "Which tickets (default: all), e.g. sprint:current" }],
      response: looseObject("TimeReport"),
    },
    async (c) => {
      const query = c.req.query("q") ?? "";
      const service = serviceFor(c);
      const report = await offload.run({ task: "time", query }, () =>
        timeReport(service.project, service.list(query).tickets),
      );
      return c.json(report);
    },
  );

  routes.group("Templates").get(
    "/templates",
    {
      summary: "The project's ticket templates (.trackdown/templates), each with its defaults or its problem",
      response: looseArray("TemplateEntry[]"),
    },
    (c) => c.json(listTemplates(serviceFor(c).project)),
  );
}
