import type { JSX } from "preact";
import { useCallback, useEffect, useMemo, useState } from "preact/hooks";
import { DEFAULT_STATUSES, type StatusInfo } from "../../api/statuses.js";
import type { TicketSummary } from "../../api/types.js";
import { QueryBar } from "../../components/query-bar.js";
import { showToast } from "../../components/toasts.js";
import { VirtualList } from "../../components/virtual-list.js";
import { count } from "../../lib/format.js";
import { groupTickets } from "../../lib/ticket-order.js";
import { useStatuses } from "../../lib/use-statuses.js";
import { setParam } from "../../router.js";
import { CARD_GAP, CARD_HEIGHT, Card } from "./card.js";
import { ColumnHeader, DropZone } from "./column.js";
import { type Lanes, Swimlanes } from "./swimlanes.js";
import { useBoardData } from "./use-board-data.js";

/** The board: a column per status; drag a card (or Shift+arrow) to move it. */
export function BoardView({ params }: { params: URLSearchParams }): JSX.Element {
  const query = params.get("q") ?? "";
  const lanes = (params.get("lanes") ?? "none") as Lanes;
  const { statuses, error: statusError } = useStatuses();
  const data = useBoardData(query);
  const [moving, setMoving] = useState<string>();
  const now = useNow();

  const columns = useMemo(() => groupTickets(data.tickets.values(), (t) => t.status), [data.tickets]);
  const shown = useMemo(() => withUnknown(statuses ?? DEFAULT_STATUSES, columns), [statuses, columns]);

  const move = useCallback(
    async (id: string, status: string) => {
      setMoving(id);
      const refused = await data.move(id, status);
      setMoving(undefined);
      if (refused) {
        const title = refused.code === "GATE" ? `${id} can't move to ${status} yet` : `Couldn't move ${id}`;
        showToast("error", title, refused.message);
      }
    },
    [data.move],
  );
  const shift = useCallback(
    (ticket: TicketSummary, step: -1 | 1) => {
      const index = shown.findIndex((s) => s.name === ticket.status);
      const target = shown[index + step];
      if (target) void move(ticket.id, target.name);
    },
    [shown, move],
  );

  return (
    <div class="page board-page">
      <div class="toolbar">
        <h1 class="page-title">Board</h1>
        <QueryBar value={query} onChange={(q) => setParam("q", q)} error={data.error} />
        <LaneSwitch lanes={lanes} />
        <span class="toolbar-note" aria-live="polite">
          {data.loading && data.tickets.size < data.total
            ? `Loading ${count(data.tickets.size)} of ${count(data.total)}…`
            : `${count(data.tickets.size)} tickets`}
        </span>
      </div>
      {statusError ? <p class="empty">Could not load the project's statuses: {String(statusError)}</p> : null}
      {lanes === "none" ? (
        <div class="board">
          {shown.map((status) => {
            const cards = columns.get(status.name) ?? [];
            return (
              <DropZone
                key={status.name}
                status={status}
                onDrop={move}
                class="column"
                label={`${status.label} column`}
              >
                <ColumnHeader status={status} shown={cards.length} />
                {cards.length === 0 ? (
                  <p class="column-empty">{data.loading ? "…" : "Nothing here"}</p>
                ) : (
                  <VirtualList
                    class="column-body"
                    count={cards.length}
                    rowHeight={CARD_HEIGHT}
                    gap={CARD_GAP}
                    renderRow={(i) => {
                      const ticket = cards[i];
                      return ticket ? (
                        <Card ticket={ticket} now={now} onShift={shift} moving={moving === ticket.id} />
                      ) : null;
                    }}
                  />
                )}
              </DropZone>
            );
          })}
        </div>
      ) : (
        <Swimlanes
          lanes={lanes}
          statuses={shown}
          tickets={data.tickets}
          now={now}
          onDrop={move}
          onShift={shift}
        />
      )}
    </div>
  );
}

/** Configured statuses, then any status a ticket has that the configuration does not list. */
function withUnknown(statuses: readonly StatusInfo[], columns: Map<string, TicketSummary[]>): StatusInfo[] {
  const known = new Set(statuses.map((s) => s.name));
  const extra = [...columns.keys()]
    .filter((s) => !known.has(s))
    .map((name) => ({ name, label: name, category: "todo" as const }));
  return [...statuses, ...extra];
}

function LaneSwitch({ lanes }: { lanes: Lanes }): JSX.Element {
  const options: [Lanes, string][] = [
    ["none", "No lanes"],
    ["assignee", "Assignee"],
    ["epic", "Epic"],
  ];
  return (
    <fieldset class="segmented">
      <legend class="sr-only">Swimlanes</legend>
      {options.map(([value, label]) => (
        <label key={value} class={lanes === value ? "is-on" : ""}>
          <input
            type="radio"
            name="lanes"
            value={value}
            checked={lanes === value}
            onChange={() => setParam("lanes", value === "none" ? undefined : value)}
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

/** The clock for claim ages, ticking once a minute (display only; no data is fetched). */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
