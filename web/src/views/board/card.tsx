import type { JSX } from "preact";
import type { TicketSummary } from "../../api/types.js";
import { Avatar, PriorityBadge, Progress, workflowProgress } from "../../components/badges.js";
import { compactDuration } from "../../lib/format.js";
import { followLink, ticketHref } from "../../router.js";

/** A ticket on the board: ID, title, priority, assignee, tags, workflow progress, claim and its age. */

export const CARD_HEIGHT = 134;
export const CARD_GAP = 8;

export interface CardProps {
  readonly ticket: TicketSummary;
  readonly now: number;
  /** Moves the ticket one column left (-1) or right (+1) from the keyboard. */
  readonly onShift: (ticket: TicketSummary, step: -1 | 1) => void;
  readonly moving?: boolean;
}

export function Card({ ticket, now, onShift, moving }: CardProps): JSX.Element {
  const href = ticketHref(ticket.id);
  const steps = ticket.workflow ?? [];
  const doneSteps = steps.filter((s) => s.status === "completed" || s.status === "skipped").length;
  return (
    <a
      class={`card prio-edge-${ticket.priority} ${moving ? "is-moving" : ""}`}
      href={href}
      draggable
      data-id={ticket.id}
      aria-label={`${ticket.id} ${ticket.title}, ${ticket.priority} priority${ticket.assignee ? `, assigned to ${ticket.assignee}` : ""}. Shift+arrow keys move it.`}
      onClick={(event) => followLink(event, href)}
      onDragStart={(event) => {
        event.dataTransfer?.setData("text/x-trackdown-id", ticket.id);
        event.dataTransfer?.setData("text/plain", ticket.id);
        if (event.dataTransfer) event.dataTransfer.effectAllowed = "move";
      }}
      onKeyDown={(event) => {
        if (!event.shiftKey || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
        event.preventDefault();
        onShift(ticket, event.key === "ArrowLeft" ? -1 : 1);
      }}
    >
      <div class="card-top">
        <span class="card-id">{ticket.id}</span>
        <PriorityBadge priority={ticket.priority} />
        {ticket.claim ? <ClaimBadge agent={ticket.claim.agent} since={ticket.claim.since} now={now} /> : null}
      </div>
      <div class="card-title">{ticket.title}</div>
      <div class="card-bottom">
        {ticket.assignee ? (
          <span class="card-assignee">
            <Avatar name={ticket.assignee} size={18} />
            <span>{ticket.assignee}</span>
          </span>
        ) : (
          <span class="card-assignee muted">Unassigned</span>
        )}
        <span class="card-tags">
          {ticket.tags.slice(0, 3).map((tag) => (
            <span class="tag" key={tag}>
              {tag}
            </span>
          ))}
        </span>
      </div>
      {steps.length > 0 ? (
        <div class="card-flow">
          <Progress
            value={workflowProgress(steps)}
            label={`Workflow ${doneSteps} of ${steps.length} steps`}
          />
          <span class="card-flow-text">
            {doneSteps}/{steps.length}
          </span>
        </div>
      ) : null}
    </a>
  );
}

function ClaimBadge({ agent, since, now }: { agent: string; since: string; now: number }): JSX.Element {
  const held = compactDuration(now - Date.parse(since));
  return (
    <span class="claim" title={`Claimed by ${agent} since ${since}`}>
      <svg viewBox="0 0 16 16" aria-hidden="true">
        <rect x="3.5" y="7" width="9" height="6.5" rx="1.5" />
        <path d="M5.5 7V5a2.5 2.5 0 0 1 5 0v2" />
      </svg>
      <span class="claim-agent">{agent}</span>
      <span class="claim-age">{held}</span>
    </span>
  );
}
