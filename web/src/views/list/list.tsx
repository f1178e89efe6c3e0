import type { JSX } from "preact";

export function ListView(_props: { params: URLSearchParams }): JSX.Element {
  return <div class="page" />;
}
