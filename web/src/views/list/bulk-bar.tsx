import type { JSX } from "preact";
import { useState } from "preact/hooks";
import { ApiError } from "../../api/client.js";
import { batchUpdate, patchTicket } from "../../api/endpoints.js";
import type { StatusInfo } from "../../api/statuses.js";
import type { TicketSummary } from "../../api/types.js";
import { showToast } from "../../components/toasts.js";

/**
 * Changes every selected ticket at once through the batch endpoint (`POST /api/batch` with
 * `id:A,B,C`): every change is checked first and a refusal (a gate, a bad value) writes nothing.
 * A server without that endpoint gets one PATCH per ticket with the ticket's revision instead, so
 * a ticket someone changed meanwhile is refused and reported, never overwritten.
 */

export interface BulkBarProps {
  readonly selected: readonly TicketSummary[];
  readonly statuses: readonly StatusInfo[];
  readonly onDone: () => void;
}

type Field = "status" | "priority" | "assignee" | "tag";

export function BulkBar({ selected, statuses, onDone }: BulkBarProps): JSX.Element {
  const [field, setField] = useState<Field>("status");
  const [value, setValue] = useState("");
  const [busy, setBusy] = useState(false);

  const apply = async () => {
    const changes = changeFor(field, value);
    if (!changes) return;
    setBusy(true);
    try {
      await applyAll(selected, changes);
    } finally {
      setBusy(false);
    }
    onDone();
  };

  return (
    <section class="bulkbar" aria-label="Change the selected tickets">
      <strong>{selected.length} selected</strong>
      <label class="sr-only" for="bulk-field">
        Field to change
      </label>
      <select
        id="bulk-field"
        value={field}
        onChange={(e) => setField((e.currentTarget as HTMLSelectElement).value as Field)}
      >
        <option value="status">Set status</option>
        <option value="priority">Set priority</option>
        <option value="assignee">Assign to</option>
        <option value="tag">Add tag</option>
      </select>
      <ValueInput field={field} value={value} onChange={setValue} statuses={statuses} />
      <button
        type="button"
        class="button primary"
        disabled={busy || !changeFor(field, value)}
        onClick={apply}
      >
        {busy ? "Applying…" : "Apply"}
      </button>
      <button type="button" class="button" onClick={onDone}>
        Clear selection
      </button>
      <span class="hint">All or nothing: a refusal changes no ticket.</span>
    </section>
  );
}

function ValueInput(props: {
  field: Field;
  value: string;
  onChange: (value: string) => void;
  statuses: readonly StatusInfo[];
}): JSX.Element {
  const change = (e: Event) => props.onChange((e.currentTarget as HTMLInputElement).value);
  if (props.field === "status" || props.field === "priority") {
    const options =
      props.field === "status"
        ? props.statuses.map((s) => [s.name, s.label])
        : ["critical", "high", "medium", "low"].map((p) => [p, p]);
    return (
      <select aria-label="New value" value={props.value} onChange={change}>
        <option value="">Choose…</option>
        {options.map(([name, label]) => (
          <option key={name} value={name}>
            {label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      class="input"
      aria-label={props.field === "tag" ? "Tag to add" : "Assignee (empty to unassign)"}
      placeholder={props.field === "tag" ? "tag" : "agent or person"}
      value={props.value}
      onInput={change}
    />
  );
}

async function applyAll(selected: readonly TicketSummary[], changes: Record<string, unknown>): Promise<void> {
  const count = `${selected.length} ticket${selected.length === 1 ? "" : "s"}`;
  try {
    const answer = await batchUpdate(`id:${selected.map((t) => t.id).join(",")}`, changes);
    showToast(
      "info",
      `Updated ${answer.changed.length} of ${count}`,
      answer.unchanged.length > 0 ? `${answer.unchanged.length} already had that value` : "",
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.message.includes("/api/batch")) {
      return applyOneByOne(selected, changes);
    }
    showToast("error", `Nothing changed (${count})`, error instanceof Error ? error.message : String(error));
  }
}

async function applyOneByOne(
  selected: readonly TicketSummary[],
  changes: Record<string, unknown>,
): Promise<void> {
  const refused: string[] = [];
  for (const ticket of selected) {
    try {
      await patchTicket(ticket.id, changes, ticket.revision);
    } catch (error) {
      refused.push(`${ticket.id}: ${error instanceof ApiError ? error.message : String(error)}`);
    }
  }
  const done = selected.length - refused.length;
  if (refused.length === 0) showToast("info", `Updated ${done} ticket${done === 1 ? "" : "s"}`);
  else showToast("error", `Updated ${done} of ${selected.length}`, refused.slice(0, 4).join("\n"));
}

function changeFor(field: Field, value: string): Record<string, unknown> | undefined {
  const text = value.trim();
  if (field === "assignee") return { assignee: text || null };
  if (!text) return undefined;
  if (field === "tag") return { tags: { add: [text] } };
  return { [field]: text };
}
