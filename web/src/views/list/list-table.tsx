import type { JSX } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { TicketSummary } from "../../api/types.js";
import { Avatar, PriorityBadge, StatusPill, Tags } from "../../components/badges.js";
import { age } from "../../lib/format.js";
import { followLink, setParam, ticketHref } from "../../router.js";

/**
 * A real <table> that renders only the rows in view, with spacer rows above and below keeping
 * the scroll height. The row under the cursor holds the one tabbable link (roving focus).
 */

export const ROW_HEIGHT = 44;
const OVERSCAN = 8;

const COLUMNS: readonly [key: string, label: string, sortKey: string | undefined][] = [
  ["id", "ID", "id"],
  ["title", "Title", "title"],
  ["status", "Status", "status"],
  ["priority", "Priority", "priority"],
  ["assignee", "Assignee", "assignee"],
  ["tags", "Tags", undefined],
  ["updated", "Updated", "updated"],
];

export interface ListTableProps {
  readonly total: number;
  readonly rows: ReadonlyMap<number, TicketSummary>;
  readonly sort: string;
  readonly cursor: number;
  readonly selected: ReadonlyMap<string, TicketSummary>;
  readonly onToggle: (ticket: TicketSummary) => void;
  readonly onRange: (start: number, end: number) => void;
  readonly onCursor: (index: number) => void;
  readonly category: (status: string) => string;
  readonly focusCursor: boolean;
}

export function ListTable(props: ListTableProps): JSX.Element {
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(700);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 700));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const start = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
  const end = Math.min(props.total, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
  const { onRange } = props;
  useEffect(() => onRange(start, end), [start, end, onRange]);
  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const rowTop = props.cursor * ROW_HEIGHT;
    const header = 38;
    if (rowTop < element.scrollTop) element.scrollTop = rowTop;
    else if (rowTop + ROW_HEIGHT + header > element.scrollTop + element.clientHeight)
      element.scrollTop = rowTop + ROW_HEIGHT + header - element.clientHeight;
    if (props.focusCursor)
      element.querySelector<HTMLElement>(`[data-row="${props.cursor}"] .cell-title a`)?.focus();
  }, [props.cursor, props.focusCursor, props.rows]);

  const body: JSX.Element[] = [];
  for (let i = start; i < end; i++)
    body.push(<Row key={i} index={i} ticket={props.rows.get(i)} {...props} />);
  return (
    <div
      ref={scroller}
      class="table-scroll"
      onScroll={(e) => setTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <table class="table" aria-rowcount={props.total + 1}>
        <thead>
          <tr>
            <th class="cell-check" scope="col">
              <span class="sr-only">Selected</span>
            </th>
            {COLUMNS.map(([key, label, sortKey]) => (
              <SortHeader key={key} name={key} label={label} sortKey={sortKey} sort={props.sort} />
            ))}
          </tr>
        </thead>
        <tbody>
          <tr class="spacer" style={{ height: `${start * ROW_HEIGHT}px` }} />
          {body}
          <tr class="spacer" style={{ height: `${(props.total - end) * ROW_HEIGHT}px` }} />
        </tbody>
      </table>
    </div>
  );
}

function SortHeader(props: {
  name: string;
  label: string;
  sortKey: string | undefined;
  sort: string;
}): JSX.Element {
  const { sortKey, sort } = props;
  if (!sortKey) {
    return (
      <th scope="col" class={`cell-${props.name}`}>
        {props.label}
      </th>
    );
  }
  const current = sort === sortKey ? "ascending" : sort === `-${sortKey}` ? "descending" : undefined;
  const next = current === "ascending" ? `-${sortKey}` : current === "descending" ? "" : sortKey;
  return (
    <th scope="col" class={`cell-${props.name}`} aria-sort={current ?? "none"}>
      <button type="button" class="sort" onClick={() => setParam("sort", next || undefined)}>
        {props.label}
        <span class="sort-arrow" aria-hidden="true">
          {current === "ascending" ? "↑" : current === "descending" ? "↓" : "↕"}
        </span>
      </button>
    </th>
  );
}

function Row(props: ListTableProps & { index: number; ticket: TicketSummary | undefined }): JSX.Element {
  const { index, ticket } = props;
  if (!ticket) {
    return (
      <tr class="is-loading" aria-rowindex={index + 2}>
        <td colSpan={COLUMNS.length + 1}>
          <span class="skeleton" />
        </td>
      </tr>
    );
  }
  const href = ticketHref(ticket.id);
  const isSelected = props.selected.has(ticket.id);
  const active = index === props.cursor;
  return (
    <tr
      data-row={index}
      class={`${active ? "is-active" : ""} ${isSelected ? "is-selected" : ""}`}
      aria-rowindex={index + 2}
    >
      <td class="cell-check">
        <input
          type="checkbox"
          checked={isSelected}
          aria-label={`Select ${ticket.id}`}
          tabIndex={-1}
          onChange={() => props.onToggle(ticket)}
        />
      </td>
      <td class="cell-id">{ticket.id}</td>
      <td class="cell-title">
        <a
          href={href}
          tabIndex={active ? 0 : -1}
          onFocus={() => props.onCursor(index)}
          onClick={(e) => followLink(e, href)}
        >
          {ticket.title}
        </a>
      </td>
      <td class="cell-status">
        <StatusPill status={ticket.status} category={props.category(ticket.status)} />
      </td>
      <td class="cell-priority">
        <PriorityBadge priority={ticket.priority} />
      </td>
      <td class="cell-assignee">
        {ticket.assignee ? (
          <span class="who">
            <Avatar name={ticket.assignee} size={18} />
            {ticket.assignee}
          </span>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td class="cell-tags">
        <Tags tags={ticket.tags.slice(0, 3)} />
      </td>
      <td class="cell-updated" title={ticket.updated}>
        {age(ticket.updated)}
      </td>
    </tr>
  );
}
