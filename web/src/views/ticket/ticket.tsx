import type { JSX } from "preact";

export function TicketView(_props: { id: string }): JSX.Element {
  return <div class="page" />;
}
