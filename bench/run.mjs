#!/usr/bin/env node
/**
 * Trackdown benchmark: wall time of real CLI calls (child processes) and of index refreshes
 * (in-process, through the library) on generated projects of several sizes.
 *
 *   npm run bench                                   # 1k, 10k, 100k; builds first
 *   node bench/run.mjs --sizes 1000,10000 --runs 15 # after `npm run build`
 *
 * Options:
 *   --sizes a,b,c   ticket counts (default 1000,10000,100000)
 *   --runs N        timed runs per measurement (default 15); cold index runs are fewer
 *   --cold-runs N   runs of the cold measurements (default 5, and 3 from 100k tickets)
 *   --seed N        generator seed (default 1)
 *   --no-create     skip the `create` measurement
 *   --no-cold       skip the cold-index measurements (minutes at 100k tickets)
 *   --cpu           also measure each CLI call's CPU time (a preload; adds ~15 ms of wall time)
 *   --out FILE      JSON results (default bench/results.json); --no-json to skip writing
 *   --merge a,b     measure nothing: report saved results files as one (later files win a size)
 *
 * Data sets are generated once into bench/.data/<size> (git-ignored) and reused. Figures are
 * printed against the targets as PASS/MISS; a miss never fails the run (exit code 0). Only a
 * command that fails (non-zero exit) makes the run exit 1, since its figures mean nothing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { arch, cpus, loadavg, platform, release, totalmem } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..");
/** The CLI as installed: package.json's `bin.trackdown` (a bundle, or dist/cli/main.js). */
const cli = join(
  repo,
  JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).bin?.trackdown ?? "dist/cli/main.js",
);
const unbundled = join(repo, "dist", "cli", "main.js");

if (!existsSync(cli)) {
  console.error("dist/ is missing: run `npm run build` first (or `npm run bench`, which builds).");
  process.exit(2);
}

const { generateProject, readManifest, GENERATOR_VERSION } = await import("./generate.mjs");
const { startBackground, startServe } = await import("./serve-process.mjs");
/** config.background.from_tickets's default: the bench's projects keep it. */
const BACKGROUND_FROM = 2000;
const { TicketService } = await import(
  pathToFileURL(join(repo, "dist", "service", "ticket-service.js")).href
);

// ---------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const options = {
    sizes: [1000, 10_000, 100_000],
    runs: 15,
    coldRuns: undefined,
    seed: 1,
    create: true,
    cold: true,
    cpu: false,
    out: join(here, "results.json"),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--sizes") options.sizes = value().split(",").map(parseSize);
    else if (arg === "--runs") options.runs = positiveInt(arg, value());
    else if (arg === "--cold-runs") options.coldRuns = positiveInt(arg, value());
    else if (arg === "--seed") options.seed = positiveInt(arg, value());
    else if (arg === "--no-create") options.create = false;
    else if (arg === "--no-cold") options.cold = false;
    else if (arg === "--cpu") options.cpu = true;
    else if (arg === "--no-cpu") options.cpu = false;
    else if (arg === "--merge") options.merge = value().split(",");
    else if (arg === "--out") options.out = value();
    else if (arg === "--no-json") options.out = undefined;
    else if (arg === "-h" || arg === "--help") {
      console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
      process.exit(0);
    } else throw new Error(`Unknown option ${arg}`);
  }
  return options;
}

/** `1000`, `10k`, `100k`, `1m`. */
function parseSize(text) {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!match) throw new Error(`Bad size "${text}"`);
  const factor = { "": 1, k: 1000, m: 1_000_000 }[match[2].toLowerCase()];
  return Math.round(Number(match[1]) * factor);
}

function positiveInt(flag, text) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a whole number ≥ 1, not "${text}"`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

function stats(samples, cpuSamples = []) {
  const sorted = [...samples].sort((a, b) => a - b);
  const median =
    sorted.length % 2 === 1
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return {
    runs: sorted.length,
    median: round(median),
    p90: round(percentile(sorted, 90)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    samples: samples.map(round),
    ...(cpuSamples.length > 0 ? { cpu: cpuStats(cpuSamples) } : {}),
  };
}

/** CPU time of the same runs: median, p90, min. */
function cpuStats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: round(median), p90: round(percentile(sorted, 90)), min: round(sorted[0]) };
}

const round = (ms) => Math.round(ms * 10) / 10;

/** CLI calls run in their own process, even if a `trackdown serve` happens to run for the data set. */
const childEnv = {
  ...process.env,
  TRACKDOWN_AGENT: "bench-agent",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
  TRACKDOWN_STANDALONE: "1",
  // No background index either: the served rows below start their own `trackdown serve`.
  TRACKDOWN_BACKGROUND: "0",
};
delete childEnv.TRACKDOWN_ROOT;
/** CLI calls that a running `trackdown serve` may take (docs/server.md). */
const servedEnv = { ...childEnv };
delete servedEnv.TRACKDOWN_STANDALONE;

const CPU_MARK = /\n?@@trackdown-bench (\{.*\})\n?/;
const cpuPreload = ["--import", pathToFileURL(join(here, "cpu-preload.mjs")).href];
/**
 * Set from --cpu: CLI rows then also have CPU time, through a preload that itself adds about
 * 15 ms of wall time to every call (measured: `node -e 0` 125 -> 141 ms), so wall times are
 * measured without it by default.
 */
let measureCpu = true;

/** Runs a command once; returns its wall time in ms, its CPU time (when measured) and its output. */
function spawnTimed(args, env = childEnv) {
  const started = performance.now();
  const result = spawnSync(process.execPath, measureCpu ? [...cpuPreload, ...args] : args, {
    cwd: repo,
    env,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  const mark = CPU_MARK.exec(result.stderr);
  const cpuMs = mark ? JSON.parse(mark[1]).cpuMs : undefined;
  const stderr = mark ? result.stderr.replace(CPU_MARK, "") : result.stderr;
  return { ms, cpuMs, status: result.status, stdout: result.stdout, stderr };
}

class CommandFailed extends Error {}

function describe(args) {
  return `node ${args.map((a) => (a.includes(" ") ? JSON.stringify(a) : a)).join(" ")}`;
}

function runChecked(label, args, env) {
  const run = spawnTimed(args, env);
  if (run.status !== 0) {
    throw new CommandFailed(`${label}: \`${describe(args)}\` exited ${run.status}\n${run.stderr.trim()}`);
  }
  return run;
}

/**
 * Times several CLI calls interleaved: `warmup` untimed rounds, then `runs` rounds that each run
 * every command once, in an order that rotates per round. A burst of load from elsewhere on the
 * machine then hits all commands alike instead of one command's whole series.
 * Returns, per key, stats plus the number of lines the last run printed.
 */
function timeCliInterleaved(commands, { runs, warmup = 1 }) {
  const samples = commands.map(() => []);
  const cpu = commands.map(() => []);
  const last = commands.map(() => "");
  for (let round = 0; round < warmup + runs; round++) {
    for (let k = 0; k < commands.length; k++) {
      const index = (k + round) % commands.length;
      const { key, args, env } = commands[index];
      const run = runChecked(key, args, env);
      if (round >= warmup) {
        samples[index].push(run.ms);
        if (run.cpuMs !== undefined) cpu[index].push(run.cpuMs);
      }
      last[index] = run.stdout;
    }
  }
  return new Map(
    commands.map(({ key }, i) => [
      key,
      {
        ...stats(samples[i], cpu[i]),
        outputLines: last[i] === "" ? 0 : last[i].replace(/\n$/, "").split("\n").length,
      },
    ]),
  );
}

/** Times one CLI call `runs` times, running `before` (untimed) ahead of each. */
function timeCliSeries(label, args, { runs, before }) {
  const samples = [];
  const cpu = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const run = runChecked(label, args);
    samples.push(run.ms);
    if (run.cpuMs !== undefined) cpu.push(run.cpuMs);
  }
  return stats(samples, cpu);
}

/** Times an in-process function: `warmup` untimed calls, then `runs` timed ones. */
function timeLib(fn, { runs, warmup = 1, before } = {}) {
  const samples = [];
  const cpu = [];
  let result;
  for (let i = 0; i < warmup + runs; i++) {
    before?.();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    result = fn();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpuBefore);
    if (i >= warmup) {
      samples.push(ms);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  return { ...stats(samples, cpu), result };
}

function removeIndex(dir) {
  const file = join(dir, ".trackdown", "cache", "index.db");
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

const CREATED_MARK = "bench-created";

/** Removes tickets left by `create` runs (this run's or an interrupted earlier run's). */
function removeCreated(dir) {
  let removed = 0;
  const tickets = join(dir, "tickets");
  for (const folder of readdirSync(tickets, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const name of readdirSync(join(tickets, folder.name))) {
      if (name.includes(`-${CREATED_MARK}-`)) {
        rmSync(join(tickets, folder.name, name));
        removed += 1;
      }
    }
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------
// Data sets

async function ensureDataSet(size, seed) {
  const dir = join(here, ".data", String(size));
  const manifest = readManifest(dir);
  if (
    manifest &&
    manifest.generator === GENERATOR_VERSION &&
    manifest.count === size &&
    manifest.seed === seed
  ) {
    const leftovers = removeCreated(dir);
    if (leftovers > 0) log(`  removed ${leftovers} tickets left by an earlier create run`);
    return { dir, manifest, generated: false };
  }
  log(`  generating ${size} tickets into ${relative(repo, dir)} (seed ${seed})...`);
  const fresh = await generateProject(dir, size, { seed, force: true, log });
  log(
    `  generated ${fresh.count} tickets, ${(fresh.bytes / 1e6).toFixed(1)} MB, in ${(fresh.generatedInMs / 1000).toFixed(1)} s`,
  );
  return { dir, manifest: fresh, generated: true };
}

function log(line) {
  process.stderr.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Targets (DESIGN goals for the CLI; figures, not assertions)

const TARGETS = [
  { size: 10_000, match: (key) => key.startsWith("list ") || key.startsWith("search "), limit: 150 },
  { size: 10_000, match: (key) => key.startsWith("create"), limit: 150 },
  { size: 10_000, match: (key) => key === "refresh warm (lib)", limit: 60 },
  { size: 100_000, match: (key) => key.startsWith("search "), limit: 300 },
];

function targetFor(size, key) {
  return TARGETS.find((t) => t.size === size && t.match(key));
}

// ---------------------------------------------------------------------------------------------
// One size

async function benchSize(size, options) {
  log(`\n== ${size} tickets`);
  const { dir, manifest } = await ensureDataSet(size, options.seed);
  const result = { size, dir: relative(repo, dir), manifest: summarizeManifest(manifest), rows: [] };
  const loadBefore = loadavg()[0];
  try {
    await measureSize(result, dir, manifest, options);
  } catch (error) {
    if (!(error instanceof CommandFailed)) throw error;
    result.error = error.message;
    log(`\nERROR at ${size} tickets: ${error.message}`);
  }
  // The 1-minute load average around the measurements: other work on the machine skews them.
  result.loadAverage = { before: round(loadBefore), after: round(loadavg()[0]) };
  return result;
}

async function measureSize(result, dir, manifest, options) {
  const { size } = result;
  const runs = options.runs;
  const coldRuns = options.coldRuns ?? (size >= 100_000 ? 3 : Math.min(5, runs));
  const at = (...args) => [cli, "--root", dir, ...args];
  const rows = result.rows;
  const add = (key, kind, result, note = "") => {
    const target = targetFor(size, key);
    const verdict = target ? (result.median < target.limit ? "PASS" : "MISS") : "";
    const { lastStdout, result: _ignored, ...figures } = result;
    rows.push({ key, kind, ...figures, target: target?.limit ?? null, verdict, note });
    log(
      `  ${key.padEnd(40)} median ${String(result.median).padStart(8)} ms  p90 ${String(result.p90).padStart(8)}  min ${String(result.min).padStart(8)}${result.cpu ? `  cpu ${String(result.cpu.median).padStart(8)}` : ""}${verdict ? `  ${verdict} (< ${target.limit})` : ""}`,
    );
  };

  // Process start (what every CLI call pays before Trackdown does anything) and module load.
  const baselines = [
    { key: "node -e 0", args: ["-e", "0"], kind: "process" },
    {
      key: "node: stat every ticket file",
      args: [join(here, "scan-floor.mjs"), dir],
      kind: "process",
      note: "the freshness check alone, no Trackdown code",
    },
    { key: "trackdown --version", args: [cli, "--version"], kind: "cli", note: relative(repo, cli) },
  ];
  if (cli !== unbundled && existsSync(unbundled)) {
    baselines.push({
      key: "--version via dist/cli/main.js",
      args: [unbundled, "--version"],
      kind: "cli",
      note: "unbundled modules, for comparison",
    });
  }
  const base = timeCliInterleaved(baselines, { runs, warmup: 1 });
  for (const { key, kind, note } of baselines) add(key, kind, base.get(key), note);

  // Cold index: no index.db, so the first command reads every file.
  if (options.cold) {
    const cold = timeCliSeries("cold list", at("list", "status:in_progress", "--limit", "1"), {
      runs: coldRuns,
      before: () => removeIndex(dir),
    });
    add("index cold: first list (CLI)", "cli", cold, "index.db deleted before each run");
  }

  // In-process: the library's refresh (nothing changed) and a full rebuild.
  const service = TicketService.open({ root: dir, actor: "bench-agent" });
  try {
    service.refresh();
    const warm = timeLib(() => service.refresh(), { runs, warmup: 2 });
    add("refresh warm (lib)", "lib", warm, `scanned ${warm.result.scanned}, changed ${warm.result.changed}`);
    if (options.cold) {
      const rebuild = timeLib(() => service.reindex(), { runs: coldRuns, warmup: 0 });
      add("reindex cold (lib)", "lib", rebuild, `scanned ${rebuild.result.scanned}`);
    }
  } finally {
    service.close();
  }

  // Warm CLI reads, interleaved.
  const { rare, common } = manifest.planted;
  const reads = [
    { key: "show <id>", args: at("show", manifest.sample.show), note: () => manifest.sample.show },
    {
      key: "list status:in_progress priority:>=high",
      args: at("list", "status:in_progress", "priority:>=high"),
      note: (r) => `${r.outputLines} tickets printed`,
    },
    {
      // One argument: a word starting with "-" on its own would be taken for an option.
      key: "list tag:security -tag:wontfix",
      args: at("list", "tag:security -tag:wontfix"),
      note: (r) => `${r.outputLines} tickets printed`,
    },
    {
      key: "search rare --limit 20",
      args: at("search", rare.term, "--limit", "20"),
      note: (r) => `"${rare.term}" in ${rare.tickets} tickets; ${r.outputLines} printed`,
    },
    {
      key: "search 10% --limit 20",
      args: at("search", common.term, "--limit", "20"),
      note: (r) => `"${common.term}" in ${common.tickets} tickets; ${r.outputLines} printed`,
    },
  ];
  const warmReads = timeCliInterleaved(reads, { runs, warmup: 2 });
  for (const { key, note } of reads) {
    const r = warmReads.get(key);
    add(key, "cli", r, note(r));
  }

  // The same reads while `trackdown serve` runs for the project: the CLI hands them to it.
  const server = await startServe(cli, dir, childEnv);
  try {
    const served = reads.map((read) => ({ ...read, key: `${read.key} (serve running)`, env: servedEnv }));
    const servedReads = timeCliInterleaved(served, { runs, warmup: 2 });
    const ran = await server.commandsRun(served.length * (runs + 2));
    for (const { key, note } of served) {
      const r = servedReads.get(key);
      add(key, "cli", r, `${note(r)}; client process only`);
    }
    log(`  the server ran ${ran} of ${served.length * (runs + 2)} of these calls`);
  } finally {
    await server.stop();
  }

  // The same reads with nobody starting a server: from_tickets on, the CLI starts a background index.
  if (manifest.count >= BACKGROUND_FROM) {
    const background = await startBackground(cli, dir, childEnv, reads[0].args);
    try {
      const onIt = reads.map((read) => ({ ...read, key: `${read.key} (background index)`, env: servedEnv }));
      const timed = timeCliInterleaved(onIt, { runs, warmup: 2 });
      const ran = await background.commandsRun(onIt.length * (runs + 2));
      for (const { key, note } of onIt) {
        const r = timed.get(key);
        add(key, "cli", r, `${note(r)}; started by the first CLI call`);
      }
      log(`  the background index ran ${ran} of ${onIt.length * (runs + 2)} of these calls`);
    } finally {
      background.stop();
    }
  }

  // Writes last: each create adds a ticket (removed again at the end), by the CLI's own process,
  // then with `trackdown serve` running, which takes it (docs/server.md).
  if (options.create) {
    let n = 0;
    const createArgs = () => {
      n += 1;
      return at(
        "create",
        `Bench created ${n} ticket`,
        "--type",
        "task",
        "--priority",
        "high",
        "--tag",
        "backend,performance",
        "--criteria",
        "It is measured",
        "--body",
        "Created by bench/run.mjs to time `trackdown create`.",
      );
    };
    const timeCreates = (key, env, note) => {
      const samples = [];
      const cpu = [];
      for (let i = 0; i < runs + 1; i++) {
        const run = runChecked(key, createArgs(), env);
        if (i > 0) {
          samples.push(run.ms);
          if (run.cpuMs !== undefined) cpu.push(run.cpuMs);
        }
      }
      add(key, "cli", stats(samples, cpu), note);
    };
    timeCreates("create", childEnv, "adds a ticket per run; registry regenerated");
    const creator = await startServe(cli, dir, childEnv);
    try {
      timeCreates("create (serve running)", servedEnv, "registry regenerated by the server before exit");
      const ran = await creator.commandsRun(runs + 1);
      log(`  the server ran ${ran} of ${runs + 1} creates`);
    } finally {
      await creator.stop();
    }
    const removed = removeCreated(dir);
    const service2 = TicketService.open({ root: dir, actor: "bench-agent" });
    service2.refresh();
    service2.close();
    log(`  removed the ${removed} created tickets`);
  }
}

function summarizeManifest(m) {
  return {
    seed: m.seed,
    count: m.count,
    megabytes: Math.round(m.bytes / 1e5) / 10,
    planted: {
      rare: { term: m.planted.rare.term, tickets: m.planted.rare.tickets },
      common: { term: m.planted.common.term, tickets: m.planted.common.tickets },
    },
    statuses: m.statuses,
    types: m.types,
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting

function pad(text, width, right = false) {
  const s = String(text);
  return right ? s.padStart(width) : s.padEnd(width);
}

function printTable(result) {
  const lines = [];
  const head = ["measurement", "median", "p90", "min", "cpu", "target", "", "note"];
  const body = result.rows.map((r) => [
    r.key,
    r.median.toFixed(1),
    r.p90.toFixed(1),
    r.min.toFixed(1),
    r.cpu ? r.cpu.median.toFixed(1) : "",
    r.target === null ? "" : `< ${r.target}`,
    r.verdict,
    r.note,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const right = [false, true, true, true, true, true, false, false];
  const fmt = (row) =>
    row
      .map((cell, i) => pad(cell, widths[i], right[i]))
      .join("  ")
      .trimEnd();
  const load = result.loadAverage;
  lines.push(
    `${result.size} tickets (${result.manifest.megabytes} MB), times in ms; load average ${load.before} → ${load.after} on ${cpus().length} CPUs`,
  );
  lines.push(fmt(head));
  lines.push(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of body) lines.push(fmt(row));
  return lines.join("\n");
}

function markdown(results, meta) {
  const keys = [];
  for (const r of results) for (const row of r.rows) if (!keys.includes(row.key)) keys.push(row.key);
  const sizes = results.map((r) => r.size);
  const label = (n) => (n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));
  const lines = [];
  lines.push(
    `Wall time median (p90)${meta.cpuTimes ? " · CPU time median" : ""}, in ms, ${meta.runs} runs; ${meta.cpu}, ${meta.cpus} cores, Node ${meta.node}, ${meta.platform}.`,
  );
  lines.push("");
  lines.push(`| measurement | ${sizes.map((s) => `${label(s)} tickets`).join(" | ")} |`);
  lines.push(`| --- | ${sizes.map(() => "---:").join(" | ")} |`);
  for (const key of keys) {
    const cells = results.map((r) => {
      const row = r.rows.find((x) => x.key === key);
      if (!row) return "";
      const mark = row.verdict === "PASS" ? " ✓" : row.verdict === "MISS" ? ` ✗ (< ${row.target})` : "";
      const cpu = row.cpu ? ` · ${row.cpu.median.toFixed(0)}` : "";
      return `${row.median.toFixed(0)} (${row.p90.toFixed(0)})${cpu}${mark}`;
    });
    lines.push(`| \`${key}\` | ${cells.join(" | ")} |`);
  }
  lines.push("");
  lines.push(
    "✓ / ✗: wall-time median meets / misses the target. CLI rows include process start (`node -e 0`); CPU time is user + system of the process, all threads.",
  );
  const loads = results.map((r) => `${r.loadAverage.before}→${r.loadAverage.after}`).join(", ");
  lines.push(`1-minute load average during the runs (${sizes.map(label).join(", ")}): ${loads}.`);
  return lines.join("\n");
}

function gitCommit() {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" });
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "src"], { cwd: repo, encoding: "utf8" });
  return r.status === 0 ? `${r.stdout.trim()}${dirty.stdout.trim() ? "+dirty src" : ""}` : undefined;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  measureCpu = options.cpu;
  const meta = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    node: process.versions.node,
    platform: `${platform()} ${release()} ${arch()}`,
    cpu: cpus()[0]?.model?.trim() ?? "unknown CPU",
    cpus: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    runs: options.runs,
    seed: options.seed,
    cpuTimes: options.cpu,
  };
  let results = [];
  let failed = false;
  if (options.merge) {
    // Report on saved runs (for example one per size, run at different times) as one.
    const saved = options.merge.map((file) => JSON.parse(readFileSync(file, "utf8")));
    const bySize = new Map();
    for (const run of saved) for (const result of run.results) bySize.set(result.size, result);
    results = [...bySize.values()].sort((a, b) => a.size - b.size);
    Object.assign(meta, saved[0].meta, { merged: saved.map((run) => run.meta) });
  } else {
    for (const size of options.sizes) {
      const result = await benchSize(size, options);
      if (result.error) failed = true;
      results.push(result);
    }
  }
  console.log("");
  const busy = results.filter((r) => Math.max(r.loadAverage.before, r.loadAverage.after) > cpus().length / 2);
  if (busy.length > 0) {
    console.log(
      `Note: the machine was busy (load average above ${cpus().length / 2}) during ${busy.map((r) => r.size).join(", ")}; figures are inflated. Rerun on a quiet machine to compare.\n`,
    );
  }
  for (const result of results) {
    console.log(`${printTable(result)}\n`);
    if (result.error) console.log(`ERROR (figures incomplete): ${result.error}\n`);
  }
  const misses = results.flatMap((r) =>
    r.rows
      .filter((row) => row.verdict === "MISS")
      .map((row) => `${r.size}: ${row.key} ${row.median} ms (target < ${row.target})`),
  );
  console.log(
    misses.length === 0
      ? "All targets met.\n"
      : `Targets missed:\n${misses.map((m) => `  ${m}`).join("\n")}\n`,
  );
  console.log("Markdown (for the README):\n");
  console.log(markdown(results, meta));
  if (options.out && results.length > 0) {
    writeFileSync(options.out, `${JSON.stringify({ meta, targets: describeTargets(), results }, null, 2)}\n`);
    formatLikeTheRepo(options.out);
    log(`\nResults written to ${relative(process.cwd(), options.out) || options.out}`);
  }
  process.exitCode = failed ? 1 : 0;
}

/** Formats the JSON with the repo's formatter (biome), when installed, so `npm run lint` passes. */
function formatLikeTheRepo(file) {
  const biome = join(repo, "node_modules", ".bin", process.platform === "win32" ? "biome.cmd" : "biome");
  if (!existsSync(biome)) return;
  spawnSync(biome, ["format", "--write", file], { cwd: repo, stdio: "ignore" });
}

function describeTargets() {
  return [
    { size: 10_000, what: "list and search, median per CLI call including process start", limitMs: 150 },
    { size: 10_000, what: "create, median per CLI call", limitMs: 150 },
    { size: 10_000, what: "warm index refresh (nothing changed), in-process", limitMs: 60 },
    { size: 100_000, what: "search, median per CLI call", limitMs: 300 },
  ];
}

await main();
