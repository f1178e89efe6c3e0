import type { JSX } from "preact";
import { categoryOf, type StatusInfo } from "../../api/statuses.js";
import type { TicketDetail } from "../../api/types.js";
import { Avatar, Tags } from "../../components/badges.js";
import { age, compactDuration, dateTime } from "../../lib/format.js";
import { InlineField } from "./inline-field.js";

/** The ticket's fields, each editable in place; dates and the claim are shown read-only. */

export type SaveField = (
  label: string,
  field: string,
  changes: Record<string, unknown>,
  revision: string,
) => Promise<boolean>;

const PRIORITIES = ["critical", "high", "medium", "low"] as const;

export function Sidebar(props: {
  ticket: TicketDetail;
  statuses: readonly StatusInfo[];
  saveField: SaveField;
}): JSX.Element {
  const { ticket, statuses, saveField } = props;
  const statusOptions = statuses.some((s) => s.name === ticket.status)
    ? statuses.map((s) => [s.name, s.label] as const)
    : [[ticket.status, ticket.status] as const, ...statuses.map((s) => [s.name, s.label] as const)];
  const text = (label: string, field: string, value: string, toChange: (v: string) => unknown) => (
    <InlineField
      label={label}
      value={value}
      revision={ticket.revision}
      onSave={(v, revision) => saveField(label, field, { [field]: toChange(v) }, revision)}
    />
  );
  return (
    <section class="panel fields" aria-label="Fields">
      <Field label="Status">
        <div class={`with-pill cat-${categoryOf(statuses, ticket.status)}`}>
          <span class="column-dot" aria-hidden="true" />
          <InlineField
            kind="select"
            label="Status"
            testId="status-select"
            value={ticket.status}
            revision={ticket.revision}
            options={statusOptions}
            onSave={(status, revision) => saveField("the status", "status", { status }, revision)}
          />
        </div>
      </Field>
      <Field label="Priority">
        <div class={`with-pill prio prio-${ticket.priority}`}>
          <span class="prio-dot" aria-hidden="true" />
          <InlineField
            kind="select"
            label="Priority"
            value={ticket.priority}
            revision={ticket.revision}
            options={PRIORITIES.map((p) => [p, p] as const)}
            onSave={(priority, revision) => saveField("the priority", "priority", { priority }, revision)}
          />
        </div>
      </Field>
      <Field label="Assignee">
        {ticket.assignee ? <Avatar name={ticket.assignee} /> : null}
        {text("assignee", "assignee", ticket.assignee ?? "", (v) => v.trim() || null)}
      </Field>
      <Field label="Tags">
        <InlineField
          label="tags"
          value={ticket.tags.join(", ")}
          display={ticket.tags.length > 0 ? <Tags tags={ticket.tags} /> : undefined}
          revision={ticket.revision}
          onSave={(v, revision) => saveField("the tags", "tags", { tags: splitList(v) }, revision)}
        />
      </Field>
      <Field label="Sprint">{text("sprint", "sprint", ticket.sprint ?? "", (v) => v.trim() || null)}</Field>
      <Field label="Estimate">
        {text("estimate", "estimate", String(ticket.estimate ?? ""), (v) => v.trim() || null)}
      </Field>
      {ticket.claim ? (
        <Field label="Claim">
          <span class="claim-line">
            <Avatar name={ticket.claim.agent} />
            {ticket.claim.agent}
            <span class="muted">
              · lease {leaseLeft(ticket.claim.expires)} · held {age(ticket.claim.since).replace(" ago", "")}
            </span>
          </span>
        </Field>
      ) : null}
      <dl class="dates">
        <DateRow label="Created" iso={ticket.created} />
        <DateRow label="Updated" iso={ticket.updated} />
        <DateRow label="Started" iso={ticket.started} />
        <DateRow label="Completed" iso={ticket.completed} />
      </dl>
      <p class="path mono" title="The ticket's file, relative to the project root">
        {ticket.path}
      </p>
    </section>
  );
}

function Field({
  label,
  children,
}: {
  label: string;
  children: JSX.Element | (JSX.Element | null)[];
}): JSX.Element {
  return (
    <div class="field-row">
      <span class="field-label">{label}</span>
      <div class="field-value">{children}</div>
    </div>
  );
}

function DateRow({ label, iso }: { label: string; iso: string | undefined | null }): JSX.Element | null {
  if (!iso) return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd title={iso}>{dateTime(iso)}</dd>
    </div>
  );
}

const splitList = (value: string): string[] =>
  value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);

function leaseLeft(expires: string): string {
  const left = Date.parse(expires) - Date.now();
  return left > 0 ? `${compactDuration(left)} left` : "expired";
}
