import type { Command } from "@commander-js/extra-typings";
import { orchestrateWorkflow, viewWorkflow } from "../../service/workflows.js";
import { collect, examples, withService } from "../context.js";
import { printWorkflow } from "./workflow.js";

/** `orchestrate <id> --agents "A,B,C"`: attach an ordered agent workflow to a ticket. */
export function registerOrchestrate(program: Command): void {
  program
    .command("orchestrate")
    .description("Attach an ordered workflow of agent steps to a ticket (each agent works in turn)")
    .argument("<id>", "ticket ID or unique prefix")
    .requiredOption("--agents <names>", "agents in order, comma-separated (repeatable)", collect)
    .option("--force", "replace a workflow whose steps have already started")
    .option("--json", "print the workflow as JSON")
    .addHelpText(
      "after",
      examples([
        'trackdown orchestrate TSK-7f3k --agents "Research Agent,Engineer Agent,QA Agent"',
        "trackdown orchestrate TSK-7f3k --agents engineer --agents qa --force",
      ]),
    )
    .action(async (id, options, command) => {
      await withService(command, async (service, out) => {
        const ticket = await orchestrateWorkflow(service, id, options.agents, { force: options.force });
        const view = viewWorkflow(ticket);
        if (options.json) return out.json(view);
        if (!out.tty) return out.line(ticket.id);
        printWorkflow(out, view);
      });
    });
}
