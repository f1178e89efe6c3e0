#!/usr/bin/env node
/**
 * Benchmark of the reporting commands on a generated project: `registry sync` and `stats`, as
 * CLI calls (child processes, process start included) and in-process through the library, plus
 * what automatic registry regeneration adds to a write (`comment` with registry.auto on / off).
 *
 *   node bench/reporting.mjs                      # 10k tickets, 10 runs; after `npm run build`
 *   node bench/reporting.mjs --size 1000 --runs 5
 *
 * Options: --size N (default 10000; k/m suffixes), --runs N (default 10), --seed N (default 1),
 * --baseline FILE (another build's CLI bundle, e.g. a worktree's dist/trackdown.cjs: every CLI row
 * then runs both, alternating call by call, and prints both medians — on a machine whose speed
 * drifts, the only fair way to compare two builds).
 * Data is generated with `node bench/generate.mjs` into bench/.data/reporting-<size>
 * (git-ignored) and reused while its manifest matches. Targets: `registry sync` and `stats`
 * under 500 ms per CLI call at 10k tickets. A miss is reported, never a failure; a command that
 * exits non-zero makes the run exit 1. Two rows give scale on a busy machine: `node -e 0` (process
 * start alone) and a one-row `list` (start, index refresh, a query). Rows marked "(serve running)"
 * time the same CLI calls while `trackdown serve` runs for the project and takes them.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
const cli = join(repo, "dist", "trackdown.cjs");
const dist = (path) => pathToFileURL(join(repo, "dist", path)).href;
const TARGET_MS = 500;

if (!existsSync(cli)) {
  console.error("dist/ is missing: run `npm run build` first.");
  process.exit(2);
}

const { readManifest, GENERATOR_VERSION } = await import("./generate.mjs");
const { startServe } = await import("./serve-process.mjs");
const { TicketService } = await import(dist("service/ticket-service.js"));
const { Project } = await import(dist("service/project.js"));
const { syncRegistry } = await import(dist("service/registry.js"));
const { projectStats } = await import(dist("service/stats.js"));

function parseArgs(argv) {
  const options = { size: 10_000, runs: 10, seed: 1, baseline: undefined };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? "";
    if (argv[i] === "--size") options.size = parseSize(value());
    else if (argv[i] === "--runs") options.runs = Math.max(1, Number.parseInt(value(), 10) || 10);
    else if (argv[i] === "--seed") options.seed = Number.parseInt(value(), 10) || 1;
    else if (argv[i] === "--baseline") options.baseline = value();
    else throw new Error(`Unknown option ${argv[i]}; accepted: --size, --runs, --seed, --baseline`);
  }
  return options;
}

function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`Bad size "${text}"; write 10000, 10k or 1m`);
  return Math.round(Number(match[1]) * { "": 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()]);
}

function ensureData(size, seed) {
  const dir = join(here, ".data", `reporting-${size}`);
  const manifest = readManifest(dir);
  if (manifest?.count === size && manifest.seed === seed && manifest.generator === GENERATOR_VERSION)
    return dir;
  console.error(`Generating ${size} tickets into ${dir} ...`);
  const args = [join(here, "generate.mjs"), dir, String(size), "--seed", String(seed), "--force"];
  const result = spawnSync(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (result.status !== 0) process.exit(1);
  return dir;
}

/** CLI calls run in their own process, unless a row says a running server may take them. */
const standaloneEnv = {
  ...process.env,
  TRACKDOWN_AGENT: "bench-agent",
  NO_COLOR: "1",
  TRACKDOWN_STANDALONE: "1",
};
const servedEnv = { ...standaloneEnv };
delete servedEnv.TRACKDOWN_STANDALONE;

function runCli(root, args, bin = cli, env = standaloneEnv) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [bin, "--root", root, ...args], { env, encoding: "utf8" });
  const ms = performance.now() - started;
  if (result.status !== 0) {
    console.error(`trackdown ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
    process.exit(1);
  }
  return ms;
}

function timeProcess([command, ...args]) {
  const started = performance.now();
  spawnSync(command, args);
  return performance.now() - started;
}

function measure(runs, warmups, once) {
  for (let i = 0; i < warmups; i++) once();
  return stats(Array.from({ length: runs }, () => once()));
}

/** `once(bin)` for this build and the baseline, alternating which goes first, run by run. */
function measurePair(runs, warmups, baseline, once) {
  const ours = [];
  const theirs = [];
  for (let i = 0; i < warmups; i++) {
    once(cli);
    once(baseline);
  }
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      ours.push(once(cli));
      theirs.push(once(baseline));
    } else {
      theirs.push(once(baseline));
      ours.push(once(cli));
    }
  }
  return { ...stats(ours), baseline: stats(theirs) };
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
  return { median: at(0.5), p90: at(0.9), min: sorted[0], samples: sorted };
}

async function measureAsync(runs, warmups, once) {
  for (let i = 0; i < warmups; i++) await once();
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    samples.push(performance.now() - started);
  }
  return stats(samples);
}

function setAuto(root, auto) {
  const file = join(root, ".trackdown", "config.yaml");
  const text = readFileSync(file, "utf8").replace(/\nregistry:\n {2}auto: (true|false)\n/, "\n");
  writeFileSync(file, `${text.endsWith("\n") ? text : `${text}\n`}registry:\n  auto: ${auto}\n`);
}

async function main() {
  const { size, runs, seed, baseline } = parseArgs(process.argv.slice(2));
  if (baseline !== undefined && !existsSync(baseline))
    throw new Error(`--baseline ${baseline}: no such file`);
  const root = ensureData(size, seed);
  const registryFile = join(root, "TICKET_REGISTRY.md");
  const sampleId = readManifest(root).sample?.show;
  setAuto(root, true);
  runCli(root, ["reindex"]);

  const rows = [];
  const row = (name, result, target) => rows.push({ name, ...result, target });
  /** A CLI row: `args` through this build (and the baseline's, when given); `before` runs first each time. */
  const cliRow = (name, args, { target, warmups = 1, before = () => {} } = {}) => {
    const once = (bin) => {
      before();
      return runCli(root, args, bin);
    };
    row(
      name,
      baseline === undefined
        ? measure(runs, warmups, () => once(cli))
        : measurePair(runs, warmups, baseline, once),
      target,
    );
  };
  // For scale on a loaded machine: process start alone, and a small indexed read.
  row(
    "node -e 0 (process start)",
    measure(runs, 1, () => timeProcess([process.execPath, "-e", "0"])),
  );
  cliRow("list status:in_progress --limit 1", ["list", "status:in_progress", "--limit", "1"]);
  cliRow("registry sync (rewrites the file)", ["registry", "sync"], {
    target: TARGET_MS,
    before: () => rmSync(registryFile, { force: true }),
  });
  cliRow("registry sync (unchanged)", ["registry", "sync"], { target: TARGET_MS });
  cliRow("stats", ["stats"], { target: TARGET_MS });
  cliRow("stats --json", ["stats", "--json"], { target: TARGET_MS });
  cliRow("stats type:bug priority:>=high", ["stats", "type:bug", "priority:>=high"]);

  // The same reports while `trackdown serve` runs: the CLI hands them to it (this build only).
  const server = await startServe(cli, root, standaloneEnv);
  const servedRow = (name, args, before = () => {}) =>
    row(
      `${name} (serve running)`,
      measure(runs, 1, () => {
        before();
        return runCli(root, args, cli, servedEnv);
      }),
      TARGET_MS,
    );
  try {
    servedRow("registry sync (rewrites the file)", ["registry", "sync"], () =>
      rmSync(registryFile, { force: true }),
    );
    servedRow("registry sync (unchanged)", ["registry", "sync"]);
    servedRow("stats", ["stats"]);
    servedRow("stats --json", ["stats", "--json"]);
    const expected = 4 * (runs + 1);
    const ran = await server.commandsRun(expected);
    if (ran !== expected) console.error(`warning: the server ran ${ran} of the ${expected} served calls`);
  } finally {
    await server.stop();
  }

  const project = Project.open({ root });
  const service = new TicketService(project, { actor: "bench-agent" });
  row("lib: syncRegistry (unchanged)", await measureAsync(runs, 1, () => syncRegistry(project)));
  row("lib: projectStats", await measureAsync(runs, 1, async () => projectStats(service)));
  service.close();

  if (sampleId) {
    setAuto(root, false);
    cliRow("comment, registry.auto off", ["comment", sampleId, "bench note"], { warmups: 2 });
    setAuto(root, true);
    cliRow("comment, registry.auto on", ["comment", sampleId, "bench note"], { warmups: 2 });
  }
  print(size, runs, rows, baseline);
}

function print(size, runs, rows, baseline) {
  const fmt = (ms) => (ms === undefined ? "" : ms.toFixed(0)).padStart(6);
  console.log(
    `\nReporting benchmark: ${size} tickets, ${runs} runs each; ${cpus().length} CPUs, load ${loadavg()[0].toFixed(2)}`,
  );
  if (baseline) console.log(`baseline: ${baseline} (run alternately with this build)`);
  const extra = baseline ? `${"base".padStart(8)}${"Δ".padStart(8)}` : "";
  console.log(
    `${"measurement".padEnd(38)}${"median".padStart(8)}${"p90".padStart(8)}${"min".padStart(8)}${extra}  target`,
  );
  for (const r of rows) {
    const verdict = r.target === undefined ? "" : `< ${r.target} ms ${r.median < r.target ? "PASS" : "MISS"}`;
    const base = r.baseline
      ? `  ${fmt(r.baseline.median)}  ${fmt(r.median - r.baseline.median)}`
      : baseline
        ? " ".repeat(16)
        : "";
    console.log(`${r.name.padEnd(38)}${fmt(r.median)}  ${fmt(r.p90)}  ${fmt(r.min)}${base}  ${verdict}`);
  }
  const head = baseline ? " baseline median ms |" : "";
  console.log(
    `\n| measurement | median ms | p90 ms | min ms |${head}\n| --- | ---: | ---: | ---: |${baseline ? " ---: |" : ""}`,
  );
  for (const r of rows) {
    const base = baseline ? ` ${r.baseline ? r.baseline.median.toFixed(0) : ""} |` : "";
    console.log(`| ${r.name} | ${r.median.toFixed(0)} | ${r.p90.toFixed(0)} | ${r.min.toFixed(0)} |${base}`);
  }
}

await main();
