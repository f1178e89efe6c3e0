import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "../../api/client.js";
import { listTickets, transitionTicket } from "../../api/endpoints.js";
import { isRemoval, type LiveEvent, type TicketSummary } from "../../api/types.js";
import { useLiveEvents } from "../../live/use-live.js";

/**
 * The board's tickets: every ticket the filter matches, loaded in pages (the first small, so
 * cards show at once), then kept current from the live stream. Without a filter an event's
 * ticket is applied as it comes; with one, the changed IDs are asked for in one query
 * (`<filter> id:A,B`) to learn whether they still match.
 */

const FIRST_PAGE = 200;
const PAGE = 5000;
const SORT = "priority,-updated";

export interface BoardData {
  readonly tickets: ReadonlyMap<string, TicketSummary>;
  readonly total: number;
  readonly loading: boolean;
  readonly error: unknown;
  /** Moves a ticket (optimistically); resolves with the API's refusal, if any. */
  move(id: string, status: string): Promise<ApiError | undefined>;
}

export function useBoardData(query: string): BoardData {
  const [tickets, setTickets] = useState<ReadonlyMap<string, TicketSummary>>(new Map());
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);
  const latest = useRef(tickets);
  latest.current = tickets;

  const load = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const first = await listTickets({ q: query, sort: SORT, limit: FIRST_PAGE });
      if (mine !== generation.current) return;
      const all = new Map(first.tickets.map((t) => [t.id, t]));
      setTickets(new Map(all));
      setTotal(first.total);
      setError(undefined);
      for (let offset = first.tickets.length; offset < first.total; offset += PAGE) {
        const page = await listTickets({ q: query, sort: SORT, limit: PAGE, offset });
        if (mine !== generation.current) return;
        for (const t of page.tickets) all.set(t.id, t);
        setTickets(new Map(all));
        if (page.tickets.length === 0) break;
      }
    } catch (failure) {
      if (mine === generation.current) {
        setError(failure);
        setTickets(new Map());
        setTotal(0);
      }
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [query]);

  useEffect(() => {
    void load();
  }, [load]);

  useLiveEvents(
    (events) => {
      if (events.some((e) => e.type === "reset")) return void load();
      void applyEvents(events, query, setTickets, setTotal);
    },
    (event) => event.ticket !== undefined || isRemoval(event),
  );

  const move = useCallback(async (id: string, status: string) => {
    const before = latest.current.get(id);
    if (!before || before.status === status) return undefined;
    setTickets((current) => new Map(current).set(id, { ...before, status }));
    try {
      const after = await transitionTicket(id, status, before.revision);
      setTickets((current) => new Map(current).set(id, after));
      return undefined;
    } catch (failure) {
      setTickets((current) => new Map(current).set(id, before));
      return failure instanceof ApiError ? failure : new ApiError(0, "NETWORK", String(failure));
    }
  }, []);

  return { tickets, total, loading, error, move };
}

type SetTickets = (
  update: (current: ReadonlyMap<string, TicketSummary>) => ReadonlyMap<string, TicketSummary>,
) => void;

async function applyEvents(
  events: LiveEvent[],
  query: string,
  setTickets: SetTickets,
  setTotal: (update: (n: number) => number) => void,
): Promise<void> {
  const deleted = new Set(events.flatMap((e) => (isRemoval(e) && e.id ? [e.id] : [])));
  const changed = new Map<string, TicketSummary>();
  for (const e of events) if (e.ticket) changed.set(e.ticket.id, e.ticket);
  let matching = [...changed.values()];
  if (query.trim() !== "" && changed.size > 0) {
    const ids = [...changed.keys()];
    const page = await listTickets({ q: `${query} id:${ids.join(",")}`, limit: ids.length });
    matching = page.tickets;
  }
  const keep = new Set(matching.map((t) => t.id));
  setTickets((current) => {
    const next = new Map(current);
    let delta = 0;
    for (const id of [...deleted, ...changed.keys()]) {
      if (!keep.has(id) && next.delete(id)) delta -= 1;
    }
    for (const ticket of matching) {
      if (!next.has(ticket.id)) delta += 1;
      const known = next.get(ticket.id);
      // Events can arrive out of order with our own writes: keep the newer one.
      if (!known || known.updated <= ticket.updated) next.set(ticket.id, ticket);
    }
    if (delta !== 0) setTotal((n) => n + delta);
    return next;
  });
}
