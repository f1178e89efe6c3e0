import type { TicketService } from "../service/ticket-service.js";
import type { ChildJob } from "./child-task.js";
import { runInChild } from "./run-child.js";

/** From this many tickets on, reports over the whole project run in a child process. */
export const OFFLOAD_FROM = 5000;
const RECOUNT_MS = 10_000;

/**
 * Reports over every ticket (stats, agents, tree, time, the registry) take seconds and hundreds
 * of MB at 100k tickets: on a large project each runs in a child process, so the server keeps
 * answering everyone else meanwhile. A small project answers in-process, where starting a
 * process would cost more than the report.
 */
export class Offload {
  private counted = { at: Number.NEGATIVE_INFINITY, tickets: 0 };

  constructor(
    private readonly service: TicketService,
    private readonly threshold = OFFLOAD_FROM,
  ) {}

  async run<T>(job: ChildJob, inProcess: () => T | Promise<T>): Promise<T> {
    if (!this.large()) return inProcess();
    return runInChild<T>(job, this.service.project, this.service.actor);
  }

  private large(): boolean {
    const now = performance.now();
    if (now - this.counted.at > RECOUNT_MS) {
      this.counted = { at: now, tickets: this.service.project.index.ticketCount() };
    }
    return this.counted.tickets >= this.threshold;
  }
}
