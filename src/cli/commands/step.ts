import type { Command } from "@commander-js/extra-typings";
import { invalidInput } from "../../core/errors.js";
import type { TicketService } from "../../service/ticket-service.js";
import {
  type StepResult,
  stepDone,
  stepFail,
  stepProgress,
  stepSkip,
  stepStart,
} from "../../service/workflows.js";
import { examples, withService } from "../context.js";

interface StepFlags {
  note?: string;
  reason?: string;
  percent?: string;
  json?: boolean;
}

type Act = (service: TicketService, id: string, flags: StepFlags) => Promise<StepResult>;

const ACTIONS: [string, string, Act][] = [
  [
    "start",
    "Start your due step (the first start puts the ticket in progress)",
    (s, id, f) => stepStart(s, id, f.note),
  ],
  [
    "progress",
    "Report progress on your running step (--percent N, optional --note)",
    (s, id, f) => stepProgress(s, id, parsePercent(f.percent), f.note),
  ],
  [
    "done",
    "Finish your step (the last one completes the ticket, through its gates)",
    (s, id, f) => stepDone(s, id, f.note),
  ],
  [
    "fail",
    "Fail your step with --reason; the ticket moves to blocked",
    (s, id, f) => stepFail(s, id, f.reason ?? f.note ?? ""),
  ],
  [
    "skip",
    "Skip your due step (skipping the last one completes the ticket)",
    (s, id, f) => stepSkip(s, id, f.reason ?? f.note),
  ],
];

/** `step start|progress|done|fail|skip <id>`: the acting agent (--agent) works on its step. */
export function registerStep(program: Command): void {
  const step = program
    .command("step")
    .description("Work on your step of a ticket's agent workflow (you are --agent NAME or $TRACKDOWN_AGENT)");
  for (const [name, summary, act] of ACTIONS) {
    step
      .command(name)
      .description(summary)
      .argument("<id>", "ticket ID or unique prefix")
      .option("--percent <n>", "progress, a whole number from 0 to 100 (step progress)")
      .option("--note <text>", "a note kept on the step and in the activity log")
      .option("--reason <text>", "why (required by step fail)")
      .option("--json", "print the step as JSON")
      .addHelpText("after", examples(exampleLines(name)))
      .action(async (id, options, command) => {
        await withService(command, async (service, out) => {
          const result = await act(service, id, options);
          const { ticket, step: number, state } = result;
          if (options.json) {
            return out.json({ step: number, ...state, ticket: { id: ticket.id, status: ticket.status } });
          }
          const progress = state.status === "in_progress" ? ` ${state.progress}%` : "";
          const line = `${ticket.id}: step ${number}/${ticket.workflow?.length ?? number} (${state.agent}) ${state.status}${progress}; ticket ${ticket.status}`;
          out.line(out.tty ? line : ticket.id);
        });
      });
  }
}

function exampleLines(name: string): string[] {
  const agent = '--agent "Engineer Agent"';
  switch (name) {
    case "progress":
      return [`trackdown step progress TSK-7f3k --percent 60 --note "parser done" ${agent}`];
    case "fail":
      return [`trackdown step fail TSK-7f3k --reason "API key missing" ${agent}`];
    default:
      return [
        `trackdown step ${name} TSK-7f3k ${agent}`,
        `TRACKDOWN_AGENT="QA Agent" trackdown step ${name} TSK-7f3k`,
      ];
  }
}

function parsePercent(text: string | undefined): number {
  if (text === undefined)
    throw invalidInput("step progress needs --percent N (0 to 100)", { field: "percent" });
  const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 0 && value <= 100)) {
    throw invalidInput(`--percent must be a whole number from 0 to 100; got "${text}"`, {
      field: "percent",
      value: text,
    });
  }
  return value;
}
