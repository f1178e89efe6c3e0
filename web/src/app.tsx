import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { onUnauthorized } from "./api/client.js";
import { Toasts } from "./components/toasts.js";
import { TokenDialog } from "./components/token-dialog.js";
import { type LiveState, live } from "./live/stream.js";
import { followLink, navigate, type Route, useRoute } from "./router.js";
import { AgentsView } from "./views/agents.js";
import { BoardView } from "./views/board/board.js";
import { ListView } from "./views/list/list.js";
import { MetricsView } from "./views/metrics/metrics.js";
import { RegistryView } from "./views/registry.js";
import { TicketView } from "./views/ticket/ticket.js";

const NAV: readonly [string, string, string][] = [
  ["board", "Board", "b"],
  ["list", "List", "l"],
  ["agents", "Agents", "a"],
  ["stats", "Metrics", "m"],
  ["registry", "Registry", "r"],
];

export function App(): JSX.Element {
  const route = useRoute();
  const [authMessage, setAuthMessage] = useState<string>();
  const [epoch, setEpoch] = useState(0);
  useEffect(() => onUnauthorized((error) => setAuthMessage(error.message)), []);
  useGoShortcuts();
  useEffect(() => {
    const titles: Record<string, string> = { ticket: route.id ?? "Ticket" };
    const name = titles[route.view] ?? NAV.find(([v]) => v === route.view)?.[1] ?? "Not found";
    document.title = `${name} · Trackdown`;
  }, [route]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/board" onClick={(e) => followLink(e, "/board")}>
          <svg viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="8" />
            <path d="M9 11h14M9 16h9M9 21h5" />
          </svg>
          <span>Trackdown</span>
        </a>
        <nav aria-label="Views">
          {NAV.map(([view, label]) => {
            const href = `/${view}`;
            const current = route.view === view;
            return (
              <a
                key={view}
                href={href}
                aria-current={current ? "page" : undefined}
                onClick={(e) => followLink(e, href)}
              >
                {label}
              </a>
            );
          })}
        </nav>
        <LiveBadge />
      </header>
      <main id="main" key={epoch}>
        <CurrentView route={route} />
      </main>
      <Toasts />
      {authMessage ? (
        <TokenDialog
          message={authMessage}
          onDone={() => {
            setAuthMessage(undefined);
            live.start();
            setEpoch((n) => n + 1);
          }}
        />
      ) : null}
    </>
  );
}

function CurrentView({ route }: { route: Route }): JSX.Element {
  switch (route.view) {
    case "board":
      return <BoardView params={route.params} />;
    case "list":
      return <ListView params={route.params} />;
    case "ticket":
      return <TicketView id={route.id ?? ""} key={route.id} />;
    case "agents":
      return <AgentsView />;
    case "stats":
      return <MetricsView />;
    case "registry":
      return <RegistryView />;
    default:
      return (
        <div class="page">
          <p class="empty">No page at {route.path}.</p>
        </div>
      );
  }
}

function LiveBadge(): JSX.Element {
  const [state, setState] = useState<LiveState>(live.state);
  useEffect(() => {
    const unsubscribe = live.onState(setState);
    // The stream may have gone live between the first render and this subscription.
    setState(live.state);
    return unsubscribe;
  }, []);
  const text = { connecting: "Connecting…", live: "Live", offline: "Offline, reconnecting" }[state];
  return (
    <span
      class={`live live-${state}`}
      role="status"
      title="Updates arrive as they happen (Server-Sent Events)"
    >
      <span class="live-dot" aria-hidden="true" />
      {text}
    </span>
  );
}

/** `g` then a letter jumps to a view (g b board, g l list, g a agents, g m metrics, g r registry). */
function useGoShortcuts(): void {
  useEffect(() => {
    let armed = 0;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable]") || event.metaKey || event.ctrlKey)
        return;
      if (event.key === "g") {
        armed = performance.now();
        return;
      }
      const entry = NAV.find(([, , key]) => key === event.key);
      if (entry && performance.now() - armed < 1500) {
        armed = 0;
        navigate(`/${entry[0]}`);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
