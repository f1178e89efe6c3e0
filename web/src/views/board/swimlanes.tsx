import type { JSX } from "preact";
import { useMemo, useState } from "preact/hooks";
import type { StatusInfo } from "../../api/statuses.js";
import type { TicketSummary } from "../../api/types.js";
import { Avatar } from "../../components/badges.js";
import { count } from "../../lib/format.js";
import { groupTickets } from "../../lib/ticket-order.js";
import { followLink } from "../../router.js";
import { Card } from "./card.js";
import { DropZone } from "./column.js";

/** The board split into rows by assignee or by epic (the parent); each cell shows its first cards. */

export type Lanes = "none" | "assignee" | "epic";

const PER_CELL = 20;
const NONE = "";

export interface SwimlanesProps {
  readonly lanes: Exclude<Lanes, "none">;
  readonly statuses: readonly StatusInfo[];
  readonly tickets: ReadonlyMap<string, TicketSummary>;
  readonly now: number;
  readonly onDrop: (id: string, status: string) => void;
  readonly onShift: (ticket: TicketSummary, step: -1 | 1) => void;
}

export function Swimlanes(props: SwimlanesProps): JSX.Element {
  const { lanes, tickets } = props;
  const keyOf = (t: TicketSummary) => (lanes === "assignee" ? (t.assignee ?? NONE) : (t.parent ?? NONE));
  const rows = useMemo(() => {
    const members = [...tickets.values()].filter((t) => lanes !== "epic" || t.type !== "epic");
    const grouped = groupTickets(members, keyOf);
    return [...grouped.entries()].sort(([a, x], [b, y]) =>
      a === NONE ? 1 : b === NONE ? -1 : y.length - x.length,
    );
  }, [tickets, lanes]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });
  return (
    <div class="lanes" style={{ "--columns": String(props.statuses.length) }}>
      <div class="lane-head-row" aria-hidden="true">
        {props.statuses.map((s) => (
          <div key={s.name} class="lane-col-title">
            <span class={`column-dot cat-${s.category}`} />
            {s.label}
          </div>
        ))}
      </div>
      {rows.map(([key, members]) => (
        <section class="lane" key={key} aria-label={laneTitle(lanes, key, tickets)}>
          <button
            type="button"
            class="lane-title"
            aria-expanded={!collapsed.has(key)}
            onClick={() => toggle(key)}
          >
            <span class="chevron" aria-hidden="true">
              ▸
            </span>
            {lanes === "assignee" && key ? <Avatar name={key} /> : null}
            <span>{laneTitle(lanes, key, tickets)}</span>
            <span class="column-count">{count(members.length)}</span>
          </button>
          {collapsed.has(key) ? null : <LaneCells {...props} members={members} laneKey={key} />}
        </section>
      ))}
    </div>
  );
}

function LaneCells(props: SwimlanesProps & { members: TicketSummary[]; laneKey: string }): JSX.Element {
  const byStatus = groupTickets(props.members, (t) => t.status);
  return (
    <div class="lane-cells">
      {props.statuses.map((status) => {
        const cards = byStatus.get(status.name) ?? [];
        const more = cards.length - PER_CELL;
        const href = `/list?q=${encodeURIComponent(laneQuery(props.lanes, props.laneKey, status.name))}`;
        return (
          <DropZone
            key={status.name}
            status={status}
            onDrop={props.onDrop}
            class="lane-cell"
            label={status.label}
          >
            {cards.slice(0, PER_CELL).map((ticket) => (
              <Card key={ticket.id} ticket={ticket} now={props.now} onShift={props.onShift} />
            ))}
            {more > 0 ? (
              <a class="lane-more" href={href} onClick={(e) => followLink(e, href)}>
                {count(more)} more in the list
              </a>
            ) : null}
          </DropZone>
        );
      })}
    </div>
  );
}

function laneTitle(
  lanes: SwimlanesProps["lanes"],
  key: string,
  tickets: ReadonlyMap<string, TicketSummary>,
): string {
  if (lanes === "assignee") return key || "Unassigned";
  if (!key) return "No epic";
  const epic = tickets.get(key);
  return epic ? `${key} · ${epic.title}` : key;
}

function laneQuery(lanes: SwimlanesProps["lanes"], key: string, status: string): string {
  const lane =
    lanes === "assignee" ? (key ? `assignee:${key}` : "is:unassigned") : key ? `parent:${key}` : "";
  return `status:${status} ${lane}`.trim();
}
