import type { Command } from "@commander-js/extra-typings";
import { type AgentDetail, type AgentSummary, listAgents, showAgent } from "../../service/agents.js";
import { examples, withService } from "../context.js";
import { type Out, paint, printTable, type Style } from "../output.js";
import { registerContext } from "./context.js";
import { registerOrchestrate } from "./orchestrate.js";
import { registerRun } from "./run.js";
import { registerStep } from "./step.js";
import { registerWorkflow } from "./workflow.js";

/** The commands for agents' work: orchestrate, workflow, step, context, run, agents. */
export function registerAgentWork(program: Command): void {
  registerOrchestrate(program);
  registerWorkflow(program);
  registerStep(program);
  registerContext(program);
  registerRun(program);
  registerAgents(program);
}

const STATE_STYLE: Record<string, Style> = { active: "green", stale: "yellow", idle: "dim" };

/** `agents` and `agents show <name>`: who is working on what, and how their runs go. */
export function registerAgents(program: Command): void {
  const agents = program
    .command("agents")
    .description(
      "List every agent seen (claims, assignees, workflow steps, runs) with its state and run figures",
    )
    .option("--json", "print the agents as JSON")
    .addHelpText(
      "after",
      examples(["trackdown agents", "trackdown agents --json | jq '.[] | select(.state==\"stale\")'"]),
    )
    .action(async (options, command) => {
      await withService(command, (service, out) => {
        const list = listAgents(service);
        if (options.json) return out.json(list);
        printAgents(out, list);
      });
    });
  agents
    .command("show")
    .description("Show one agent: state, current ticket, figures, its tickets and latest runs")
    .argument("<name>", "the agent's name (case-insensitive)")
    .option("--json", "print the agent as JSON")
    .addHelpText(
      "after",
      examples(['trackdown agents show "QA Agent"', "trackdown agents show engineer --json"]),
    )
    .action(async (name, _options, command) => {
      const json = (command.optsWithGlobals() as { json?: boolean }).json === true;
      await withService(command, (service, out) => {
        const agent = showAgent(service, name);
        if (json) return out.json(agent);
        printAgent(out, agent);
      });
    });
}

const percent = (rate: number | null): string => (rate === null ? "-" : `${Math.round(rate * 100)}%`);
const seconds = (ms: number | null): string => (ms === null ? "-" : `${(ms / 1000).toFixed(1)}s`);

function printAgents(out: Out, list: AgentSummary[]): void {
  if (list.length === 0) {
    if (out.tty) out.line("No agents seen yet");
    return;
  }
  const rows = list.map((a) => [
    a.name,
    a.state,
    a.current ? a.current.id : "-",
    a.last_activity ?? "-",
    String(a.runs),
    percent(a.success_rate),
    seconds(a.mean_duration_ms),
  ]);
  printTable(out, ["AGENT", "STATE", "CURRENT", "LAST ACTIVITY", "RUNS", "SUCCESS", "MEAN"], rows);
}

function printAgent(out: Out, a: AgentDetail): void {
  out.line(`${paint(out, "bold", a.name)}  ${paint(out, STATE_STYLE[a.state] ?? "dim", a.state)}`);
  const current = a.current
    ? `${a.current.id} "${a.current.title}" (${a.current.via === "claim" ? "claimed" : `step ${a.current.step}`})`
    : "none";
  const facts: [string, string][] = [
    ["current", current],
    ["last heartbeat", a.last_heartbeat ?? "-"],
    ["last activity", a.last_activity ?? "-"],
    ["runs", `${a.runs} (${a.succeeded} succeeded, ${a.failed} failed, ${a.interrupted} interrupted)`],
    ["success rate", percent(a.success_rate)],
    ["mean duration", seconds(a.mean_duration_ms)],
  ];
  for (const [name, value] of facts) out.line(`  ${paint(out, "dim", name.padEnd(14))} ${value}`);
  if (a.tickets.length > 0) {
    out.line(`\n${paint(out, "bold", "Tickets")}`);
    for (const t of a.tickets) out.line(`  ${t.id}  ${t.status}  ${t.roles.join(", ")}  ${t.title}`);
  }
  if (a.recent_runs.length > 0) {
    out.line(`\n${paint(out, "bold", "Latest runs")}`);
    for (const r of a.recent_runs) {
      out.line(
        `  ${r.finished}  ${r.ticket}  ${r.outcome} (exit ${r.exit_code}, ${seconds(r.duration_ms)})  ${r.command}`,
      );
    }
  }
}
