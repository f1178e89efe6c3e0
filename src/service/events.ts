import type { Run } from "../core/schema.js";
import type { TicketSummary } from "../store/ticket-index.js";

/**
 * What the service tells its subscribers after each change (DESIGN §8). `before` is the
 * ticket's revision before the change (absent for creation); the ticket carries the new one.
 */
export type TicketEvent = TicketEventBody & { before?: string };

export type TicketEventBody =
  | { type: "created"; at: string; actor: string; ticket: TicketSummary }
  | { type: "updated"; at: string; actor: string; ticket: TicketSummary; fields: string[] }
  | {
      type: "transitioned";
      at: string;
      actor: string;
      ticket: TicketSummary;
      from: string;
      to: string;
      forced: boolean;
    }
  | { type: "commented"; at: string; actor: string; ticket: TicketSummary; text: string }
  | { type: "claimed"; at: string; actor: string; ticket: TicketSummary; expires: string }
  | { type: "released"; at: string; actor: string; ticket: TicketSummary; agent: string }
  | { type: "deleted"; at: string; actor: string; id: string; path: string }
  | { type: "imported"; at: string; actor: string; ticket: TicketSummary; format: string; source: string }
  | { type: "archived" | "unarchived"; at: string; actor: string; ticket: TicketSummary; from: string }
  | ({ type: "workflow-step"; at: string; actor: string; ticket: TicketSummary } & WorkflowStepChange)
  | ({ type: "agent-run"; at: string; actor: string; ticket: TicketSummary } & AgentRunRecord);

/** A workflow step's change: which step (1-based), by whom, and the ticket's move if any. */
export interface WorkflowStepChange {
  step: number;
  agent: string;
  action: "start" | "progress" | "done" | "fail" | "skip";
  status: string;
  progress: number;
  note?: string | undefined;
  transition?: { from: string; to: string } | undefined;
}

/** A finished `trackdown run`: the run as recorded, the ticket's move, a released claim. */
export interface AgentRunRecord {
  run: Run;
  transition?: { from: string; to: string } | undefined;
  released_claim: boolean;
}

export type EventListener = (event: TicketEvent) => void;

/** A minimal synchronous event bus: a listener that throws never undoes the change it hears of. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();
  private readonly failures: unknown[] = [];

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: TicketEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.failures.push(error);
      }
    }
  }

  /** Errors thrown by listeners since the last call, for the caller to report. */
  drainFailures(): unknown[] {
    return this.failures.splice(0);
  }
}
