import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  describeRun,
  parseTicketText,
  type RunResult,
  TestProject,
  type TicketJson,
  ticketFiles,
} from "./helpers.js";

/** Many CLI processes at once, as a team of agents would run them (DESIGN §7). */

const SLOW = 300_000;

function expectAllSucceeded(runs: { args: string[]; result: RunResult }[]): void {
  for (const { args, result } of runs) {
    expect(result.code, describeRun(args, result)).toBe(0);
    expect(result.stderr, describeRun(args, result)).toBe("");
  }
}

describe("concurrent writers", () => {
  it(
    "20 processes creating tickets at once get 20 files with 20 distinct IDs",
    async ({ onTestFinished }) => {
      const project = await TestProject.create(onTestFinished);
      const runs = await Promise.all(
        Array.from({ length: 20 }, async (_, i) => {
          const args = ["create", `Concurrent ticket ${i}`, "--tag", `batch,n${i}`, "--json"];
          return { args, result: await project.run(args, { agent: `creator-${i}` }) };
        }),
      );
      expectAllSucceeded(runs);
      const created = runs.map(({ result }) => JSON.parse(result.stdout) as TicketJson);
      const ids = created.map((t) => t.id);
      expect(new Set(ids).size).toBe(20);

      const files = await ticketFiles(project.root);
      expect(files).toHaveLength(20);
      expect(new Set(files)).toEqual(new Set(created.map((t) => t.path)));
      for (const [i, ticket] of created.entries()) {
        expect(ticket.path).toMatch(new RegExp(`^tickets/pending/${ticket.id}-concurrent-ticket-${i}\\.md$`));
        const { data, body } = parseTicketText(await project.readText(ticket.path));
        expect(data).toMatchObject({ id: ticket.id, title: `Concurrent ticket ${i}`, status: "pending" });
        expect(data.tags).toEqual(["batch", `n${i}`]);
        // Each process acted as its own agent.
        expect(body).toContain(` creator-${i}: created`);
      }

      const [list, validate] = await Promise.all([project.list(), project.run(["validate"])]);
      expect(list.total).toBe(20);
      expect(list.problems).toEqual([]);
      expect(new Set(list.tickets.map((t) => t.id))).toEqual(new Set(ids));
      expect(validate.code, describeRun(["validate"], validate)).toBe(0);
    },
    SLOW,
  );

  it(
    "20 processes changing different fields of one ticket at once lose none of the changes",
    async ({ onTestFinished }) => {
      const project = await TestProject.create(onTestFinished);
      const target = await project.createTicket("Hot ticket", ["--tag", "seed"]);
      const jobs: { args: string[]; agent: string }[] = [];
      for (let i = 1; i <= 20; i += 1) {
        const args = ["update", target.id, "--set", `field_${i}=value_${i}`];
        if (i % 2 === 0) args.push("--add-tag", `tag${i}`);
        if (i === 1) args.push("--priority", "critical");
        if (i === 2) args.push("--assignee", "writer-2");
        jobs.push({ args, agent: `writer-${i}` });
      }
      jobs.push({ args: ["comment", target.id, "first comment from the crowd"], agent: "commenter-1" });
      jobs.push({ args: ["comment", target.id, "second comment from the crowd"], agent: "commenter-2" });
      // A transition moves the file to another folder while the others write to it.
      jobs.push({ args: ["start", target.id], agent: "starter" });

      const runs = await Promise.all(
        jobs.map(async ({ args, agent }) => ({ args, result: await project.run(args, { agent }) })),
      );
      expectAllSucceeded(runs);

      const files = await ticketFiles(project.root);
      expect(files).toHaveLength(1);
      const path = files[0] ?? "";
      expect(path).toMatch(new RegExp(`^tickets/in-progress/${target.id}-hot-ticket\\.md$`));
      const { data } = parseTicketText(await project.readText(path));
      for (let i = 1; i <= 20; i += 1) expect(data[`field_${i}`], `field_${i}`).toBe(`value_${i}`);
      const expectedTags = ["seed", ...Array.from({ length: 10 }, (_, k) => `tag${(k + 1) * 2}`)];
      expect([...(data.tags as string[])].sort()).toEqual(expectedTags.sort());
      expect(data).toMatchObject({ priority: "critical", assignee: "writer-2", status: "in_progress" });

      const shown = await project.show(target.id);
      expect(shown.path).toBe(path);
      for (let i = 1; i <= 20; i += 1) expect(shown[`field_${i}`]).toBe(`value_${i}`);
      const comments = (shown.activity ?? []).filter((a) => a.kind === "comment");
      expect(comments.map((c) => [c.author, c.text]).sort()).toEqual([
        ["commenter-1", "first comment from the crowd"],
        ["commenter-2", "second comment from the crowd"],
      ]);
      expect(
        shown.activity?.some((a) => a.author === "starter" && /pending → in_progress/.test(a.text)),
      ).toBe(true);

      const validate = await project.run(["validate"]);
      expect(validate.code, describeRun(["validate"], validate)).toBe(0);
    },
    SLOW,
  );

  it(
    "sequential IDs stay distinct and gap-free with 10 processes creating at once",
    async ({ onTestFinished }) => {
      const project = await TestProject.create(onTestFinished);
      const configFile = project.path(".trackdown", "config.yaml");
      const config = await readFile(configFile, "utf8");
      expect(config).toMatch(/^ids: random$/m);
      await writeFile(configFile, config.replace(/^ids: random$/m, "ids: sequential"));

      const runs = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const args = ["create", `Sequential ticket ${i}`, "--json"];
          return { args, result: await project.run(args, { agent: `seq-${i}` }) };
        }),
      );
      expectAllSucceeded(runs);
      const ids = runs.map(({ result }) => (JSON.parse(result.stdout) as TicketJson).id);
      const expected = Array.from({ length: 10 }, (_, i) => `TSK-${String(i + 1).padStart(4, "0")}`);
      expect([...ids].sort()).toEqual(expected);

      const files = await ticketFiles(project.root);
      expect(files).toHaveLength(10);
      const list = await project.list();
      expect(list.total).toBe(10);
      expect(list.tickets.map((t) => t.id).sort()).toEqual(expected);
      const validate = await project.run(["validate"]);
      expect(validate.code, describeRun(["validate"], validate)).toBe(0);
    },
    SLOW,
  );
});
