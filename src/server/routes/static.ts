import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { type Context, Hono } from "hono";

/**
 * The dashboard's built files (`vite build` into dist/web): exact files with their content type,
 * hashed assets cached for a year, and every other non-API path answered with index.html so the
 * dashboard's own routes (`/board`, `/ticket/TSK-1`) survive a reload.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** Vite names every file under assets/ by its content hash: it never changes under that name. */
const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/**
 * Where the built dashboard is: beside the compiled server (dist/server/routes → dist/web), beside
 * the bundled CLI's chunks (dist/chunks → dist/web), or dist/web from the sources (tests).
 */
export function findWebRoot(from = import.meta.url): string | undefined {
  const here = fileURLToPath(new URL(".", from));
  const candidates = [join(here, "../web"), join(here, "../../web"), join(here, "../../../dist/web")];
  return candidates.find((dir) => existsSync(join(dir, "index.html")));
}

interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly type: string;
}

export function staticRoutes(webRoot: string | undefined = findWebRoot()): Hono {
  const app = new Hono();
  const root = webRoot === undefined ? undefined : resolve(webRoot);
  const cache = new Map<string, Asset>();

  const read = (file: string): Asset | undefined => {
    const known = cache.get(file);
    if (known) return known;
    if (!existsSync(file) || !statSync(file).isFile()) return undefined;
    const asset = {
      body: readFileSync(file),
      type: CONTENT_TYPES[extname(file)] ?? "application/octet-stream",
    };
    cache.set(file, asset);
    return asset;
  };

  app.on(["GET", "HEAD"], "*", (c) => {
    const path = c.req.path;
    if (path === "/api" || path.startsWith("/api/")) return c.notFound();
    if (root === undefined) return notBuilt(c);
    const file = fileFor(root, path);
    const asset = file === undefined ? undefined : read(file);
    if (asset) return send(c, asset, path.startsWith("/assets/") ? IMMUTABLE : REVALIDATE);
    // A missing file (a stale asset name) is a 404; a route of the dashboard gets the page.
    if (extname(path) !== "") return c.notFound();
    const index = read(join(root, "index.html"));
    return index ? send(c, index, REVALIDATE) : notBuilt(c);
  });
  return app;
}

/** The file a URL path names inside `root`, or undefined when it would leave it. */
function fileFor(root: string, path: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (decoded.includes("\0")) return undefined;
  const file = resolve(root, `.${decoded}`);
  if (file !== root && !file.startsWith(root + sep)) return undefined;
  return file === root ? undefined : file;
}

function send(c: Context, asset: Asset, cacheControl: string): Response {
  c.header("Content-Type", asset.type);
  c.header("Cache-Control", cacheControl);
  c.header("Content-Length", String(asset.body.byteLength));
  if (c.req.method === "HEAD") return c.body(null);
  return c.body(asset.body);
}

function notBuilt(c: Context): Response {
  c.header("Cache-Control", REVALIDATE);
  return c.text("The dashboard is not built: run `npm run build` (it builds web/ into dist/web).", 503);
}
