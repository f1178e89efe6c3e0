#!/usr/bin/env node
/**
 * Import benchmark: a generated project is exported to Trackdown's JSON interchange format with
 * the CLI, then imported into an empty project with the CLI, and timed. Target: a 10k-ticket
 * import in under 20 s (wall time of `trackdown import`, process start included).
 *
 *   node bench/import.mjs                    # 10k tickets (after `npm run build`)
 *   node bench/import.mjs --size 1000 --runs 3 --seed 7 --json
 *
 * The source project is generated once into bench/.data/import-<size>-s<seed>/ (git-ignored)
 * with `node bench/generate.mjs` and reused. Every run imports into a fresh empty project. The
 * CPU time of the import (user + system, from an in-process run through the library) is shown
 * beside the wall times, with the load average, because on a busy machine wall time mostly
 * measures the neighbours.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(
  repo,
  JSON.parse(readFileSync(join(repo, "package.json"), "utf8")).bin?.trackdown ?? "dist/cli/main.js",
);
const TARGET_MS = 20_000;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : process.argv[at + 1];
}
const size = Number(String(option("size", "10000")).replace(/k$/i, "000"));
const runs = Number(option("runs", "1"));
const seed = Number(option("seed", "1"));
const asJson = process.argv.includes("--json");
const say = (line) => process.stderr.write(`${line}\n`);

if (!existsSync(CLI)) {
  say(`No CLI at ${CLI}; run "npm run build" first`);
  process.exit(1);
}

/** Runs the CLI; throws with its stderr when it fails. Returns wall ms and stdout. */
function cli(args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, TRACKDOWN_AGENT: "bench-importer", NO_COLOR: "1" },
  });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`trackdown ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

function sourceProject() {
  const dir = join(repo, "bench", ".data", `import-${size}-s${seed}`);
  if (!existsSync(join(dir, "bench-manifest.json"))) {
    say(`generating ${size} tickets into ${dir} ...`);
    const generated = spawnSync(
      process.execPath,
      [join(repo, "bench", "generate.mjs"), dir, String(size), "--seed", String(seed), "--force"],
      {
        stdio: ["ignore", "ignore", "inherit"],
      },
    );
    if (generated.status !== 0) throw new Error("bench/generate.mjs failed");
  }
  return dir;
}

/** The same import in this process, for its CPU time (a child's is not reported to us). */
async function inProcessImport(file) {
  const dist = (path) => pathToFileURL(join(repo, "dist", path)).href;
  const { initProject } = await import(dist("service/init.js"));
  const { TicketService } = await import(dist("service/ticket-service.js"));
  const { importTickets } = await import(dist("service/import/pipeline.js"));
  const root = mkdtempSync(join(tmpdir(), "td-bench-import-lib-"));
  try {
    await initProject(root);
    const service = TicketService.open({ root, actor: "bench-importer" });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const report = await importTickets(service, file, { from: "trackdown" });
    await service.flush();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    service.close();
    if (report.outcome !== "imported") throw new Error(`in-process import: ${report.outcome}`);
    return { ms, cpuMs: (used.user + used.system) / 1000, tickets: report.tickets.length };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const work = mkdtempSync(join(tmpdir(), "td-bench-import-"));
try {
  const source = sourceProject();
  const file = join(work, "export.json");
  const exported = cli(["--root", source, "export", "--output", file]);
  const bytes = statSync(file).size;
  const results = [];
  for (let run = 0; run < runs; run += 1) {
    const target = join(work, `target-${run}`);
    cli(["init", target]);
    const load = loadavg()[0];
    const dry = cli(["--root", target, "import", file, "--dry-run", "--json"]);
    const imported = cli(["--root", target, "import", file, "--json"]);
    const report = JSON.parse(imported.stdout);
    const listed = JSON.parse(cli(["--root", target, "list", "--json", "--limit", "1"]).stdout).total;
    if (report.outcome !== "imported" || listed !== size) {
      throw new Error(`import gave ${report.outcome} and ${listed} tickets listed, expected ${size}`);
    }
    results.push({ dryRunMs: dry.ms, importMs: imported.ms, load });
    rmSync(target, { recursive: true, force: true });
  }
  const lib = await inProcessImport(file);
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const importMs = median(results.map((r) => r.importMs));
  const summary = {
    size,
    seed,
    runs,
    export: { ms: Math.round(exported.ms), bytes },
    dryRun: { medianMs: Math.round(median(results.map((r) => r.dryRunMs))) },
    import: {
      medianMs: Math.round(importMs),
      samplesMs: results.map((r) => Math.round(r.importMs)),
      ticketsPerSecond: Math.round(size / (importMs / 1000)),
      target: TARGET_MS,
      pass: importMs < TARGET_MS,
    },
    inProcess: { wallMs: Math.round(lib.ms), cpuMs: Math.round(lib.cpuMs) },
    loadAverage: Number(results[0]?.load.toFixed(2)),
  };
  if (asJson) {
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } else {
    const row = (label, value) => process.stdout.write(`${label.padEnd(34)}${value}\n`);
    row("tickets", String(size));
    row("export (CLI, JSON)", `${summary.export.ms} ms, ${(bytes / 1e6).toFixed(1)} MB`);
    row("import --dry-run (CLI)", `${summary.dryRun.medianMs} ms`);
    row("import (CLI), median", `${summary.import.medianMs} ms  [${summary.import.samplesMs.join(", ")}]`);
    row("import throughput", `${summary.import.ticketsPerSecond} tickets/s`);
    row("import in-process: wall / CPU", `${summary.inProcess.wallMs} ms / ${summary.inProcess.cpuMs} ms`);
    row("load average (1 min) at start", String(summary.loadAverage));
    row(`target: import < ${TARGET_MS / 1000} s`, summary.import.pass ? "PASS" : "MISS");
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
