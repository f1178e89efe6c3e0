import type { ComponentChildren, JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";

/**
 * A value shown as text that becomes an input on click (or Enter). The revision the ticket had
 * when editing began is remembered and handed to `onSave`, so a save can be refused if the
 * ticket changed meanwhile, instead of silently replacing someone else's change.
 */

export interface InlineFieldProps {
  readonly label: string;
  readonly value: string;
  readonly revision: string;
  readonly display?: ComponentChildren;
  readonly kind?: "text" | "textarea" | "select";
  readonly options?: readonly (readonly [string, string])[];
  readonly placeholder?: string;
  /** Resolves true when the editor may close. */
  readonly onSave: (value: string, revision: string) => Promise<boolean>;
  readonly class?: string;
  readonly testId?: string;
}

export function InlineField(props: InlineFieldProps): JSX.Element {
  const [editing, setEditing] = useState<{ draft: string; revision: string }>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement & HTMLTextAreaElement & HTMLSelectElement>(null);
  useEffect(() => {
    if (editing) input.current?.focus();
  }, [editing !== undefined]);

  if (props.kind === "select") return <SelectField {...props} />;

  const start = () => setEditing({ draft: props.value, revision: props.revision });
  const save = async () => {
    if (!editing) return;
    if (editing.draft === props.value && editing.revision === props.revision) return setEditing(undefined);
    setBusy(true);
    const close = await props.onSave(editing.draft, editing.revision);
    setBusy(false);
    if (close) setEditing(undefined);
  };

  if (!editing) {
    return (
      <button
        type="button"
        class={`inline-value ${props.class ?? ""}`}
        onClick={start}
        aria-label={`Edit ${props.label}`}
        data-testid={props.testId}
      >
        {props.display ?? (props.value || <span class="muted">{props.placeholder ?? "Add…"}</span>)}
        <span class="edit-hint" aria-hidden="true">
          ✎
        </span>
      </button>
    );
  }
  const stale = editing.revision !== props.revision;
  const onInput = (e: Event) =>
    setEditing({ ...editing, draft: (e.currentTarget as HTMLInputElement).value });
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") setEditing(undefined);
    if (e.key === "Enter" && (props.kind !== "textarea" || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  };
  return (
    <div class={`inline-editor ${props.class ?? ""}`}>
      {props.kind === "textarea" ? (
        <textarea
          ref={input}
          aria-label={props.label}
          rows={8}
          value={editing.draft}
          onInput={onInput}
          onKeyDown={onKeyDown}
        />
      ) : (
        <input
          ref={input}
          class="input"
          aria-label={props.label}
          value={editing.draft}
          onInput={onInput}
          onKeyDown={onKeyDown}
        />
      )}
      {stale ? (
        <p class="stale-note" role="status">
          This ticket changed while you were editing; saving will check for a conflict.
        </p>
      ) : null}
      <div class="editor-actions">
        <button type="button" class="button primary" disabled={busy} onClick={save}>
          {busy ? "Saving…" : "Save"}
        </button>
        <button type="button" class="button" onClick={() => setEditing(undefined)}>
          Cancel
        </button>
        <span class="hint">
          {props.kind === "textarea" ? "Ctrl+Enter saves · Esc cancels" : "Enter saves · Esc cancels"}
        </span>
      </div>
    </div>
  );
}

function SelectField(props: InlineFieldProps): JSX.Element {
  const [busy, setBusy] = useState(false);
  return (
    <select
      class={`inline-select ${props.class ?? ""}`}
      aria-label={props.label}
      value={props.value}
      disabled={busy}
      data-testid={props.testId}
      onChange={async (e) => {
        const value = (e.currentTarget as HTMLSelectElement).value;
        setBusy(true);
        // A refused change re-renders with the ticket's value, which puts the select back.
        await props.onSave(value, props.revision);
        setBusy(false);
      }}
    >
      {(props.options ?? []).map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}
