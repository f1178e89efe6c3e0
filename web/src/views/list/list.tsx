import type { JSX } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { categoryOf } from "../../api/statuses.js";
import type { TicketSummary } from "../../api/types.js";
import { QueryBar } from "../../components/query-bar.js";
import { count } from "../../lib/format.js";
import { useStatuses } from "../../lib/use-statuses.js";
import { navigate, setParam, ticketHref } from "../../router.js";
import { BulkBar } from "./bulk-bar.js";
import { ListTable } from "./list-table.js";
import { useListData } from "./use-list-data.js";

/**
 * The list: the query bar, columns sorted by the server, rows fetched as they scroll into view,
 * selection for bulk changes, and keyboard navigation (j/k or arrows, Enter, x, Esc).
 */
export function ListView({ params }: { params: URLSearchParams }): JSX.Element {
  const query = params.get("q") ?? "";
  const sort = params.get("sort") ?? "";
  const data = useListData(query, sort);
  const { statuses = [] } = useStatuses();
  const [cursor, setCursor] = useState(0);
  const [keyboard, setKeyboard] = useState(false);
  const [selected, setSelected] = useState<ReadonlyMap<string, TicketSummary>>(new Map());
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => setCursor(0), [query, sort]);

  const toggle = useCallback((ticket: TicketSummary) => {
    setSelected((current) => {
      const next = new Map(current);
      if (!next.delete(ticket.id)) next.set(ticket.id, ticket);
      return next;
    });
  }, []);

  const state = useRef({ cursor, data, toggle });
  state.current = { cursor, data, toggle };
  useEffect(() => {
    const element = area.current;
    if (!element) return;
    const onKey = (event: KeyboardEvent) => {
      if ((event.target as HTMLElement).closest("input, select, button, textarea")) return;
      const { cursor: at, data: rows } = state.current;
      const move = (to: number) => {
        event.preventDefault();
        setKeyboard(true);
        setCursor(Math.max(0, Math.min(rows.total - 1, to)));
      };
      const row = rows.rows.get(at);
      const keys: Record<string, () => void> = {
        ArrowDown: () => move(at + 1),
        j: () => move(at + 1),
        ArrowUp: () => move(at - 1),
        k: () => move(at - 1),
        PageDown: () => move(at + 10),
        PageUp: () => move(at - 10),
        Home: () => move(0),
        End: () => move(rows.total - 1),
        x: () => row && state.current.toggle(row),
        " ": () => row && state.current.toggle(row),
        Escape: () => setSelected(new Map()),
      };
      if (event.key === "Enter" || event.key === "o") {
        if (row) navigate(ticketHref(row.id));
        event.preventDefault();
        return;
      }
      const action = keys[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    element.addEventListener("keydown", onKey);
    return () => element.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div class="page list-page">
      <div class="toolbar">
        <h1 class="page-title">List</h1>
        <QueryBar value={query} onChange={(q) => setParam("q", q)} error={data.error} />
        <span class="toolbar-note" aria-live="polite">
          {data.loading ? "Loading…" : `${count(data.total)} tickets`}
        </span>
      </div>
      {selected.size > 0 ? (
        <BulkBar
          selected={[...selected.values()]}
          statuses={statuses}
          onDone={() => setSelected(new Map())}
        />
      ) : (
        <p class="list-hint">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>x</kbd> select · <kbd>/</kbd> filter
        </p>
      )}
      <div ref={area} class="list-area">
        {data.total === 0 && !data.loading ? (
          <p class="empty">{data.error ? "Fix the query to see tickets." : "No ticket matches."}</p>
        ) : (
          <ListTable
            total={data.total}
            rows={data.rows}
            sort={sort}
            cursor={cursor}
            selected={selected}
            onToggle={toggle}
            onRange={data.show}
            onCursor={setCursor}
            focusCursor={keyboard}
            category={(status) => categoryOf(statuses, status)}
          />
        )}
      </div>
    </div>
  );
}
