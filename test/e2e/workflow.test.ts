import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../../src/service/init.js";
import { TicketService } from "../../src/service/ticket-service.js";

const exec = promisify(execFile);
const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
let root: string;

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(agent: string, ...args: string[]): Promise<Exit> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, "--root", root, ...args], {
      env: { ...process.env, TRACKDOWN_AGENT: agent, NO_COLOR: "1" },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function ok(agent: string, ...args: string[]): Promise<string> {
  const result = await cli(agent, ...args);
  if (result.code !== 0)
    throw new Error(`trackdown ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

const statusOf = async (id: string): Promise<string> =>
  (JSON.parse(await ok("pm", "show", id, "--json")) as { status: string }).status;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-workflow-"));
  await initProject(root);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const AGENTS = ["Research Agent", "Engineer Agent", "QA Agent"];

describe("agent workflows through the CLI", () => {
  it("walks three agents through start, progress and done; the ticket status follows", async () => {
    const id = (await ok("pm", "create", "Ship the importer")).trim();
    const attached = JSON.parse(await ok("pm", "orchestrate", id, "--agents", AGENTS.join(","), "--json"));
    expect(attached.current).toEqual({ step: 1, agent: "Research Agent", status: "pending" });

    for (const [i, agent] of AGENTS.entries()) {
      const started = JSON.parse(await ok(agent, "step", "start", id, "--json"));
      expect(started).toMatchObject({
        step: i + 1,
        agent,
        status: "in_progress",
        ticket: { status: "in_progress" },
      });
      await ok("pm", "step", "progress", id, "--agent", agent, "--percent", "60", "--note", "most of it");
      const view = JSON.parse(await ok("pm", "workflow", "show", id, "--json"));
      expect(view.steps[i]).toMatchObject({ status: "in_progress", progress: 60, note: "most of it" });
      const done = JSON.parse(await ok(agent, "step", "done", id, "--json"));
      expect(done).toMatchObject({ step: i + 1, status: "completed", progress: 100 });
      expect(done.ticket.status).toBe(i < AGENTS.length - 1 ? "in_progress" : "completed");
    }
    expect(await statusOf(id)).toBe("completed");
    const finished = JSON.parse(await ok("pm", "workflow", "show", id, "--json"));
    expect(finished).toMatchObject({ finished: true, current: null, status: "completed" });

    const text = await ok("pm", "workflow", "show", id);
    expect(text).toContain("1. Research Agent  completed");
    expect(text).toContain("workflow finished");
  });

  it("blocks the ticket when a step fails, with the reason in the activity log", async () => {
    const id = (await ok("pm", "create", "Fragile")).trim();
    await ok("pm", "orchestrate", id, "--agents", "Research Agent", "--agents", "QA Agent");
    await ok("Research Agent", "step", "start", id);
    const noReason = await cli("Research Agent", "step", "fail", id);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("needs a reason");
    await ok("Research Agent", "step", "fail", id, "--reason", "source data missing");
    expect(await statusOf(id)).toBe("blocked");
    const shown = JSON.parse(await ok("pm", "show", id, "--json")) as { activity: { text: string }[] };
    expect(shown.activity.map((a) => a.text)).toContain(
      "workflow step 1/2 (Research Agent) failed: source data missing",
    );
  });

  it("refuses out-of-order steps and unknown agents with the expected agent named", async () => {
    const id = (await ok("pm", "create", "Ordered")).trim();
    await ok("pm", "orchestrate", id, "--agents", AGENTS.join(","));
    const early = await cli("QA Agent", "step", "start", id);
    expect(early.code).toBe(4);
    expect(early.stderr).toContain("It is Research Agent's turn");
    const stranger = await cli("Designer", "step", "start", id);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toContain("its agents are: Research Agent, Engineer Agent, QA Agent");
    const badPercent = await cli("Research Agent", "step", "progress", id, "--percent", "120");
    expect(badPercent.code).toBe(2);
    expect(badPercent.stderr).toContain('--percent must be a whole number from 0 to 100; got "120"');
    await ok("Research Agent", "step", "start", id);
    const replace = await cli("pm", "orchestrate", id, "--agents", "Solo");
    expect(replace.code).toBe(4);
    expect(replace.stderr).toContain("pass --force to replace it");
  });

  it("prints a context pack with every section, within a character budget", async () => {
    const id = (
      await ok("pm", "create", "Context", "-b", "Long text. ".repeat(200), "--criteria", "Works")
    ).trim();
    await ok("pm", "orchestrate", id, "--agents", "Engineer Agent");
    await ok("Engineer Agent", "step", "start", id);
    const service = TicketService.open({ root, actor: "pm" });
    for (let i = 0; i < 12; i += 1) await service.comment(id, `comment ${i}`);
    await service.flush();
    service.close();
    const full = await ok("pm", "context", id);
    for (const section of [
      "## Description",
      "## Acceptance criteria",
      "## Dependencies",
      "## Children",
      "## Workflow",
      "## Claim",
      "## Last run",
      "## Activity (last 10 of",
    ]) {
      expect(full).toContain(section);
    }
    const small = await ok("pm", "context", id, "--max-chars", "900");
    expect(small.length).toBeLessThanOrEqual(900);
    expect(small).toContain("## Workflow\n1. Engineer Agent: in_progress 0% ← current");
    const json = JSON.parse(await ok("pm", "context", id, "--json", "--activity", "3"));
    expect(json.activity).toHaveLength(3);
    expect(json.workflow.current).toEqual({ step: 1, agent: "Engineer Agent", status: "in_progress" });
    const bad = await cli("pm", "context", id, "--max-chars", "lots");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-chars must be a whole number; got "lots"');
  });

  it("lists agents with their state and current ticket", async () => {
    const id = (await ok("pm", "create", "Watched")).trim();
    await ok("pm", "orchestrate", id, "--agents", "Engineer Agent,QA Agent");
    await ok("Engineer Agent", "step", "start", id);
    const agents = JSON.parse(await ok("pm", "agents", "--json")) as { name: string; state: string }[];
    expect(agents.map((a) => [a.name, a.state])).toEqual([
      ["Engineer Agent", "active"],
      ["QA Agent", "idle"],
    ]);
    const engineer = JSON.parse(await ok("pm", "agents", "show", "engineer agent", "--json"));
    expect(engineer).toMatchObject({
      name: "Engineer Agent",
      current: { id, via: "step", step: 1 },
      tickets: [{ id, roles: ["assignee", "step 1 (in_progress)"] }],
    });
    const unknown = await cli("pm", "agents", "show", "Nobody");
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('No agent named "Nobody"; agents seen: Engineer Agent, QA Agent');
  });
});
