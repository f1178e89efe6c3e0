import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Run } from "../../src/core/schema.js";
import { initProject } from "../../src/service/init.js";
import { type TicketDetail, TicketService } from "../../src/service/ticket-service.js";

const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
let root: string;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `trackdown --root <root> ...args` as `agent`; `waitFor` resolves once stdout shows `text`. */
function start(agent: string, args: string[], input = "") {
  const child = spawn(process.execPath, [CLI, "--root", root, ...args], {
    env: { ...process.env, TRACKDOWN_AGENT: agent, NO_COLOR: "1" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers: { text: string; resolve: () => void }[] = [];
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const w of watchers.filter((w) => stdout.includes(w.text))) w.resolve();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(input);
  const exited = new Promise<Exit>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  const waitFor = (text: string) =>
    new Promise<void>((resolve) => {
      if (stdout.includes(text)) resolve();
      else watchers.push({ text, resolve });
    });
  return { child, exited, waitFor };
}

const cli = (agent: string, args: string[], input = ""): Promise<Exit> => start(agent, args, input).exited;

function read(id: string): TicketDetail {
  const service = TicketService.open({ root, actor: "test" });
  try {
    return service.get(id);
  } finally {
    service.close();
  }
}

async function create(title: string, extra: { criteria?: string[] } = {}): Promise<string> {
  const service = TicketService.open({ root, actor: "pm" });
  try {
    return (await service.create({ title, ...extra })).id;
  } finally {
    await service.flush();
    service.close();
  }
}

const node = (script: string) => ["--", process.execPath, "-e", script];

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-run-"));
  await initProject(root);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("trackdown run", () => {
  it("records a succeeding and a failing run with outcome and exit code, and passes the code on", async () => {
    const id = await create("Build it");
    const ok = await cli("engineer", ["run", id, ...node("console.log('all good')")]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toBe("all good\n");
    expect(ok.stderr).toContain(`${id}: run`);
    expect(ok.stderr).toContain("succeeded (exit 0");
    expect(read(id).status).toBe("completed");

    const bad = await cli("engineer", ["run", id, ...node("console.error('boom'); process.exit(3)")]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain("boom\n");
    const ticket = read(id);
    expect(ticket.status).toBe("blocked");
    const runs = ticket.runs ?? [];
    expect(runs.map((r: Run) => [r.agent, r.outcome, r.exit_code, r.output_tail])).toEqual([
      ["engineer", "succeeded", 0, "all good"],
      ["engineer", "failed", 3, "boom"],
    ]);
    for (const run of runs) {
      expect(run.duration_ms).toBeGreaterThanOrEqual(0);
      expect(run.command).toContain(process.execPath);
    }
    const log = ticket.activity.map((a) => a.text);
    expect(log.filter((t) => t.startsWith("run `"))).toHaveLength(2);
    expect(log).toContain("status in_progress → blocked");

    const agents = await cli("pm", ["agents", "--json"]);
    const engineer = (
      JSON.parse(agents.stdout) as { name: string; runs: number; success_rate: number }[]
    ).find((a) => a.name === "engineer");
    expect(engineer).toMatchObject({ runs: 2, success_rate: 0.5 });
  });

  it("passes stdin through to the command", async () => {
    const id = await create("Echo");
    const echoed = await cli(
      "engineer",
      ["run", id, ...node("process.stdin.pipe(process.stdout)")],
      "from stdin\n",
    );
    expect(echoed.code).toBe(0);
    expect(echoed.stdout).toBe("from stdin\n");
  });

  it("records a missing command as failed with exit code 127", async () => {
    const id = await create("Missing");
    const missing = await cli("engineer", ["run", id, "--", "no-such-command-for-trackdown"]);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toContain('cannot run "no-such-command-for-trackdown": command not found');
    expect(read(id).runs?.[0]).toMatchObject({ outcome: "failed", exit_code: 127 });
  });

  it("records an interrupted run when trackdown gets SIGTERM, and releases the agent's claim", async () => {
    const id = await create("Long job");
    const claimed = await cli("engineer", ["claim", id]);
    expect(claimed.code, claimed.stderr).toBe(0);
    const running = start("engineer", [
      "run",
      id,
      ...node("console.log('started'); setInterval(() => {}, 1000)"),
    ]);
    await running.waitFor("started\n");
    running.child.kill("SIGTERM");
    const exit = await running.exited;
    expect(exit.code).toBe(143);
    expect(exit.stderr).toContain("interrupted (exit 143");
    expect(exit.stderr).toContain("claim released");
    const ticket = read(id);
    expect(ticket.runs?.[0]).toMatchObject({
      outcome: "interrupted",
      exit_code: 143,
      output_tail: "started",
    });
    expect(ticket.claim).toBeUndefined();
    expect(ticket.assignee).toBeUndefined();
    expect(ticket.status).toBe("pending");
    expect(ticket.activity.map((a) => a.text)).toContain("released the claim (run interrupted)");
  });

  it("still records the run when the reader of its output goes away (trackdown run ... | head)", async () => {
    const id = await create("Piped");
    const script =
      "process.stdout.on('error', () => process.exit(9)); setInterval(() => console.log('line'), 2)";
    const piped = start("engineer", ["run", id, ...node(script)]);
    await piped.waitFor("line\n");
    piped.child.stdout.destroy();
    const exit = await piped.exited;
    expect(exit.code).toBe(9);
    expect(read(id).runs?.[0]).toMatchObject({ outcome: "failed", exit_code: 9 });
  });

  it("records a command killed by a signal as interrupted with 128 + the signal's number", async () => {
    const id = await create("Killed");
    const killed = await cli("engineer", ["run", id, ...node("process.kill(process.pid, 'SIGKILL')")]);
    expect(killed.code).toBe(137);
    expect(read(id).runs?.[0]).toMatchObject({ outcome: "interrupted", exit_code: 137 });
  });

  it("works the agent's workflow step: done on success, failed (ticket blocked) on failure", async () => {
    const id = await create("Stepwise");
    expect((await cli("pm", ["orchestrate", id, "--agents", "engineer,qa"])).code).toBe(0);
    const early = await cli("qa", ["run", id, ...node("")]);
    expect(early.code).toBe(4);
    expect(early.stderr).toContain("It is engineer's turn");

    expect((await cli("engineer", ["run", id, ...node("")])).code).toBe(0);
    let ticket = read(id);
    expect(ticket.status).toBe("in_progress");
    expect(ticket.workflow?.map((s) => s.status)).toEqual(["completed", "pending"]);

    expect((await cli("qa", ["run", id, ...node("process.exit(2)")])).code).toBe(2);
    ticket = read(id);
    expect(ticket.status).toBe("blocked");
    expect(ticket.workflow?.[1]).toMatchObject({ status: "failed", note: "run failed with exit code 2" });
    expect(ticket.runs?.map((r) => [r.agent, r.step, r.outcome])).toEqual([
      ["engineer", 1, "succeeded"],
      ["qa", 2, "failed"],
    ]);
  });

  it("still records a succeeding run when a gate refuses completion, and says why on stderr", async () => {
    const id = await create("Gated", { criteria: ["Reviewed"] });
    const gated = await cli("engineer", ["run", id, ...node("")]);
    expect(gated.code).toBe(0);
    expect(gated.stderr).toContain('1 acceptance criteria unchecked: "Reviewed"');
    const ticket = read(id);
    expect(ticket.status).toBe("in_progress");
    expect(ticket.runs?.[0]?.outcome).toBe("succeeded");
  });

  it("asks for a command when none is given", async () => {
    const id = await create("Nothing");
    const none = await cli("engineer", ["run", id]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`run needs a command after "--", e.g. trackdown run ${id} -- npm test`);
  });
});
