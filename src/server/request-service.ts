import type { Context } from "hono";
import type { TicketService } from "../service/ticket-service.js";

/** The service a request acts through: as the agent it names, or as the server itself. */
export type ServiceFor = (c: Context) => TicketService;

export const AGENT_HEADER = "x-trackdown-agent";

export function requestService(base: TicketService): ServiceFor {
  return (c) => {
    const agent = c.req.header(AGENT_HEADER)?.trim();
    return agent ? base.as(agent) : base;
  };
}
