import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

/** The dashboard: built into dist/web, which the server serves (src/server/routes/static.ts). */
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:4600", "/health": "http://127.0.0.1:4600" },
  },
});
