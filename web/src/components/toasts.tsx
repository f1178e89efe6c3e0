import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

/** Short messages in a corner (a refused transition, a saved change), read out by screen readers. */

export interface Toast {
  readonly id: number;
  readonly kind: "error" | "info";
  readonly title: string;
  readonly text: string;
}

let nextId = 1;
let toasts: Toast[] = [];
const listeners = new Set<(all: Toast[]) => void>();

function publish(next: Toast[]): void {
  toasts = next;
  for (const listener of listeners) listener(toasts);
}

export function dismiss(id: number): void {
  publish(toasts.filter((t) => t.id !== id));
}

export function showToast(
  kind: Toast["kind"],
  title: string,
  text = "",
  ms = kind === "error" ? 9000 : 3500,
): void {
  const toast = { id: nextId++, kind, title, text };
  publish([...toasts.slice(-3), toast]);
  setTimeout(() => dismiss(toast.id), ms);
}

export function Toasts(): JSX.Element {
  const [all, setAll] = useState(toasts);
  useEffect(() => {
    listeners.add(setAll);
    setAll(toasts);
    return () => listeners.delete(setAll);
  }, []);
  return (
    <div class="toasts" aria-live="polite">
      {all.map((toast) => (
        <div
          class={`toast toast-${toast.kind}`}
          key={toast.id}
          role={toast.kind === "error" ? "alert" : "status"}
        >
          <div class="toast-body">
            <strong>{toast.title}</strong>
            {toast.text ? <p>{toast.text}</p> : null}
          </div>
          <button type="button" class="icon-button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
