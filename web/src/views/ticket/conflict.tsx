import type { JSX } from "preact";
import type { TicketDetail } from "../../api/types.js";

/**
 * Shown when a save was refused because the ticket changed underneath (a stale If-Match):
 * both versions side by side, and the choice is the user's — nothing was overwritten.
 */

export interface Conflict {
  readonly label: string;
  readonly field: string;
  readonly mine: Record<string, unknown>;
  readonly theirs: TicketDetail;
}

export function ConflictPanel(props: {
  conflict: Conflict;
  onKeepTheirs: () => void;
  onUseMine: () => void;
}): JSX.Element {
  const { conflict } = props;
  const theirs = (conflict.theirs as unknown as Record<string, unknown>)[conflict.field];
  const mine = conflict.mine[conflict.field];
  return (
    <div class="conflict" role="alert" data-testid="conflict">
      <div class="conflict-head">
        <strong>Someone else changed this ticket while you were editing</strong>
        <span class="muted">
          Your change to {conflict.label} was not saved, and theirs was not overwritten. Last change{" "}
          {conflict.theirs.updated}.
        </span>
      </div>
      <div class="conflict-versions">
        <div>
          <span class="conflict-label">Now on the ticket</span>
          <pre data-testid="conflict-theirs">{show(theirs)}</pre>
        </div>
        <div>
          <span class="conflict-label">Yours</span>
          <pre data-testid="conflict-mine">{show(mine)}</pre>
        </div>
      </div>
      <div class="editor-actions">
        <button type="button" class="button" onClick={props.onKeepTheirs}>
          Keep theirs
        </button>
        <button type="button" class="button primary" onClick={props.onUseMine}>
          Save mine over it
        </button>
      </div>
    </div>
  );
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (Array.isArray(value)) return value.join(", ");
  return typeof value === "string" ? value : JSON.stringify(value);
}
