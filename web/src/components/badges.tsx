import type { JSX } from "preact";
import type { Priority, WorkflowStep } from "../api/types.js";

/** Small visual atoms shared by the views: priority, status, tags, avatars, progress. */

const PRIORITY_LABEL: Record<string, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};

export function PriorityBadge({ priority }: { priority: Priority | string }): JSX.Element {
  return (
    <span class={`prio prio-${priority}`} title={`Priority: ${priority}`}>
      <span class="prio-dot" aria-hidden="true" />
      {PRIORITY_LABEL[priority] ?? priority}
    </span>
  );
}

export function StatusPill({ status, category }: { status: string; category: string }): JSX.Element {
  return <span class={`status cat-${category}`}>{status.replace(/_/g, " ")}</span>;
}

export function Tags({ tags }: { tags: readonly string[] }): JSX.Element | null {
  if (tags.length === 0) return null;
  return (
    <span class="tags">
      {tags.map((tag) => (
        <span class="tag" key={tag}>
          {tag}
        </span>
      ))}
    </span>
  );
}

/** A stable hue per name, so an agent keeps its colour everywhere. */
export function hueOf(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 360;
}

export function Avatar({ name, size = 20 }: { name: string; size?: number }): JSX.Element {
  const initials = name
    .split(/[-_\s.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
  return (
    <span
      class="avatar"
      style={{ width: `${size}px`, height: `${size}px`, "--hue": String(hueOf(name)) }}
      aria-hidden="true"
    >
      {initials || "?"}
    </span>
  );
}

export function Progress({ value, label }: { value: number; label: string }): JSX.Element {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <span
      class="progress"
      role="progressbar"
      aria-label={label}
      aria-valuenow={clamped}
      aria-valuemin={0}
      aria-valuemax={100}
    >
      <span class="progress-fill" style={{ width: `${clamped}%` }} />
    </span>
  );
}

/** A workflow's overall progress: finished steps count fully, the running one by its percent. */
export function workflowProgress(steps: readonly WorkflowStep[]): number {
  if (steps.length === 0) return 0;
  const sum = steps.reduce(
    (total, s) => total + (s.status === "completed" || s.status === "skipped" ? 100 : s.progress),
    0,
  );
  return sum / steps.length;
}
