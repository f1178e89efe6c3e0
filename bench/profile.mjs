#!/usr/bin/env node
/**
 * Where the time of one CLI call goes: phase timings of a `list`, a `create` and a cold index
 * build, each measured in fresh processes (as a CLI call runs), median of runs. Each phase has
 * its wall time and its CPU time (user + system of the process); on a busy machine the CPU
 * column is the one to trust.
 *
 *   node bench/profile.mjs [--size 10000] [--runs 9] [--only startup,list,create,cold]
 *
 * Uses a data set made by run.mjs / generate.mjs (bench/.data/<size>, generated if missing) and
 * the unbundled modules in dist/ (so imports can be timed one by one). It reaches below the
 * service into store functions (scanTicketFiles, parseTicketText, ...) to split the refresh;
 * if those are renamed, this script needs the same rename. Diagnostic only: nothing is asserted.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = (path) => pathToFileURL(join(here, "..", "dist", path)).href;

// ---------------------------------------------------------------------------------------------
// Child: one scenario, printing `label<TAB>wall ms<TAB>cpu ms` lines

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Phase timer: wall and CPU time (user + system, whole process) since the previous mark. */
function createClock() {
  const entries = [];
  // Before the script: node's own start-up, measured from the process's time origin.
  let lastWall = performance.now();
  let lastCpu = cpuNow();
  entries.push(["node start until the script runs", lastWall, lastCpu]);
  return {
    entries,
    mark(label) {
      const wall = performance.now();
      const cpu = cpuNow();
      entries.push([label, wall - lastWall, cpu - lastCpu]);
      lastWall = wall;
      lastCpu = cpu;
    },
    /** Records a measured part without moving the clock (a breakdown line). */
    add(label, wall, cpu) {
      entries.push([label, wall, cpu]);
    },
    reset() {
      lastWall = performance.now();
      lastCpu = cpuNow();
    },
  };
}

/** Times fn, returning its result and [wall, cpu]. */
async function measure(fn) {
  const wall = performance.now();
  const cpu = cpuNow();
  const result = await fn();
  return [result, performance.now() - wall, cpuNow() - cpu];
}

async function child(scenario, root) {
  const clock = createClock();
  const { mark } = clock;

  if (scenario === "startup") {
    await import("zod");
    mark("import zod");
    await import("yaml");
    mark("import yaml");
    await import("better-sqlite3");
    mark("import better-sqlite3");
    await import("commander");
    mark("import commander");
    await import("proper-lockfile");
    mark("import proper-lockfile");
    await import(dist("service/ticket-service.js"));
    mark("import dist/service (own modules on top)");
    await import(dist("cli/program.js"));
    mark("import dist/cli (own modules on top)");
  } else if (scenario === "list") {
    const { TicketService } = await import(dist("service/ticket-service.js"));
    const { scanTicketFiles } = await import(dist("store/ticket-files.js"));
    const { parseQuery } = await import(dist("core/query.js"));
    const { compileQuery } = await import(dist("store/index-query.js"));
    await import(dist("cli/program.js"));
    mark("import modules (unbundled)");
    const service = TicketService.open({ root, actor: "bench-agent" });
    mark("open project (root, config)");
    const { index } = service.project;
    mark("open index.db, check schema");
    const files = scanTicketFiles(service.project.paths);
    mark("refresh: readdir + stat every file");
    const rows = index.db.prepare("SELECT path, size, mtime_ms FROM files").all();
    mark("refresh: SELECT files rows");
    const known = new Map(rows.map((r) => [r.path, r]));
    let stale = 0;
    for (const f of files) {
      const r = known.get(f.path);
      if (!r || r.size !== f.size || r.mtime_ms !== f.mtimeMs) stale++;
    }
    mark("refresh: compare with the index rows");
    if (stale > 0) process.stderr.write(`note: ${stale} files were stale\n`);
    service.refresh();
    mark("refresh() again, whole (code now warm)");
    const query = "status:in_progress priority:>=high";
    const compiled = compileQuery(parseQuery(query), { config: service.project.config, now: new Date() }, {});
    index.summaries(compiled.sql, compiled.params);
    index.count(compiled.countSql, compiled.countParams);
    mark("query: parse, compile, SQL, JSON.parse of rows");
    service.problems();
    service.close();
    mark("problems(), close");
  } else if (scenario === "create") {
    const { TicketService } = await import(dist("service/ticket-service.js"));
    const { TicketIndex } = await import(dist("store/ticket-index.js"));
    const { writeFileAtomic } = await import(dist("store/atomic-write.js"));
    const { withLock } = await import(dist("store/locks.js"));
    await import(dist("cli/program.js"));
    mark("import modules (unbundled)");
    const spent = { refresh: [], idKeys: [0, 0] };
    const original = { refresh: TicketIndex.prototype.refresh, idKeys: TicketIndex.prototype.idKeys };
    TicketIndex.prototype.refresh = function (...args) {
      const wall = performance.now();
      const cpu = cpuNow();
      const result = original.refresh.apply(this, args);
      spent.refresh.push([performance.now() - wall, cpuNow() - cpu]);
      return result;
    };
    TicketIndex.prototype.idKeys = function (...args) {
      const wall = performance.now();
      const cpu = cpuNow();
      const result = original.idKeys.apply(this, args);
      spent.idKeys[0] += performance.now() - wall;
      spent.idKeys[1] += cpuNow() - cpu;
      return result;
    };
    const service = TicketService.open({ root, actor: "bench-agent" });
    mark("open project");
    const [ticket, wall, cpu] = await measure(() =>
      service.create({
        title: "Bench created profile probe",
        type: "task",
        tags: ["backend"],
        criteria: ["measured"],
        description: "Probe.",
      }),
    );
    service.close();
    rmSync(join(root, ticket.path));
    let restWall = wall - spent.idKeys[0];
    let restCpu = cpu - spent.idKeys[1];
    spent.refresh.forEach(([w, c], i) => {
      clock.add(`create: index refresh #${i + 1}`, w, c);
      restWall -= w;
      restCpu -= c;
    });
    clock.add("create: idKeys() (all IDs)", ...spent.idKeys);
    clock.add("create: everything else (lock, render, write, record, registry)", restWall, restCpu);
    const probe = join(root, "tickets", "pending", "bench-created-probe-write.md");
    const [, writeWall, writeCpu] = await measure(() => writeFileAtomic(probe, "x".repeat(1500)));
    clock.add("  of which writeFileAtomic (fsync file + folder), alone", writeWall, writeCpu);
    rmSync(probe);
    const locks = join(root, ".trackdown", "locks");
    const [, lockWall, lockCpu] = await measure(() => withLock(locks, "BENCH-PROBE", 10_000, async () => {}));
    clock.add("  of which withLock (take + release), alone", lockWall, lockCpu);
  } else if (scenario === "cold") {
    const { TicketService } = await import(dist("service/ticket-service.js"));
    const { scanTicketFiles, revisionOf } = await import(dist("store/ticket-files.js"));
    const { parseTicketText } = await import(dist("store/ticket-format.js"));
    const { TicketFieldsSchema } = await import(dist("core/schema.js"));
    mark("import modules (unbundled)");
    const parts = clock.entries.length;
    const paths = { root, ticketsDir: join(root, "tickets") };
    const files = scanTicketFiles(paths);
    mark("readdir + stat every file");
    const texts = files.map((f) => readFileSync(join(root, f.path), "utf8"));
    mark("readFileSync every file");
    const docs = texts.map((text) => parseTicketText(text));
    mark("parse frontmatter (yaml parseDocument + toJS)");
    for (const doc of docs) TicketFieldsSchema.safeParse(doc.data);
    mark("validate (zod TicketFieldsSchema)");
    for (const text of texts) revisionOf(text);
    mark("revision hash (sha256)");
    const measured = clock.entries.slice(parts);
    for (const suffix of ["", "-wal", "-shm"])
      rmSync(join(root, ".trackdown/cache/index.db") + suffix, { force: true });
    const service = TicketService.open({ root, actor: "bench-agent" });
    mark("open a new index.db");
    const [, wall, cpu] = await measure(() => service.refresh());
    service.close();
    clock.add("refresh() into the empty index, whole", wall, cpu);
    const sum = (i) => measured.reduce((total, entry) => total + entry[i], 0);
    clock.add("  of which SQLite writes (whole minus the parts above)", wall - sum(1), cpu - sum(2));
  }
  for (const [label, wall, cpu] of clock.entries) process.stdout.write(`${label}\t${wall}\t${cpu}\n`);
}

// ---------------------------------------------------------------------------------------------
// Parent: run each scenario in fresh processes, print medians

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function parent(argv) {
  let size = 10_000;
  let runs = 9;
  let only = ["startup", "list", "create", "cold"];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--size") size = Number(argv[++i]);
    else if (argv[i] === "--runs") runs = Number(argv[++i]);
    else if (argv[i] === "--only") only = argv[++i].split(",");
    else if (argv[i] === "-h" || argv[i] === "--help") {
      console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]);
      return;
    } else throw new Error(`Unknown option ${argv[i]}`);
  }
  const { generateProject, readManifest, GENERATOR_VERSION } = await import("./generate.mjs");
  const root = join(here, ".data", String(size));
  const manifest = readManifest(root);
  if (!manifest || manifest.generator !== GENERATOR_VERSION || manifest.count !== size) {
    process.stderr.write(`generating ${size} tickets into ${root}...\n`);
    await generateProject(root, size, { seed: 1, force: true });
  }
  const env = { ...process.env, TRACKDOWN_AGENT: "bench-agent" };
  // Start from a fresh index, as a warm CLI call finds it.
  const { TicketService } = await import(dist("service/ticket-service.js"));
  const service = TicketService.open({ root, actor: "bench-agent" });
  service.refresh();
  service.close();
  for (const scenario of only) {
    // The cold build reads every file: fewer runs, and the index is left rebuilt afterwards.
    const n = scenario === "cold" ? Math.min(runs, size >= 100_000 ? 1 : 3) : runs;
    const samples = new Map();
    for (let i = 0; i < n; i++) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", scenario, root], {
        env,
        encoding: "utf8",
      });
      if (r.status !== 0) throw new Error(`${scenario} failed: ${r.stderr}`);
      for (const line of r.stdout.trim().split("\n")) {
        const [label, wall, cpu] = line.split("\t");
        if (!samples.has(label)) samples.set(label, { wall: [], cpu: [] });
        samples.get(label).wall.push(Number(wall));
        samples.get(label).cpu.push(Number(cpu));
      }
    }
    console.log(`\n${scenario}: ${size} tickets, median of ${n} fresh processes, ms`);
    console.log(`${"wall".padStart(9)}${"cpu".padStart(9)}  phase`);
    for (const [label, { wall, cpu }] of samples) {
      console.log(`${median(wall).toFixed(1).padStart(9)}${median(cpu).toFixed(1).padStart(9)}  ${label}`);
    }
  }
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4]);
else await parent(process.argv.slice(2));
