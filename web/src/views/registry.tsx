import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { getRegistry } from "../api/endpoints.js";
import { Markdown } from "../lib/markdown-view.js";
import { useLiveEvents } from "../live/use-live.js";
import { ticketHref } from "../router.js";

/** TICKET_REGISTRY.md as the server would generate it now, rendered; links to ticket files open the ticket. */
export function RegistryView(): JSX.Element {
  const [text, setText] = useState<string>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => {
    getRegistry().then(
      (markdown) => {
        setText(markdown);
        setError(undefined);
      },
      (failure: unknown) => setError(failure),
    );
  }, []);
  useEffect(load, [load]);
  useLiveEvents(load, () => true, 400);
  return (
    <div class="page page-scroll">
      <div class="registry">
        {error ? <p class="empty">{(error as Error).message}</p> : null}
        {text === undefined ? (
          <p class="empty">Loading…</p>
        ) : (
          <Markdown text={text} resolveLink={ticketFileLink} />
        )}
      </div>
    </div>
  );
}

/** `tickets/pending/TSK-7f3k-some-title.md` → the ticket's page. */
export function ticketFileLink(href: string): string {
  const match = /(?:^|\/)([A-Za-z][A-Za-z0-9]{0,15}-[A-Za-z0-9]{1,32})(?:-[^/]*)?\.md$/.exec(href);
  return match?.[1] ? ticketHref(match[1]) : href;
}

/** HTML comments (the generator's note at the top) are for the file's readers, not the page. */
export const withoutComments = (markdown: string): string => markdown.replace(/<!--[\s\S]*?-->\n?/g, "");
