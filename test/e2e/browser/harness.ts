/**
 * What the browser tests share: Debian's Chromium driven by playwright-core (never a downloaded
 * browser), `trackdown serve` on a free loopback port over a throw-away project, the built CLI
 * for changes made "elsewhere", and screenshots into test-artifacts/.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { initProject } from "../../../src/service/init.js";
import { TicketService } from "../../../src/service/ticket-service.js";
import { REPO_ROOT, type RunResult, runCli } from "../helpers.js";

export const CHROMIUM = process.env.TRACKDOWN_CHROMIUM || "/usr/bin/chromium";
export const ARTIFACTS = join(REPO_ROOT, "test-artifacts");
const BUNDLE = join(REPO_ROOT, "dist", "trackdown.cjs");
const BUILT_PAGE = join(REPO_ROOT, "dist", "web", "index.html");

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the browser tests drive Debian's chromium (apt-get install chromium; .ci/run installs it) and never download a browser. Set TRACKDOWN_CHROMIUM to use another binary.`,
    );
  }
  if (!existsSync(BUILT_PAGE)) throw new Error(`${BUILT_PAGE} is missing: run npm run build first`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

export interface Served {
  readonly url: string;
  readonly root: string;
  /** SIGTERM (graceful) by default; SIGKILL for a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `trackdown serve` on `root` (any free port unless told); resolves with the URL it prints. */
export function serve(root: string, env: Record<string, string> = {}, port = 0): Promise<Served> {
  const args = [BUNDLE, "--root", root, "serve", "--port", String(port)];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, TRACKDOWN_AGENT: "dashboard-test", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let seen = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const url = /at (http:\/\/\S+)/.exec(seen)?.[1];
      if (url) {
        resolve({
          url,
          root,
          stop: async (signal: NodeJS.Signals = "SIGTERM") => {
            child.kill(signal);
            await exited;
          },
        });
      }
    });
    child.once("exit", (code) => reject(new Error(`trackdown serve exited with ${code}: ${seen}`)));
  });
}

/** The built CLI against `root`, as another process (an agent, a person in a terminal). */
export async function cli(root: string, ...args: string[]): Promise<RunResult> {
  const result = await runCli(["--root", root, ...args], { cwd: root, agent: "cli-agent" });
  if (result.code !== 0) throw new Error(`trackdown ${args.join(" ")} failed: ${result.stderr}`);
  return result;
}

export interface Fixture {
  readonly root: string;
  /** A pending task without criteria: free to move. */
  readonly movable: string;
  /** A pending bug with unchecked acceptance criteria: the `completed` gate refuses it. */
  readonly gated: string;
  /** A ticket whose text is an XSS attempt. */
  readonly hostile: string;
  readonly epic: string;
}

export const HOSTILE_TITLE = "<script>window.__pwned = 'title'</script> Hostile title";
export const HOSTILE_BODY = [
  "An image: <img src=x onerror=\"window.__pwned = 'img'\">",
  "",
  "[a link](javascript:window.__pwned='link') and <b onmouseover=\"window.__pwned='b'\">bold?</b>",
].join("\n");

/** A small project with an epic, tickets in several statuses, a gate to trip and hostile text. */
export async function makeFixture(): Promise<Fixture> {
  const root = await mkdtemp(join(tmpdir(), "td-browser-"));
  await initProject(root, { project: "Browser fixture" });
  const service = TicketService.open({ root, actor: "fixture", onWarning: () => {} });
  try {
    const epic = await service.create({ type: "epic", title: "Checkout revamp", priority: "high" });
    const movable = await service.create({
      title: "Survey the export formats",
      parent: epic.id,
      assignee: "research-agent",
      tags: ["research"],
    });
    const gated = await service.create({
      type: "bug",
      title: "Import fails on duplicate IDs",
      priority: "critical",
      parent: epic.id,
      tags: ["importer", "backend"],
      criteria: ["reproduce with a fixture", "duplicates get fresh IDs"],
    });
    const hostile = await service.create({
      title: HOSTILE_TITLE,
      description: HOSTILE_BODY,
      tags: ["security"],
    });
    await service.comment(hostile.id, "<script>window.__pwned = 'comment'</script> a comment");
    const busy = await service.create({
      title: "Add retries to the uploader",
      tags: ["backend"],
      assignee: "coder-agent",
    });
    await service.transition(busy.id, "in_progress");
    const done = await service.create({ title: "Write the release notes", priority: "low", tags: ["docs"] });
    await service.transition(done.id, "completed");
    await service.flush();
    return { root, movable: movable.id, gated: gated.id, hostile: hostile.id, epic: epic.id };
  } finally {
    service.close();
  }
}

export const removeProject = (root: string): Promise<void> => rm(root, { recursive: true, force: true });

/** The folder under tickets/ that holds the ticket's file, and the file's text. */
export async function ticketFile(
  root: string,
  id: string,
): Promise<{ folder: string; text: string } | undefined> {
  for (const folder of await readdir(join(root, "tickets"))) {
    const files = await readdir(join(root, "tickets", folder)).catch(() => []);
    const file = files.find((f) => f.startsWith(`${id}-`) || f === `${id}.md`);
    if (file) return { folder, text: await readFile(join(root, "tickets", folder, file), "utf8") };
  }
  return undefined;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** A card on the board, by ticket ID. */
export const card = (page: Page, id: string) => page.locator(`a.card[data-id="${id}"]`);
/** A board column, by status name. */
export const column = (page: Page, status: string) => page.locator(`section.column[data-status="${status}"]`);
