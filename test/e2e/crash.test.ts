import { spawn } from "node:child_process";
import { appendFile, readFile, writeFile } from "node:fs/promises";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import {
  childEnv,
  type DoctorJson,
  describeRun,
  parseTicketText,
  SERVICE_MODULE,
  TestProject,
  type TicketJson,
  tempFiles,
  ticketFiles,
  type ValidateJson,
} from "./helpers.js";

/**
 * A writer killed with SIGKILL in the middle of its writes must leave every ticket file whole:
 * the old version or the new one, never half (DESIGN §7).
 *
 * The writer creates a few tickets through the library API, then updates, comments on and
 * transitions them as fast as it can, printing `done <n>` after each completed write. Every
 * update writes a large description framed by `BEGIN <n>` / `END <n>` together with `seq: <n>`,
 * so a torn or mixed write shows as a mismatch.
 *
 * Besides kills at whatever point the writer happens to be, some rounds stop it at a chosen
 * point of the write protocol (DESIGN §7: temporary file in the same folder, fsync, rename,
 * then the status-folder move) by wrapping `node:fs/promises`; the writer says `paused` and
 * waits there to be killed:
 * - `mid-temp-write`: half of a ticket's temporary file is written;
 * - `before-rename`: a ticket's temporary file is complete and fsynced, not yet renamed;
 * - `before-move`: the new content is in place, the move to the new status folder not done;
 * - `registry-before-rename`: the same as `before-rename`, for TICKET_REGISTRY.md (DESIGN §2),
 *   which every change regenerates.
 */
const WRITER = `
import fsp from "node:fs/promises";
import { syncBuiltinESMExports } from "node:module";
import { TicketService } from ${JSON.stringify(pathToFileURL(SERVICE_MODULE).href)};

const [root, round, mode, armAtText] = process.argv.slice(2);
const armAt = Number(armAtText);
let armed = false;
const stall = (what) => {
  process.stdout.write("paused " + what + "\\n");
  return new Promise(() => setInterval(() => {}, 1000));
};
const isTemp = (path) => String(path).split("/").pop().startsWith(".td-tmp-");
const inTickets = (path) => String(path).startsWith(root + "/tickets/");
const isRegistryTemp = (path) => String(path).split("/").pop().startsWith(".td-tmp-TICKET_REGISTRY.md");
const originalOpen = fsp.open;
fsp.open = async (path, ...rest) => {
  const handle = await originalOpen(path, ...rest);
  if (armed && isTemp(path) && inTickets(path) && mode === "mid-temp-write") {
    const writeFile = handle.writeFile.bind(handle);
    handle.writeFile = async (data, ...more) => {
      await writeFile(String(data).slice(0, Math.floor(String(data).length / 2)), ...more);
      await handle.sync();
      await stall(path);
    };
  }
  const pauseAfterSync =
    (mode === "before-rename" && isTemp(path) && inTickets(path)) ||
    (mode === "registry-before-rename" && isRegistryTemp(path));
  if (armed && pauseAfterSync) {
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      await sync();
      await stall(path);
    };
  }
  return handle;
};
const originalRename = fsp.rename;
fsp.rename = async (from, to) => {
  if (armed && mode === "before-move" && !isTemp(from) && inTickets(from) && inTickets(to)) await stall(from);
  return originalRename(from, to);
};
syncBuiltinESMExports();

const service = TicketService.open({ root, actor: "crash-writer-" + round });
const ids = [];
for (let i = 0; i < 4; i += 1) {
  const ticket = await service.create({ title: "Round " + round + " ticket " + i, tags: ["crash"] });
  ids.push(ticket.id);
}
process.stdout.write("ready " + JSON.stringify(ids) + "\\n");
const next = { pending: "in_progress", in_progress: "review", review: "blocked", blocked: "pending" };
const status = new Map(ids.map((id) => [id, "pending"]));
for (let n = 0; ; n += 1) {
  const id = ids[n % ids.length];
  const kind = Math.floor(n / ids.length) % 3;
  armed =
    n >= armAt &&
    (mode === "registry-before-rename" || (mode === "before-move" ? kind === 2 : kind === 0));
  if (kind === 0) {
    const filler = ("line " + n + " of a long description that makes each write take a while\\n").repeat(
      1500 + ((n * 7919) % 3000),
    );
    await service.update(id, { description: "BEGIN " + n + "\\n" + filler + "END " + n, fields: { seq: n } });
  } else if (kind === 1) {
    await service.comment(id, "comment " + n + " from round " + round);
  } else {
    const ticket = await service.transition(id, next[status.get(id)]);
    status.set(id, ticket.status);
  }
  process.stdout.write("done " + (n + 1) + "\\n");
}
`;

type Mode = "random" | "mid-temp-write" | "before-rename" | "before-move" | "registry-before-rename";

interface RoundResult {
  readonly ids: string[];
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly reported: number;
  /** Project-relative path the writer paused at, for the modes that pause. */
  readonly pausedAt: string | undefined;
}

/**
 * Runs the writer and kills it with SIGKILL: in `random` mode once it has reported `count`
 * completed writes, otherwise as soon as it pauses at its crash point (armed from write
 * `count` on; after 40 more writes without a pause it is killed anyway, and the test fails).
 */
function runWriter(script: string, root: string, round: number, mode: Mode, count: number) {
  return new Promise<RoundResult>((resolve, reject) => {
    const child = spawn(process.execPath, [script, root, String(round), mode, String(count)], {
      cwd: root,
      env: childEnv(`crash-writer-${round}`),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let ids: string[] = [];
    let reported = 0;
    let pausedAt: string | undefined;
    let stderr = "";
    const kill = () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    };
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.startsWith("ready ")) ids = JSON.parse(line.slice(6)) as string[];
      if (line.startsWith("paused ")) {
        pausedAt = line.slice(7).slice(root.length + 1);
        kill();
      }
      const done = /^done (\d+)$/.exec(line);
      if (done) {
        reported = Number(done[1]);
        if (reported >= (mode === "random" ? count : count + 40)) kill();
      }
    });
    child.on("error", reject);
    child.on("close", (_code, signal) => resolve({ ids, signal, stderr, reported, pausedAt }));
  });
}

describe("a writer killed mid-write", () => {
  it("leaves no partial or corrupt ticket file, and doctor --fix sweeps the leftovers", async ({
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    // Rounds follow each other at once, and the registry lock is shared by all of them: a round
    // killed while regenerating TICKET_REGISTRY.md would leave the next round racing that lock's
    // staleness (10 s) against its own lock timeout (10 s). This test is about ticket files; the
    // registry has its own test below.
    await appendFile(project.path(".trackdown", "config.yaml"), "registry:\n  auto: false\n");
    const script = project.path("crash-writer.mjs");
    await writeFile(script, WRITER);

    const rounds: [Mode, number][] = [
      ["random", 23],
      ["mid-temp-write", 5],
      ["before-rename", 9],
      ["before-move", 10],
      ["random", 41],
      ["random", 58],
    ];
    const ids: string[] = [];
    const paused = new Map<Mode, string>();
    for (const [i, [mode, count]] of rounds.entries()) {
      const result = await runWriter(script, project.root, i + 1, mode, count);
      // It died of our signal, not of an error of its own.
      expect(result.stderr, `round ${i + 1} (${mode}): ${result.stderr}`).toBe("");
      expect(result.signal, `round ${i + 1} (${mode})`).toBe("SIGKILL");
      expect(result.ids).toHaveLength(4);
      if (mode === "random") expect(result.reported).toBeGreaterThanOrEqual(count);
      else {
        expect(result.pausedAt, `round ${i + 1}: the writer reached its ${mode} crash point`).toBeDefined();
        paused.set(mode, result.pausedAt ?? "");
      }
      ids.push(...result.ids);
    }

    // Every ticket file is whole: frontmatter that parses, a body that ends where it should.
    const files = await ticketFiles(project.root);
    expect(files).toHaveLength(ids.length);
    const byId = new Map<string, string>();
    for (const path of files) {
      const text = await project.readText(path);
      expect(text.length, path).toBeGreaterThan(0);
      expect(text.endsWith("\n"), `${path} ends with a newline`).toBe(true);
      const { data, body } = parseTicketText(text);
      const id = String(data.id);
      expect(path.split("/").at(-1)?.startsWith(`${id}-`), path).toBe(true);
      byId.set(id, path);
      expect(body).toContain("## Activity");
      const begin = /^BEGIN (\d+)$/m.exec(body);
      if (data.seq !== undefined || begin) {
        // Description and seq come from the same write: no mix of two versions.
        expect(begin?.[1], `${path}: description of the write that set seq`).toBe(String(data.seq));
        expect(body, `${path}: description is complete`).toMatch(new RegExp(`^END ${data.seq}$`, "m"));
      }
    }
    expect(new Set(byId.keys())).toEqual(new Set(ids));

    // The crash points left what they should: temporary files beside the untouched ticket
    // (one of them torn), and a ticket whose new status is written but not yet moved.
    const torn = paused.get("mid-temp-write") ?? "";
    const unrenamed = paused.get("before-rename") ?? "";
    const unmoved = paused.get("before-move") ?? "";
    const ticketTemps = async () => (await tempFiles(project.root)).filter((p) => p.startsWith("tickets/"));
    const leftovers = await ticketTemps();
    expect(leftovers).toEqual(expect.arrayContaining([torn, unrenamed]));
    expect(await readFile(project.path(torn), "utf8")).not.toMatch(/^END \d+$/m);
    expect(files).toContain(unmoved);

    // The CLI reads every ticket, the half-moved one included.
    const [list, validate, shown] = await Promise.all([
      project.list(),
      project.run(["validate", "--json"]),
      Promise.all(ids.map((id) => project.show(id))),
    ]);
    expect(list.problems).toEqual([]);
    expect(list.total).toBe(ids.length);
    for (const ticket of shown) expect(ticket.path).toBe(byId.get(ticket.id));
    const report = JSON.parse(validate.stdout) as ValidateJson;
    expect(validate.code).toBe(2);
    // A kill between the write and the folder move leaves a misplaced file; nothing worse.
    expect(report.problems.filter((p) => p.kind !== "misplaced")).toEqual([]);
    expect(report.problems.map((p) => p.path)).toContain(unmoved);

    // One more leftover, as a kill while creating the temporary file would leave it.
    const planted = "tickets/pending/.td-tmp-TSK-dead-planted.md.99999.0badf00d";
    const firstText = await project.readText(files[0] ?? "");
    await writeFile(project.path(planted), firstText.slice(0, Math.floor(firstText.length / 3)));
    const allLeftovers = await ticketTemps();
    expect(allLeftovers).toContain(planted);
    // Temporary files are never mistaken for tickets.
    expect((await project.list()).total).toBe(ids.length);

    // Without --fix, doctor reports (exit 2: it found problems) and changes nothing.
    const diagnosed = await project.run(["doctor", "--json"]);
    expect([0, 2], describeRun(["doctor", "--json"], diagnosed)).toContain(diagnosed.code);
    const diagnosis = JSON.parse(diagnosed.stdout) as DoctorJson;
    expect([...diagnosis.tempFiles].sort()).toEqual(allLeftovers);
    expect(diagnosis.problems.map((p) => p.path)).toContain(unmoved);
    expect(await ticketTemps(), "doctor without --fix changes nothing").toEqual(allLeftovers);

    const repair = await project.json<DoctorJson>(["doctor", "--fix", "--json"]);
    for (const temp of allLeftovers) expect(repair.fixed).toContain(`removed leftover ${temp}`);
    expect(repair.fixed.some((line) => line.startsWith(`moved ${unmoved} to `))).toBe(true);
    expect(repair.tempFiles).toEqual([]);
    expect(repair.problems).toEqual([]);
    expect(await ticketTemps()).toEqual([]);
    const after = await project.run(["validate"]);
    expect(after.code, describeRun(["validate"], after)).toBe(0);
    expect(await ticketFiles(project.root)).toHaveLength(ids.length);

    // Locks the killed writers held do not stop the next writer for good (they go stale).
    const writes = await Promise.all(
      ids.map((id) => project.run(["update", id, "--add-tag", "after-crash", "--json"])),
    );
    for (const [i, result] of writes.entries()) {
      expect(result.code, describeRun(["update", ids[i] ?? ""], result)).toBe(0);
      expect((JSON.parse(result.stdout) as TicketJson).tags).toContain("after-crash");
    }
  }, 400_000);

  it("while regenerating TICKET_REGISTRY.md leaves a temporary file that doctor reports and --fix removes", async ({
    onTestFinished,
  }) => {
    const project = await TestProject.create(onTestFinished);
    const script = project.path("crash-writer.mjs");
    await writeFile(script, WRITER);
    const result = await runWriter(script, project.root, 1, "registry-before-rename", 0);
    expect(result.stderr).toBe("");
    expect(result.signal).toBe("SIGKILL");
    expect(result.pausedAt, "the writer reached its crash point").toBeDefined();
    const leftover = result.pausedAt ?? "";
    expect(await tempFiles(project.root)).toContain(leftover);
    // The registry itself is whole (the old version) or not written yet; never the torn new one.
    const registry = await project.readText("TICKET_REGISTRY.md").catch(() => undefined);
    if (registry !== undefined) expect(registry.endsWith("\n")).toBe(true);

    const diagnosed = await project.run(["doctor", "--json"]);
    const diagnosis = JSON.parse(diagnosed.stdout) as DoctorJson;
    expect(diagnosis.tempFiles, describeRun(["doctor", "--json"], diagnosed)).toContain(leftover);
    const repair = await project.json<DoctorJson>(["doctor", "--fix", "--json"]);
    expect(repair.fixed).toContain(`removed leftover ${leftover}`);
    expect(await tempFiles(project.root)).toEqual([]);
  }, 300_000);
});
