import { existsSync, readFileSync } from "node:fs";

let cached: string | undefined;

/**
 * The package's version from its package.json, found relative to this module whether it runs
 * from src/server/, dist/server/ or a bundle chunk in dist/chunks/.
 */
export function packageVersion(): string {
  cached ??= findVersion();
  return cached;
}

function findVersion(): string {
  for (const candidate of ["../package.json", "../../package.json", "../../../package.json"]) {
    const url = new URL(candidate, import.meta.url);
    if (!existsSync(url)) continue;
    try {
      const pkg = JSON.parse(readFileSync(url, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "trackdown" && pkg.version) return pkg.version;
    } catch {
      // Not ours or not JSON: keep looking.
    }
  }
  return "unknown";
}
