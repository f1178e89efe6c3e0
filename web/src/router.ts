import { useEffect, useState } from "preact/hooks";

/**
 * A small history router: `/board`, `/list`, `/ticket/:id`, `/agents`, `/stats` (the Metrics
 * view: the server's own `/metrics` is its Prometheus endpoint), `/registry`.
 */

export const VIEWS = ["board", "list", "ticket", "agents", "stats", "registry"] as const;
export type View = (typeof VIEWS)[number] | "notfound";

export interface Route {
  readonly view: View;
  /** The ticket's ID on `/ticket/:id`. */
  readonly id?: string;
  readonly params: URLSearchParams;
  readonly path: string;
}

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  const [first = "board", second] = parts;
  if (first === "ticket" && second) return { view: "ticket", id: second, params, path: pathname };
  const view =
    (VIEWS as readonly string[]).includes(first) && first !== "ticket" ? (first as View) : "notfound";
  return { view, params, path: pathname };
}

const CHANGE = "trackdown:navigate";

export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === location.pathname + location.search) return;
  if (options.replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  window.dispatchEvent(new Event(CHANGE));
}

/** Sets one search parameter of the current URL without a new history entry. */
export function setParam(name: string, value: string | undefined): void {
  const params = new URLSearchParams(location.search);
  if (value) params.set(name, value);
  else params.delete(name);
  const search = params.toString();
  navigate(`${location.pathname}${search ? `?${search}` : ""}`, { replace: true });
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.pathname, location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.pathname, location.search));
    window.addEventListener("popstate", update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener("popstate", update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return route;
}

/** Follows a same-origin link in the app unless a modifier asks for a new tab. */
export function followLink(event: MouseEvent, href: string): void {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(href);
}

export const ticketHref = (id: string): string => `/ticket/${encodeURIComponent(id)}`;
