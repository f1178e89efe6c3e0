/**
 * The dashboard in a real browser (Debian's Chromium through playwright-core) against
 * `trackdown serve` on a throw-away project: what a person sees and does, and that changes made
 * elsewhere (the CLI) show up live.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  card,
  cli,
  column,
  type Fixture,
  launchChromium,
  makeFixture,
  removeProject,
  type Served,
  screenshot,
  serve,
  ticketFile,
} from "./harness.js";

let browser: Browser;
let fixture: Fixture;
let server: Served;
let context: BrowserContext;
let page: Page;
/** Dialogs (alert, confirm) the page opened: hostile text must never open one. */
let dialogs: string[];
let pageErrors: string[];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  fixture = await makeFixture();
  server = await serve(fixture.root);
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: "light" });
  page = await context.newPage();
  dialogs = [];
  pageErrors = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

afterEach(async () => {
  await context?.close();
  await server?.stop();
  await removeProject(fixture.root);
  expect(pageErrors).toEqual([]);
});

describe("board", () => {
  it("shows the project's tickets in a column per status", async () => {
    await page.goto(`${server.url}/board`);
    await expect.poll(() => card(page, fixture.movable).isVisible()).toBe(true);
    for (const status of ["pending", "in_progress", "review", "blocked", "completed", "cancelled"]) {
      expect(await column(page, status).count(), status).toBe(1);
    }
    const pending = column(page, "pending");
    expect(await pending.locator(`a.card[data-id="${fixture.gated}"]`).textContent()).toContain(
      "Import fails on duplicate IDs",
    );
    expect(await column(page, "in_progress").textContent()).toContain("Add retries to the uploader");
    expect(await column(page, "completed").textContent()).toContain("Write the release notes");
    expect(await page.locator(".live-live").textContent()).toContain("Live");
  });

  it("moves a ticket when its card is dragged to another column: the file changes folder", async () => {
    await page.goto(`${server.url}/board`);
    await card(page, fixture.movable).waitFor();
    expect((await ticketFile(fixture.root, fixture.movable))?.folder).toBe("pending");
    await card(page, fixture.movable).dragTo(column(page, "in_progress"));
    await expect
      .poll(async () => (await ticketFile(fixture.root, fixture.movable))?.folder)
      .toBe("in-progress");
    expect((await ticketFile(fixture.root, fixture.movable))?.text).toMatch(/^status: in_progress$/m);
    await expect
      .poll(() => column(page, "in_progress").locator(`a.card[data-id="${fixture.movable}"]`).count())
      .toBe(1);
  });

  it("shows the gate's message when the workflow refuses a move, and the card goes back", async () => {
    await page.goto(`${server.url}/board`);
    await card(page, fixture.gated).waitFor();
    const before = await ticketFile(fixture.root, fixture.gated);
    await card(page, fixture.gated).dragTo(column(page, "completed"));
    const toast = page.locator(".toast-error");
    await toast.waitFor();
    const message = (await toast.textContent()) ?? "";
    expect(message).toContain(fixture.gated);
    expect(message).toMatch(/acceptance criteri/i);
    expect(message).toContain("reproduce with a fixture");
    await expect
      .poll(() => column(page, "pending").locator(`a.card[data-id="${fixture.gated}"]`).count())
      .toBe(1);
    expect(await column(page, "completed").locator(`a.card[data-id="${fixture.gated}"]`).count()).toBe(0);
    expect(await ticketFile(fixture.root, fixture.gated)).toEqual(before);
    await screenshot(page, "board-gate-refused");
  });

  it("shows a ticket created with the CLI while the page is open, without a reload", async () => {
    await page.goto(`${server.url}/board`);
    await card(page, fixture.movable).waitFor();
    await page.evaluate(() => {
      (globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true;
    });
    await cli(fixture.root, "create", "Created from the CLI just now", "--tag", "live");
    const created = page.locator("a.card", { hasText: "Created from the CLI just now" });
    await created.waitFor({ timeout: 5000 });
    expect(await column(page, "pending").locator("a.card", { hasText: "Created from the CLI" }).count()).toBe(
      1,
    );
    expect(
      await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
  });
});

describe("connection", () => {
  it("reconnects after the server restarts and shows what changed meanwhile", async () => {
    await page.goto(`${server.url}/board`);
    await page.locator(".live-live").waitFor();
    const port = Number(new URL(server.url).port);
    // Killed, as in a crash: a graceful stop with a browser attached takes ~30 s (reported).
    await server.stop("SIGKILL");
    await page.locator(".live-live").waitFor({ state: "detached" });
    await cli(fixture.root, "create", "Created while the server was down");
    server = await serve(fixture.root, {}, port);
    await page
      .locator("a.card", { hasText: "Created while the server was down" })
      .waitFor({ timeout: 15_000 });
    await page.locator(".live-live").waitFor();
  });

  it("asks for a token when the server needs one and keeps it for the tab", async () => {
    await server.stop();
    server = await serve(fixture.root, { TRACKDOWN_TOKEN: "s3cret-token" });
    await page.goto(`${server.url}/board`);
    const dialog = page.getByRole("dialog", { name: "This server needs a token" });
    await dialog.waitFor();
    await dialog.getByLabel("Access token").fill("s3cret-token");
    await dialog.getByRole("button", { name: "Connect" }).click();
    await card(page, fixture.movable).waitFor();
    await page.locator(".live-live").waitFor();
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
        ).sessionStorage.getItem("trackdown.token"),
      ),
    ).toBe("s3cret-token");
    await page.reload();
    await card(page, fixture.movable).waitFor();
    expect(await dialog.count()).toBe(0);
  });
});

describe("ticket", () => {
  it("shows a conflict instead of overwriting a change made underneath", async () => {
    await page.goto(`${server.url}/ticket/${fixture.movable}`);
    await page.getByTestId("edit-title").click();
    const input = page.getByRole("textbox", { name: "title" });
    await input.fill("My title from the dashboard");
    await cli(fixture.root, "update", fixture.movable, "--title", "Their title from the CLI");
    // The live stream shows the page that the ticket moved on while the editor stays open.
    await page.locator(".stale-note").waitFor();
    await page.getByRole("button", { name: "Save" }).click();
    const conflict = page.getByTestId("conflict");
    await conflict.waitFor();
    expect(await page.getByTestId("conflict-theirs").textContent()).toBe("Their title from the CLI");
    expect(await page.getByTestId("conflict-mine").textContent()).toBe("My title from the dashboard");
    const file = await ticketFile(fixture.root, fixture.movable);
    expect(file?.text).toContain("title: Their title from the CLI");
    expect(file?.text).not.toContain("My title from the dashboard");
    await screenshot(page, "ticket-conflict");
    // Choosing to keep theirs writes nothing.
    await page.getByRole("button", { name: "Keep theirs" }).click();
    expect(await page.getByTestId("edit-title").textContent()).toContain("Their title from the CLI");
    expect((await ticketFile(fixture.root, fixture.movable))?.text).toEqual(file?.text);
  });

  it("saves an edit made on the current revision", async () => {
    await page.goto(`${server.url}/ticket/${fixture.movable}`);
    await page.getByTestId("edit-title").click();
    await page.getByRole("textbox", { name: "title" }).fill("Survey every export format");
    await page.keyboard.press("Enter");
    await expect
      .poll(async () => (await ticketFile(fixture.root, fixture.movable))?.text)
      .toContain("title: Survey every export format");
  });

  it("shows hostile ticket text as text and never runs it", async () => {
    await page.goto(`${server.url}/ticket/${fixture.hostile}`);
    const title = page.getByTestId("edit-title");
    await title.waitFor();
    expect(await title.textContent()).toContain("<script>window.__pwned = 'title'</script> Hostile title");
    const body = (await page.locator(".ticket-main").textContent()) ?? "";
    expect(body).toContain("An image: <img src=x onerror=\"window.__pwned = 'img'\">");
    expect(body).toContain("<script>window.__pwned = 'comment'</script> a comment");
    expect(body).toContain("[a link](javascript:window.__pwned='link')");
    expect(await page.locator(".ticket-page img, .ticket-page script, .ticket-page b").count()).toBe(0);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    await page.locator(".ticket-main").hover();
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: string }).__pwned),
    ).toBeUndefined();
    expect(dialogs).toEqual([]);
    // The same text on the board and in the list is text there too.
    await page.goto(`${server.url}/list`);
    await page.locator("td.cell-title", { hasText: "Hostile title" }).waitFor();
    expect(await page.locator("td.cell-title", { hasText: "<script>" }).count()).toBe(1);
    expect(
      await page.evaluate(() => (globalThis as unknown as { __pwned?: string }).__pwned),
    ).toBeUndefined();
  });
});

/** The in-progress backend ticket of the fixture, found by its title. */
function busyId(): string {
  const match = /([A-Z]+-[a-z0-9]+)-add-retries/.exec(
    readdirSync(join(fixture.root, "tickets", "in-progress")).join(" "),
  );
  if (!match?.[1]) throw new Error("fixture ticket missing");
  return match[1];
}

describe("query bar", () => {
  it("filters the list, and points at the bad token of a query the server refuses", async () => {
    await page.goto(`${server.url}/list`);
    await page.locator("td.cell-title", { hasText: "Survey the export formats" }).waitFor();
    const bar = page.getByRole("searchbox", { name: "Filter with the query language" });
    await bar.fill("tag:backend");
    await bar.press("Enter");
    await expect.poll(() => page.locator("tbody tr[data-row]").count()).toBe(2);
    const titles = await page.locator("td.cell-title").allTextContents();
    expect(titles.sort()).toEqual(["Add retries to the uploader", "Import fails on duplicate IDs"]);
    expect(page.url()).toContain("q=tag%3Abackend");

    await bar.fill("priority:>=high stauts:open");
    await bar.press("Enter");
    const error = page.getByTestId("query-error");
    await error.waitFor();
    expect(await page.getByTestId("query-error-token").textContent()).toBe("stauts");
    expect(await error.textContent()).toMatch(/stauts.*column 17/);
    // The underline sits under the bad token inside the input.
    expect(await page.locator(".query-bad").textContent()).toBe("stauts");
    const barBox = await bar.boundingBox();
    const markBox = await page.locator(".query-bad").boundingBox();
    expect(markBox && barBox && markBox.x > barBox.x + 100).toBe(true);
    await screenshot(page, "list-query-error");
  });

  it("selects rows from the keyboard and changes them together", async () => {
    await page.goto(`${server.url}/list?q=${encodeURIComponent("tag:backend")}&sort=id`);
    await page.locator('td.cell-title a[tabindex="0"]').focus();
    await page.keyboard.press("x");
    await page.keyboard.press("j");
    await page.keyboard.press("x");
    const bar = page.getByRole("region", { name: "Change the selected tickets" });
    await bar.waitFor();
    expect(await bar.textContent()).toContain("2 selected");
    await bar.getByLabel("Field to change").selectOption("priority");
    await bar.getByLabel("New value").selectOption("low");
    await bar.getByRole("button", { name: "Apply" }).click();
    await page.locator(".toast", { hasText: "Updated 2 of 2 tickets" }).waitFor();
    for (const id of [fixture.gated, busyId()]) {
      await expect.poll(async () => (await ticketFile(fixture.root, id))?.text).toMatch(/^priority: low$/m);
    }
  });

  it("filters the board with the same language", async () => {
    await page.goto(`${server.url}/board?q=${encodeURIComponent("tag:research")}`);
    await card(page, fixture.movable).waitFor();
    await expect.poll(() => page.locator("a.card").count()).toBe(1);
  });
});
