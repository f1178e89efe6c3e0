import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { commentOn } from "../../api/endpoints.js";
import { labelOf } from "../../api/statuses.js";
import type { TicketDetail } from "../../api/types.js";
import { showToast } from "../../components/toasts.js";
import { setCriterion } from "../../lib/criteria.js";
import { Markdown } from "../../lib/markdown-view.js";
import { useStatuses } from "../../lib/use-statuses.js";
import { followLink } from "../../router.js";
import { type Conflict, ConflictPanel } from "./conflict.js";
import { InlineField } from "./inline-field.js";
import { Activity, Comments, Relations, Runs, Workflow } from "./sections.js";
import { Sidebar } from "./sidebar.js";
import { type TicketState, useTicket } from "./use-ticket.js";

/** One ticket: everything about it, editable in place, current as others change it. */
export function TicketView({ id }: { id: string }): JSX.Element {
  const state = useTicket(id);
  const [conflict, setConflict] = useState<Conflict>();
  const { statuses = [] } = useStatuses();
  const { ticket } = state;
  if (!ticket) {
    return (
      <div class="page">
        <p class="empty">{state.error ? (state.error as Error).message : "Loading…"}</p>
      </div>
    );
  }

  /** Saves one field; a stale revision opens the conflict panel instead of overwriting. */
  const saveField = async (
    label: string,
    field: string,
    changes: Record<string, unknown>,
    revision: string,
  ) => {
    const result = await state.save(changes, revision);
    if (result.ok) return true;
    if ("conflict" in result) {
      setConflict({ label, field, mine: changes, theirs: result.conflict });
      return true;
    }
    const refused =
      result.error.code === "GATE" ? "The workflow refused the change" : `Could not save ${label}`;
    showToast("error", refused, result.error.message);
    return false;
  };

  return (
    <div class="page page-scroll ticket-page">
      <nav class="crumbs" aria-label="Breadcrumb">
        <a href="/board" onClick={(e) => followLink(e, "/board")}>
          Board
        </a>
        <span aria-hidden="true">/</span>
        <span class="mono">{ticket.id}</span>
        <span class="muted">{labelOf(ticket.type)}</span>
      </nav>
      {state.deleted ? <p class="conflict">This ticket was deleted.</p> : null}
      {conflict ? (
        <ConflictPanel
          conflict={conflict}
          onKeepTheirs={() => setConflict(undefined)}
          onUseMine={async () => {
            const latest = conflict.theirs.revision;
            setConflict(undefined);
            await saveField(conflict.label, conflict.field, conflict.mine, latest);
          }}
        />
      ) : null}
      <InlineField
        label="title"
        class="ticket-title"
        testId="edit-title"
        value={ticket.title}
        revision={ticket.revision}
        onSave={(title, revision) => saveField("the title", "title", { title }, revision)}
      />
      <div class="ticket-layout">
        <div class="ticket-main">
          <section class="panel" aria-labelledby="desc-title">
            <h2 id="desc-title">Description</h2>
            <InlineField
              label="description"
              kind="textarea"
              class="description"
              value={ticket.description}
              revision={ticket.revision}
              placeholder="Add a description…"
              display={ticket.description ? <Markdown text={ticket.description} /> : undefined}
              onSave={(description, revision) =>
                saveField("the description", "description", { description }, revision)
              }
            />
          </section>
          <Criteria ticket={ticket} state={state} />
          <Workflow steps={ticket.workflow ?? []} />
          <Runs runs={ticket.runs ?? []} />
          <section class="panel" aria-labelledby="comments-title">
            <h2 id="comments-title">Comments</h2>
            <Comments entries={ticket.activity} />
            <CommentForm id={ticket.id} onPosted={state.reload} />
          </section>
        </div>
        <aside class="ticket-side">
          <Sidebar ticket={ticket} statuses={statuses} saveField={saveField} />
          <Relations ticket={ticket} />
          <Activity entries={ticket.activity} />
        </aside>
      </div>
    </div>
  );
}

function Criteria({ ticket, state }: { ticket: TicketDetail; state: TicketState }): JSX.Element | null {
  const [busy, setBusy] = useState<number>();
  if (ticket.criteria.length === 0) return null;
  const done = ticket.criteria.filter((c) => c.done).length;
  const toggle = async (index: number, checked: boolean) => {
    const body = setCriterion(ticket.body, index, checked);
    if (body === undefined) return;
    setBusy(index);
    const result = await state.save({ body }, ticket.revision);
    setBusy(undefined);
    if (!result.ok) {
      const message =
        "conflict" in result
          ? "The ticket changed meanwhile; showing the current criteria."
          : result.error.message;
      showToast("error", "Criterion not changed", message);
    }
  };
  return (
    <section class="panel" aria-labelledby="crit-title">
      <h2 id="crit-title">
        Acceptance criteria{" "}
        <span class="muted">
          {done} of {ticket.criteria.length}
        </span>
      </h2>
      <ul class="criteria">
        {ticket.criteria.map((criterion, i) => (
          <li key={i}>
            <label>
              <input
                type="checkbox"
                checked={criterion.done}
                disabled={busy !== undefined}
                onChange={(e) => toggle(i, (e.currentTarget as HTMLInputElement).checked)}
              />
              <span class={criterion.done ? "done" : ""}>{criterion.text}</span>
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}

function CommentForm({ id, onPosted }: { id: string; onPosted: () => Promise<unknown> }): JSX.Element {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const post = async () => {
    if (!text.trim()) return;
    setBusy(true);
    try {
      await commentOn(id, text);
      setText("");
      await onPosted();
    } catch (error) {
      showToast("error", "Comment not posted", (error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="comment-form"
      onSubmit={(e) => {
        e.preventDefault();
        void post();
      }}
    >
      <label class="sr-only" for="new-comment">
        New comment
      </label>
      <textarea
        id="new-comment"
        rows={3}
        placeholder="Write a comment… Markdown works. Ctrl+Enter posts."
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) void post();
        }}
      />
      <button type="submit" class="button primary" disabled={busy || !text.trim()}>
        {busy ? "Posting…" : "Comment"}
      </button>
    </form>
  );
}
