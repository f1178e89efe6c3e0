import type { JSX } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";
import { getAgent, listAgents, listTickets } from "../api/endpoints.js";
import type { AgentDetail, AgentSummary, TicketSummary } from "../api/types.js";
import { Avatar, Progress } from "../components/badges.js";
import { age, compactDuration, percent, runDuration } from "../lib/format.js";
import { useLiveEvents } from "../live/use-live.js";
import { TicketLink } from "./ticket/sections.js";

/**
 * Every agent: what it works on now (ticket, workflow step and its progress, lease left), when it
 * last checked in, whether it is active, idle or stale, and its record (runs, success rate, mean
 * duration). A row opens the agent's recent runs and tickets.
 */
export function AgentsView(): JSX.Element {
  const [agents, setAgents] = useState<AgentSummary[]>();
  const [work, setWork] = useState<ReadonlyMap<string, TicketSummary>>(new Map());
  const [error, setError] = useState<unknown>();
  const [open, setOpen] = useState<string>();

  const load = useCallback(async () => {
    try {
      const all = await listAgents();
      const ids = [...new Set(all.flatMap((a) => a.working_on))];
      const page =
        ids.length > 0 ? await listTickets({ q: `id:${ids.join(",")}`, limit: ids.length }) : undefined;
      setAgents(all);
      setWork(new Map((page?.tickets ?? []).map((t) => [t.id, t])));
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useLiveEvents(() => void load());

  const counts = { active: 0, idle: 0, stale: 0 };
  for (const a of agents ?? []) counts[a.state] += 1;
  return (
    <div class="page page-scroll">
      <div class="toolbar">
        <h1 class="page-title">Agents</h1>
        <span class="toolbar-note">
          {counts.active} active · {counts.idle} idle · {counts.stale} stale
        </span>
      </div>
      {error ? <p class="empty">{(error as Error).message}</p> : null}
      {agents && agents.length === 0 ? (
        <p class="empty">No agent has claimed, run or been assigned anything yet.</p>
      ) : null}
      <div class="agents">
        {(agents ?? []).map((agent) => (
          <AgentRow
            key={agent.name}
            agent={agent}
            work={work}
            open={open === agent.name}
            onToggle={() => setOpen(open === agent.name ? undefined : agent.name)}
          />
        ))}
      </div>
    </div>
  );
}

function AgentRow(props: {
  agent: AgentSummary;
  work: ReadonlyMap<string, TicketSummary>;
  open: boolean;
  onToggle: () => void;
}): JSX.Element {
  const { agent } = props;
  const ticket = agent.current ? props.work.get(agent.current.id) : undefined;
  const step = agent.current?.step ? ticket?.workflow?.[agent.current.step - 1] : undefined;
  const lease =
    ticket?.claim && ticket.claim.agent === agent.name
      ? Date.parse(ticket.claim.expires) - Date.now()
      : undefined;
  return (
    <section class={`agent agent-${agent.state}`} aria-label={agent.name}>
      <button type="button" class="agent-row" aria-expanded={props.open} onClick={props.onToggle}>
        <span class="agent-name">
          <Avatar name={agent.name} size={30} />
          <span>
            <strong>{agent.name}</strong>
            <span class={`agent-state state-${agent.state}`}>{agent.state}</span>
          </span>
        </span>
        <span class="agent-work">
          {agent.current ? (
            <>
              <span class="mono">{agent.current.id}</span>{" "}
              <span class="agent-work-title">{agent.current.title}</span>
              {step ? (
                <span class="agent-step">
                  Step {agent.current.step} · {step.progress}%
                  <Progress value={step.progress} label={`${agent.name} step progress`} />
                </span>
              ) : null}
            </>
          ) : (
            <span class="muted">No current work</span>
          )}
        </span>
        <Figure
          label="Lease left"
          value={lease === undefined ? "–" : lease > 0 ? compactDuration(lease) : "expired"}
        />
        <Figure label="Last heartbeat" value={agent.last_heartbeat ? age(agent.last_heartbeat) : "–"} />
        <Figure label="Runs" value={String(agent.runs)} />
        <Figure label="Success" value={percent(agent.success_rate)} />
        <Figure
          label="Mean run"
          value={agent.mean_duration_ms === null ? "–" : runDuration(Math.round(agent.mean_duration_ms))}
        />
      </button>
      {props.open ? <AgentHistory name={agent.name} /> : null}
    </section>
  );
}

function Figure({ label, value }: { label: string; value: string }): JSX.Element {
  return (
    <span class="figure">
      <span class="figure-label">{label}</span>
      <span class="figure-value">{value}</span>
    </span>
  );
}

function AgentHistory({ name }: { name: string }): JSX.Element {
  const [detail, setDetail] = useState<AgentDetail>();
  const load = useCallback(() => {
    getAgent(name).then(setDetail, () => setDetail(undefined));
  }, [name]);
  useEffect(load, [load]);
  useLiveEvents(load);
  if (!detail) return <p class="muted agent-detail">Loading…</p>;
  return (
    <div class="agent-detail">
      <div>
        <h3>Recent runs</h3>
        {detail.recent_runs.length === 0 ? (
          <p class="muted">No runs recorded.</p>
        ) : (
          <ul class="plain">
            {detail.recent_runs.map((run) => (
              <li key={`${run.ticket}-${run.started}`}>
                <span class={`exit exit-${run.outcome}`}>
                  {run.outcome === "succeeded" ? "✓" : "✕"} {run.exit_code}
                </span>{" "}
                <TicketLink id={run.ticket} /> <code>{run.command}</code>{" "}
                <span class="muted">
                  {runDuration(run.duration_ms)} · {age(run.finished)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <h3>Tickets</h3>
        <ul class="plain">
          {detail.tickets.slice(0, 12).map((t) => (
            <li key={t.id}>
              <TicketLink id={t.id} title={t.title} /> <span class="muted">{t.roles.join(", ")}</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
