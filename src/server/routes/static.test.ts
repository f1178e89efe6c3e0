import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { staticRoutes } from "./static.js";

let base: string;
let dir: string;
let app: Hono;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "td-static-"));
  dir = join(base, "web");
  mkdirSync(join(dir, "assets"), { recursive: true });
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>Trackdown</title>");
  writeFileSync(join(dir, "assets", "index-a1b2.js"), "console.log(1)");
  writeFileSync(join(dir, "assets", "index-a1b2.css"), "body{}");
  writeFileSync(join(dir, "favicon.svg"), "<svg/>");
  writeFileSync(join(base, "td-static-secret.txt"), "secret");
  app = new Hono();
  app.notFound((c) => c.json({ error: { code: "NOT_FOUND" } }, 404));
  app.get("/api/tickets", (c) => c.json([]));
  app.route("/", staticRoutes(dir));
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

describe("staticRoutes", () => {
  it("serves built files with their content type; hashed assets are cached for good", async () => {
    const js = await app.request("/assets/index-a1b2.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");
    expect(await js.text()).toBe("console.log(1)");
    const css = await app.request("/assets/index-a1b2.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const svg = await app.request("/favicon.svg");
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(svg.headers.get("cache-control")).toBe("no-cache");
  });

  it("answers the dashboard's own routes with index.html, revalidated each time", async () => {
    for (const path of ["/", "/board", "/ticket/TSK-1a2b", "/list?q=status:pending"]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(await response.text()).toContain("<title>Trackdown</title>");
    }
  });

  it("leaves /api to the API: an unknown API path is the API's JSON 404, not the page", async () => {
    expect(await (await app.request("/api/tickets")).json()).toEqual([]);
    const missing = await app.request("/api/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: "NOT_FOUND" } });
  });

  it("never serves a file outside the build, and a missing asset is a 404", async () => {
    for (const path of [
      "/../td-static-secret.txt",
      "/%2e%2e/td-static-secret.txt",
      "/assets/%2e%2e%2f..%2ftd-static-secret.txt",
    ]) {
      const response = await app.request(path);
      expect(await response.text(), path).not.toContain("secret");
    }
    expect((await app.request("/assets/index-old.js")).status).toBe(404);
  });

  it("says how to build the dashboard when it is missing", async () => {
    const bare = new Hono().route("/", staticRoutes(join(dir, "nowhere")));
    const response = await bare.request("/board");
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run build");
  });
});
