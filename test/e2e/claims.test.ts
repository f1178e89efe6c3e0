import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../../src/service/init.js";
import { TicketService } from "../../src/service/ticket-service.js";

const run = promisify(execFile);
const CLI = join(import.meta.dirname, "../../dist/trackdown.cjs");
let root: string;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-claim-race-"));
  await initProject(root);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

interface Outcome {
  agent: string;
  code: number;
  stdout: string;
  stderr: string;
}

async function nextClaim(agent: string): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [CLI, "--root", root, "next", "--claim", "--json"],
      {
        env: { ...process.env, TRACKDOWN_AGENT: agent },
      },
    );
    return { agent, code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { agent, code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("next --claim under contention", () => {
  it("16 agents racing for 10 ready tickets: 10 claims, each ticket once, 6 told nothing is ready", async () => {
    const service = TicketService.open({ root, actor: "pm" });
    for (let i = 0; i < 10; i += 1) await service.create({ title: `Ready ticket ${i}` });
    service.close();

    const outcomes = await Promise.all(Array.from({ length: 16 }, (_, i) => nextClaim(`agent-${i}`)));

    const winners = outcomes.filter((o) => o.code === 0);
    const losers = outcomes.filter((o) => o.code !== 0);
    expect(winners).toHaveLength(10);
    const claimed = winners.map((w) => JSON.parse(w.stdout) as { id: string; claim: { agent: string } });
    expect(new Set(claimed.map((t) => t.id)).size).toBe(10);
    for (const [i, ticket] of claimed.entries()) expect(ticket.claim.agent).toBe(winners[i]?.agent);
    expect(losers).toHaveLength(6);
    for (const loser of losers) {
      expect(loser.code, loser.stderr).toBe(3);
      expect(loser.stderr, loser.stderr).toContain("Nothing ready");
    }

    const check = TicketService.open({ root, actor: "pm" });
    try {
      const onDisk = check.list("is:claimed").tickets;
      expect(onDisk).toHaveLength(10);
      expect(onDisk.every((t) => t.status === "in_progress")).toBe(true);
      expect(new Set(onDisk.map((t) => t.claim?.agent)).size).toBe(10);
    } finally {
      check.close();
    }
  });
});
