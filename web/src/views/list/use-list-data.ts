import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { listTickets } from "../../api/endpoints.js";
import type { TicketSummary } from "../../api/types.js";
import { useLiveEvents } from "../../live/use-live.js";

/**
 * The list's rows, fetched a page at a time as they scroll into view (the server sorts and
 * filters). A live event refetches the pages in view and forgets the others, so what is on
 * screen is current within a fraction of a second without reloading 10k rows.
 */

export const PAGE = 100;

export interface ListData {
  readonly total: number;
  readonly rows: ReadonlyMap<number, TicketSummary>;
  readonly error: unknown;
  readonly loading: boolean;
  /** Loads the pages covering rows [start, end). */
  readonly show: (start: number, end: number) => void;
}

export function useListData(query: string, sort: string): ListData {
  const [rows, setRows] = useState<ReadonlyMap<number, TicketSummary>>(new Map());
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const loaded = useRef(new Set<number>());
  const inView = useRef<[number, number]>([0, PAGE]);
  const generation = useRef(0);

  const fetchPages = useCallback(
    async (pages: number[], replace: boolean) => {
      const mine = generation.current;
      for (const page of pages) loaded.current.add(page);
      try {
        const results = await Promise.all(
          pages.map((page) => listTickets({ q: query, sort, limit: PAGE, offset: page * PAGE })),
        );
        if (mine !== generation.current) return;
        setRows((current) => {
          const next = new Map(replace ? [] : current);
          for (const [i, result] of results.entries()) {
            const base = (pages[i] ?? 0) * PAGE;
            for (const [j, ticket] of result.tickets.entries()) next.set(base + j, ticket);
          }
          return next;
        });
        const last = results.at(-1);
        if (last) setTotal(last.total);
        setError(undefined);
      } catch (failure) {
        if (mine !== generation.current) return;
        for (const page of pages) loaded.current.delete(page);
        setError(failure);
        if (replace) {
          setRows(new Map());
          setTotal(0);
        }
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [query, sort],
  );

  const pagesInView = () => {
    const [start, end] = inView.current;
    const pages: number[] = [];
    for (let p = Math.floor(start / PAGE); p <= Math.floor(Math.max(start, end - 1) / PAGE); p++)
      pages.push(p);
    return pages;
  };

  useEffect(() => {
    generation.current += 1;
    loaded.current = new Set();
    setLoading(true);
    void fetchPages(pagesInView(), true);
  }, [fetchPages]);

  const show = useCallback(
    (start: number, end: number) => {
      inView.current = [start, end];
      const missing = pagesInView().filter((p) => !loaded.current.has(p));
      if (missing.length > 0) void fetchPages(missing, false);
    },
    [fetchPages],
  );

  useLiveEvents(() => {
    loaded.current = new Set();
    void fetchPages(pagesInView(), true);
  });

  return { total, rows, error, loading, show };
}
