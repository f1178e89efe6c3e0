import type { ComponentChildren, JSX } from "preact";
import { useState } from "preact/hooks";
import type { StatusInfo } from "../../api/statuses.js";
import { count } from "../../lib/format.js";

/** A drop zone for one status: highlights while a card from another column hovers over it. */

export interface DropZoneProps {
  readonly status: StatusInfo;
  readonly onDrop: (id: string, status: string) => void;
  readonly class?: string;
  readonly children: ComponentChildren;
  readonly label: string;
}

export function DropZone(props: DropZoneProps): JSX.Element {
  const [over, setOver] = useState(false);
  return (
    <section
      class={`${props.class ?? ""} ${over ? "is-over" : ""}`}
      aria-label={props.label}
      data-status={props.status.name}
      onDragOver={(event) => {
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = "move";
        setOver(true);
      }}
      onDragLeave={(event) => {
        const next = event.relatedTarget as Node | null;
        if (!next || !(event.currentTarget as HTMLElement).contains(next)) setOver(false);
      }}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const id =
          event.dataTransfer?.getData("text/x-trackdown-id") || event.dataTransfer?.getData("text/plain");
        if (id) props.onDrop(id, props.status.name);
      }}
    >
      {props.children}
    </section>
  );
}

export function ColumnHeader({ status, shown }: { status: StatusInfo; shown: number }): JSX.Element {
  return (
    <header class="column-head">
      <span class={`column-dot cat-${status.category}`} aria-hidden="true" />
      <h2>{status.label}</h2>
      <span class="column-count">{count(shown)}</span>
    </header>
  );
}
