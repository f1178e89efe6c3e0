import type { Command } from "@commander-js/extra-typings";
import { type WorkflowView, workflowOf } from "../../service/workflows.js";
import { examples, withService } from "../context.js";
import { type Out, paint, type Style } from "../output.js";

/** `workflow show <id>`: a ticket's agent steps and which one is due. */
export function registerWorkflow(program: Command): void {
  const workflow = program.command("workflow").description("Inspect a ticket's agent workflow");
  workflow
    .command("show")
    .description("Show a ticket's workflow steps, their progress and the step now due")
    .argument("<id>", "ticket ID or unique prefix")
    .option("--json", "print the workflow as JSON")
    .addHelpText(
      "after",
      examples(["trackdown workflow show TSK-7f3k", "trackdown workflow show TSK-7f3k --json"]),
    )
    .action(async (id, options, command) => {
      await withService(command, (service, out) => {
        const view = workflowOf(service, id);
        if (options.json) return out.json(view);
        printWorkflow(out, view);
      });
    });
}

const STEP_STYLE: Record<string, Style> = {
  pending: "dim",
  in_progress: "yellow",
  completed: "green",
  failed: "red",
  skipped: "dim",
};

export function printWorkflow(out: Out, view: WorkflowView): void {
  out.line(`${paint(out, "cyan", view.id)}  ${paint(out, "bold", view.title)}  (${view.status})`);
  if (view.steps.length === 0) {
    out.line(`  no workflow; attach one with: trackdown orchestrate ${view.id} --agents "A,B"`);
    return;
  }
  for (const step of view.steps) {
    const due = view.current?.step === step.step ? "→" : " ";
    const progress = step.status === "in_progress" ? ` ${step.progress}%` : "";
    const when = step.finished ?? step.started;
    const parts = [
      `${due} ${step.step}. ${step.agent}`,
      paint(out, STEP_STYLE[step.status] ?? "dim", `${step.status}${progress}`),
      when ? paint(out, "dim", when) : "",
      step.note ? `— ${step.note}` : "",
    ];
    out.line(`  ${parts.filter((p) => p !== "").join("  ")}`);
  }
  if (view.finished) out.line("  workflow finished");
}
