import type { JSX } from "preact";

export function RegistryView(): JSX.Element {
  return <div class="page" />;
}
