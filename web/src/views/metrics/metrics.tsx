import type { JSX } from "preact";

export function MetricsView(): JSX.Element {
  return <div class="page" />;
}
