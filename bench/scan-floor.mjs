#!/usr/bin/env node
/**
 * The floor under every warm CLI read: a fresh Node process that lists `tickets/` and stats each
 * file, as the index's freshness check must (DESIGN §6: path, size and mtime), and does nothing
 * else — no Trackdown module, no index, no output. `node bench/scan-floor.mjs <project dir>`.
 */
import { readdirSync, statSync } from "node:fs";

let files = 0;
const walk = (dir, depth) => {
  for (const name of readdirSync(dir)) {
    if (name.startsWith(".")) continue;
    const stat = statSync(`${dir}/${name}`, { throwIfNoEntry: false });
    if (stat?.isDirectory() && depth < 3) walk(`${dir}/${name}`, depth + 1);
    else if (stat?.isFile()) files += 1;
  }
};
walk(`${process.argv[2] ?? "."}/tickets`, 1);
if (files === 0) process.exitCode = 1;
