import type { JSX } from "preact";

export function AgentsView(): JSX.Element {
  return <div class="page" />;
}
