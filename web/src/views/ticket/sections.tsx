import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { listTickets } from "../../api/endpoints.js";
import type { ActivityEntry, Run, TicketDetail, TicketSummary, WorkflowStep } from "../../api/types.js";
import { Avatar, Progress, StatusPill } from "../../components/badges.js";
import { age, dateTime, runDuration } from "../../lib/format.js";
import { Markdown } from "../../lib/markdown-view.js";
import { followLink, ticketHref } from "../../router.js";

/** The read-mostly parts of a ticket page: relations, workflow, runs, comments and activity. */

export function TicketLink({ id, title }: { id: string; title?: string | undefined }): JSX.Element {
  const href = ticketHref(id);
  return (
    <a class="ticket-link" href={href} onClick={(e) => followLink(e, href)}>
      <span class="mono">{id}</span>
      {title ? <span class="ticket-link-title">{title}</span> : null}
    </a>
  );
}

export function Relations({ ticket }: { ticket: TicketDetail }): JSX.Element | null {
  const [children, setChildren] = useState<TicketSummary[]>([]);
  useEffect(() => {
    listTickets({ q: `parent:${ticket.id}`, limit: 50 }).then(
      (page) => setChildren(page.tickets),
      () => setChildren([]),
    );
  }, [ticket.id, ticket.revision]);
  const rows: [string, string[]][] = [
    ["Parent", ticket.parent ? [ticket.parent] : []],
    ["Depends on", ticket.depends_on],
    ["Blocks", ticket.blocks],
    ["Related", ticket.related],
    ["Duplicate of", ticket.duplicate_of ? [ticket.duplicate_of] : []],
  ];
  const shown = rows.filter(([, ids]) => ids.length > 0);
  if (shown.length === 0 && children.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="rel-title">
      <h2 id="rel-title">Relations</h2>
      <dl class="relations">
        {shown.map(([label, ids]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              {ids.map((id) => (
                <TicketLink key={id} id={id} />
              ))}
            </dd>
          </div>
        ))}
        {children.length > 0 ? (
          <div>
            <dt>Children</dt>
            <dd class="children">
              {children.map((child) => (
                <TicketLink key={child.id} id={child.id} title={child.title} />
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

export function Workflow({ steps }: { steps: readonly WorkflowStep[] }): JSX.Element | null {
  if (steps.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="wf-title">
      <h2 id="wf-title">Workflow</h2>
      <ol class="steps">
        {steps.map((step, i) => (
          <li key={i} class={`step step-${step.status}`}>
            <span class="step-number">{i + 1}</span>
            <Avatar name={step.agent} size={22} />
            <div class="step-main">
              <div class="step-head">
                <strong>{step.agent}</strong>
                <StatusPill status={step.status} category={STEP_CATEGORY[step.status] ?? "todo"} />
                <span class="muted step-time">
                  {step.finished
                    ? `finished ${age(step.finished)}`
                    : step.started
                      ? `started ${age(step.started)}`
                      : ""}
                </span>
              </div>
              <div class="step-progress">
                <Progress
                  value={step.status === "completed" ? 100 : step.progress}
                  label={`Step ${i + 1} progress`}
                />
                <span class="step-percent">{step.status === "completed" ? 100 : step.progress}%</span>
              </div>
              {step.note ? <p class="step-note">{step.note}</p> : null}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

const STEP_CATEGORY: Record<string, string> = {
  pending: "todo",
  in_progress: "active",
  completed: "done",
  failed: "blocked",
  skipped: "cancelled",
};

export function Runs({ runs }: { runs: readonly Run[] }): JSX.Element | null {
  if (runs.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="runs-title">
      <h2 id="runs-title">Runs</h2>
      <table class="runs">
        <thead>
          <tr>
            <th scope="col">Agent</th>
            <th scope="col">Command</th>
            <th scope="col">Exit</th>
            <th scope="col">Duration</th>
            <th scope="col">Finished</th>
          </tr>
        </thead>
        <tbody>
          {[...runs].reverse().map((run) => (
            <tr key={`${run.started}-${run.agent}`}>
              <td>{run.agent}</td>
              <td>
                <code>{run.command}</code>
              </td>
              <td>
                <span class={`exit exit-${run.outcome}`}>
                  {run.outcome === "succeeded" ? "✓" : "✕"} {run.exit_code}
                </span>
              </td>
              <td class="num">{runDuration(run.duration_ms)}</td>
              <td title={run.finished}>{age(run.finished)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function Comments({ entries }: { entries: readonly ActivityEntry[] }): JSX.Element {
  const comments = entries.filter((e) => e.kind === "comment");
  if (comments.length === 0) return <p class="muted">No comments yet.</p>;
  return (
    <ol class="comments">
      {comments.map((entry, i) => (
        <li key={i} class="comment">
          <Avatar name={entry.author} size={28} />
          <div class="comment-main">
            <div class="comment-head">
              <strong>{entry.author}</strong>
              <span class="muted" title={entry.at}>
                {age(entry.at)}
              </span>
            </div>
            <Markdown text={entry.text} class="comment-body" />
          </div>
        </li>
      ))}
    </ol>
  );
}

export function Activity({ entries }: { entries: readonly ActivityEntry[] }): JSX.Element | null {
  const events = entries.filter((e) => e.kind === "event");
  if (events.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="act-title">
      <h2 id="act-title">Activity</h2>
      <ol class="timeline">
        {[...events].reverse().map((entry, i) => (
          <li key={i}>
            <span class="timeline-dot" aria-hidden="true" />
            <span class="timeline-text">
              <strong>{entry.author}</strong> {entry.text}
            </span>
            <time class="muted" dateTime={entry.at} title={entry.at}>
              {dateTime(entry.at)}
            </time>
          </li>
        ))}
      </ol>
    </section>
  );
}
