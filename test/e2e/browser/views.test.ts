/**
 * Every view of the dashboard on the demo project (`scripts/demo.mjs`, the one `npm start`
 * serves), in the light and the dark scheme, with a screenshot of each in test-artifacts/.
 */
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers.js";
import { launchChromium, removeProject, type Served, screenshot, serve } from "./harness.js";

let browser: Browser;
let server: Served;
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "td-demo-"));
  await promisify(execFile)(process.execPath, [join(REPO_ROOT, "scripts", "demo.mjs"), root, "--no-serve"]);
  server = await serve(root);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (root) await removeProject(root);
});

/** Each view, what shows that it rendered, and what it must contain. */
const VIEWS: readonly [name: string, path: string, ready: string, contains: RegExp][] = [
  ["board", "/board", "a.card", /40 tickets/],
  ["board-lanes", "/board?lanes=assignee", ".lane", /coder-agent/],
  ["list", "/list?sort=-updated", "td.cell-title a", /40 tickets/],
  ["agents", "/agents", ".agent-row", /coder-agent.*active/is],
  ["metrics", "/stats", "svg.chart", /Throughput per week.*Cycle time.*Burndown.*Aging work in progress/is],
  ["registry", "/registry", ".registry table", /Acme Checkout/],
];

async function open(page: Page, path: string, ready: string): Promise<string> {
  await page.goto(`${server.url}${path}`);
  await page.locator(ready).first().waitFor();
  await page
    .locator(".live-live")
    .waitFor()
    .catch(async (error: Error) => {
      const state = await page.locator(".live").textContent();
      throw new Error(`${path}: the live stream is "${state}": ${error.message}`);
    });
  return (await page.locator("main").textContent()) ?? "";
}

describe.each(["light", "dark"] as const)("every view, %s scheme", (scheme) => {
  it("renders the demo project and is saved as a screenshot", async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: scheme });
    const errors: string[] = [];
    /** Each view in a page of its own, as when opened from a bookmark. */
    const fresh = async (): Promise<Page> => {
      for (const old of context.pages()) await old.close();
      const page = await context.newPage();
      page.on("pageerror", (error) => errors.push(error.message));
      return page;
    };
    try {
      for (const [name, path, ready, contains] of VIEWS) {
        const page = await fresh();
        expect(await open(page, path, ready), name).toMatch(contains);
        await screenshot(page, `view-${name}-${scheme}`);
      }
      // A ticket with a workflow part-way through, runs and comments.
      const page = await fresh();
      await open(page, "/list?q=is:active&sort=-updated", "td.cell-title a");
      await page.locator("td.cell-title a").first().click();
      await page.locator(".ticket-title").waitFor();
      await screenshot(page, `view-ticket-${scheme}`);
      const withFlow = await page.evaluate(async () => {
        const answer = await fetch("/api/tickets?q=is:active&limit=50");
        const { tickets } = (await answer.json()) as { tickets: { id: string; workflow?: unknown[] }[] };
        return tickets.find((t) => (t.workflow ?? []).length > 0)?.id;
      });
      expect(withFlow).toBeDefined();
      const text = await open(page, `/ticket/${withFlow}`, ".steps");
      expect(text).toMatch(/Workflow.*planner-agent.*coder-agent.*reviewer-agent/s);
      await screenshot(page, `view-ticket-workflow-${scheme}`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
