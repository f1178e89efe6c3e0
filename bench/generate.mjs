#!/usr/bin/env node
/**
 * Generates a realistic Trackdown project of N tickets, deterministically from a seed.
 *
 *   node bench/generate.mjs <dir> <count> [--seed N] [--force]
 *
 * The project is created with the real `initProject`, then ticket files are written directly
 * (fs.writeFileSync, no CLI) in the exact format `trackdown create` + transitions + comments
 * produce: frontmatter rendered by the store's own YAML writer, body built with composeBody and
 * appendActivity. Needs a build (`npm run build`): it imports from ../dist.
 *
 * Word material comes from the real tracker fixtures in /work/shared/fixtures/real (when present):
 * the ~3,000 most frequent words there, sampled with a Zipf distribution, so full-text terms have
 * realistic selectivity. Two planted terms have known selectivity (see PLANTED below). A manifest,
 * `<dir>/bench-manifest.json`, records the seed, the counts and sample IDs for the benchmark.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = (path) => pathToFileURL(join(here, "..", "dist", path)).href;

const { initProject } = await import(dist("service/init.js"));
const { renderTicketText } = await import(dist("store/ticket-format.js"));
const { composeBody, appendActivity } = await import(dist("core/body.js"));
const { randomId, randomIdLength, idKey } = await import(dist("core/ids.js"));
const { ticketFileName, ticketPathFor, parseTicketFile } = await import(dist("store/ticket-files.js"));
const { DEFAULT_CONFIG } = await import(dist("core/config.js"));

/** Bump when the generated data changes shape, so run.mjs regenerates cached data sets. */
export const GENERATOR_VERSION = 1;

/** Terms planted into descriptions with a known share of tickets; absent from the vocabulary. */
export const PLANTED = {
  rare: { term: "zeppelin", share: 0.001 },
  common: { term: "kerberos", share: 0.1 },
};

const FIXTURES = process.env.TRACKDOWN_FIXTURES ?? "/work/shared/fixtures/real";
const VOCABULARY_SIZE = 3000;
/** The clock the data is generated against: fixed, so the output depends on the seed only. */
const NOW = Date.parse("2026-11-01T00:00:00Z");
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** sfc32, seeded through splitmix32: fast, small, good enough for test data. */
function createRng(seed) {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const rng = {
    next,
    /** Integer in [min, max]. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** Picks a key of a { key: weight } table. */
    weighted(table) {
      const entries = Array.isArray(table) ? table : Object.entries(table);
      let total = 0;
      for (const [, w] of entries) total += w;
      let r = next() * total;
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
    bytes: (n) => {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
      return out;
    },
  };
  return rng;
}

/** Samples ranks 0..n-1 with probability proportional to 1/(rank+1)^s. */
function zipfSampler(n, s = 1) {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += 1 / (i + 1) ** s;
    cumulative[i] = total;
  }
  return (rng) => {
    const r = rng.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const STOP_WORDS = new Set(
  `a an the and or but if then else of to in on at by for with from into onto as is are was were be been
   being it its this that these those there here we you they he she i me my our your their them us not no
   do does did done so such than too very can could should would will shall may might must has have had
   also when where which who whom what why how all any each every both either neither some more most
   other only own same just over under again once about after before between through during out up down
   off above below while until because via per etc e g ie eg s t`
    .split(/\s+/)
    .filter(Boolean),
);

/** A fallback when the fixtures are absent: plain project vocabulary, still Zipf-sampled. */
const FALLBACK_WORDS = `the to and of a in for is that with on be it as this are by should from
  task ticket file when not or if can test tests error status update add cli command user data index
  config support new output value list project use api server agent search query field files create
  run check fix build option path name time code state type issue feature bug release docs changes
  parser import export sync cache lock write read token model schema version migration worker queue
  request response session handler event events hook hooks retry timeout network storage database
  table column row filter sort page view board dashboard browser render layout style theme button
  dialog modal form input validation message warning log logs logging metrics trace debug profile`
  .split(/\s+/)
  .filter(Boolean);

function listFiles(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else if (/\.(md|json|ya?ml)$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/**
 * The most frequent words of the fixtures (letters only, 2–18 characters), most frequent first,
 * and the content words among them (no stop words) for titles. Ties break alphabetically so the
 * result is the same on every machine.
 */
function buildVocabulary() {
  const counts = new Map();
  const planted = new Set(Object.values(PLANTED).map((p) => p.term));
  for (const file of listFiles(FIXTURES)) {
    const text = readFileSync(file, "utf8")
      .replace(/<!--[\s\S]*?-->/g, " ")
      .replace(/```[\s\S]*?```/g, " ")
      .replace(/https?:\/\/\S+/g, " ")
      .toLowerCase();
    for (const word of text.match(/[a-z]+/g) ?? []) {
      if (word.length < 2 || word.length > 18 || planted.has(word)) continue;
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  let words = [...counts.entries()]
    .filter(([, n]) => n >= 2)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, VOCABULARY_SIZE)
    .map(([w]) => w);
  const source = words.length >= 500 ? "fixtures" : "fallback";
  if (source === "fallback") words = [...FALLBACK_WORDS];
  const content = words.filter((w) => !STOP_WORDS.has(w) && w.length > 2);
  return { words, content, source };
}

// ---------------------------------------------------------------------------------------------
// Domain tables

const TYPES = { task: 40, issue: 23, bug: 20, feature: 15 }; // epics are added on top, ~2%
const STATUSES = { pending: 35, in_progress: 10, review: 5, blocked: 5, completed: 40, cancelled: 5 };
const PRIORITIES = { critical: 5, high: 20, medium: 50, low: 25 };
const PEOPLE = [
  "claude-backend",
  "claude-frontend",
  "qa-agent",
  "docs-agent",
  "review-agent",
  "codex-infra",
  "planner-agent",
  "alice",
  "bob",
  "carol",
  "dmitri",
  "emeka",
];
const TAGS = `backend frontend api cli database ui docs testing performance security infra ci build auth
  search indexing mcp dashboard import export sync git config logging metrics refactor tech-debt ux
  accessibility release deps windows macos linux flaky regression good-first-issue needs-design
  wontfix customer`
  .split(/\s+/)
  .filter(Boolean);
const VERBS = `Fix Add Refactor Investigate Support Improve Remove Document Update Handle Migrate Optimize
  Implement Clean-up Validate Expose Cache Rename Split Test Harden Simplify Speed-up Audit`
  .split(/\s+/)
  .filter(Boolean)
  .map((v) => v.replace("-", " "));
const BUG_FORMS = ["{x} fails when {y}", "{x} crashes on {y}", "Wrong {x} after {y}", "{x} is slow with {y}"];
const COMMENT_OPENERS = [
  "Looked into this:",
  "Reproduced locally.",
  "Pushed a first draft.",
  "Blocked on review.",
  "Picked this up.",
  "Note for whoever takes this:",
  "Status:",
  "LGTM with one nit.",
];

// ---------------------------------------------------------------------------------------------
// Text

function makeText(rng, vocab) {
  const word = zipfSampler(vocab.words.length, 1.0);
  const content = zipfSampler(vocab.content.length, 0.9);
  const sentence = (min = 6, max = 20) => {
    const n = rng.int(min, max);
    const parts = new Array(n);
    for (let i = 0; i < n; i++) parts[i] = vocab.words[word(rng)];
    const first = parts[0];
    parts[0] = first.charAt(0).toUpperCase() + first.slice(1);
    if (n > 9 && rng.chance(0.3)) parts[rng.int(3, n - 3)] += ",";
    if (rng.chance(0.08)) parts[rng.int(1, n - 1)] = `\`${vocab.content[content(rng)]}\``;
    return `${parts.join(" ")}.`;
  };
  const paragraph = (min = 1, max = 5) => {
    const n = rng.int(min, max);
    const out = [];
    for (let i = 0; i < n; i++) out.push(sentence());
    return out.join(" ");
  };
  const phrase = (min, max) => {
    const n = rng.int(min, max);
    const out = [];
    for (let i = 0; i < n; i++) out.push(vocab.content[content(rng)]);
    return out.join(" ");
  };
  const title = (type) => {
    if (type === "bug" && rng.chance(0.6)) {
      const form = rng.pick(BUG_FORMS);
      const x = phrase(1, 3);
      return form
        .replace("{x}", x.charAt(0).toUpperCase() + x.slice(1))
        .replace("{y}", phrase(1, 3))
        .replace(/^(\w)/, (c) => c.toUpperCase());
    }
    if (type === "epic")
      return `${rng.pick(["Milestone:", "Epic:", ""])} ${phrase(2, 4)}`
        .trim()
        .replace(/^(\w)/, (c) => c.toUpperCase());
    return `${rng.pick(VERBS)} ${phrase(2, 6)}`;
  };
  return { sentence, paragraph, phrase, title };
}

function isoAt(ms) {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The statuses a ticket went through to reach `status`, as the default workflow allows. */
function statusPath(rng, status) {
  switch (status) {
    case "pending":
      return [];
    case "in_progress":
      return ["in_progress"];
    case "review":
      return ["in_progress", "review"];
    case "blocked":
      return rng.chance(0.7) ? ["in_progress", "blocked"] : ["blocked"];
    case "completed":
      return rng.chance(0.6) ? ["in_progress", "review", "completed"] : ["in_progress", "completed"];
    case "cancelled":
      return rng.chance(0.3) ? ["in_progress", "cancelled"] : ["cancelled"];
    default:
      return [];
  }
}

// ---------------------------------------------------------------------------------------------
// Frontmatter rendering

/**
 * renderTicketText renders each field on its own and joins them; most (key, value) pairs repeat
 * across tickets (type, status, priority, assignee, tags...), so each field's YAML is rendered
 * once through renderTicketText and memoized. The result is byte-identical to renderTicketText
 * of the whole ticket, which is checked on a sample.
 */
function stringifyField(key, value) {
  const text = renderTicketText({ [key]: value }, "");
  return text.slice("---\n".length, -"---\n".length);
}

const PLAIN_ID = /^[A-Z]+-[0-9a-z]+$/;
const UTC_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const ID_FIELDS = new Set(["id", "parent"]);
const ID_LISTS = new Set(["depends_on", "related", "blocks"]);

function createRenderer() {
  const memo = new Map();
  const field = (key, value) => {
    if (value === undefined) return "";
    // Fast paths for the unique values every ticket has; the sample check below guards them.
    if (ID_FIELDS.has(key) && PLAIN_ID.test(value)) return `${key}: ${value}\n`;
    if (typeof value === "string" && UTC_SECONDS.test(value)) return `${key}: '${value}'\n`;
    if (ID_LISTS.has(key) && value.every((v) => PLAIN_ID.test(v))) return `${key}: [${value.join(", ")}]\n`;
    const memoKey = `${key}\u0000${typeof value === "string" ? value : JSON.stringify(value)}`;
    let text = memo.get(memoKey);
    if (text === undefined) {
      text = stringifyField(key, value);
      if (memo.size < 200_000) memo.set(memoKey, text);
    }
    return text;
  };
  return (data, body) => {
    let out = "---\n";
    for (const key in data) out += field(key, data[key]);
    return `${out}---\n${body}`;
  };
}

// ---------------------------------------------------------------------------------------------
// The generator

/**
 * @param {string} dir project root to create (must be empty or absent unless force)
 * @param {number} count number of tickets
 * @param {{ seed?: number, force?: boolean, log?: (line: string) => void }} [options]
 */
export async function generateProject(dir, count, options = {}) {
  const seed = options.seed ?? 1;
  const log = options.log ?? (() => {});
  const root = resolve(dir);
  const started = performance.now();
  if (existsSync(join(root, "tickets")) || existsSync(join(root, ".trackdown"))) {
    if (!options.force) throw new Error(`${root} already holds a project; pass --force to replace it`);
    for (const part of ["tickets", ".trackdown", "bench-manifest.json", ".gitignore"])
      rmSync(join(root, part), { recursive: true, force: true });
  }
  mkdirSync(root, { recursive: true });
  await initProject(root, { project: `bench-${count}` });

  const rng = createRng(seed);
  const vocab = buildVocabulary();
  const text = makeText(rng, vocab);
  const render = createRenderer();
  const config = DEFAULT_CONFIG;
  const tagRank = zipfSampler(TAGS.length, 0.8);
  const personRank = zipfSampler(PEOPLE.length, 0.6);

  const epicCount = Math.max(1, Math.round(count * 0.02));
  const taken = new Set();
  /** Tickets generated so far, by type, for parents and dependencies. */
  const byType = { epic: [], issue: [], task: [], bug: [], feature: [] };
  const all = [];
  const plantedCounts = { rare: 0, common: 0 };
  const plantedIds = { rare: [], common: [] };
  const statusCounts = {};
  const tagCounts = {};
  let bytes = 0;
  let checked = 0;

  // Exactly round(share × count) tickets (at least one) carry each planted term.
  const plantAt = {};
  for (const [which, { share }] of Object.entries(PLANTED)) {
    const want = Math.min(count, Math.max(1, Math.round(count * share)));
    const chosen = new Set();
    while (chosen.size < want) chosen.add(rng.int(0, count - 1));
    plantAt[which] = chosen;
  }

  const newId = (prefix) => {
    for (;;) {
      // IDs grow with the project, as `create` does: early tickets got 4 characters.
      const id = randomId(prefix, randomIdLength(taken.size), rng.bytes);
      if (!taken.has(idKey(id))) {
        taken.add(idKey(id));
        return id;
      }
    }
  };

  for (let i = 0; i < count; i++) {
    const type = i < epicCount ? "epic" : rng.weighted(TYPES);
    const status = rng.weighted(STATUSES);
    const id = newId(config.types[type].prefix);
    const title = text.title(type);

    // Relations: tasks under issues, issues under epics; some dependencies on earlier tickets.
    let parent;
    if (type === "issue" && byType.epic.length > 0 && rng.chance(0.8)) parent = rng.pick(byType.epic);
    else if (type === "task" && byType.issue.length > 0 && rng.chance(0.85)) parent = rng.pick(byType.issue);
    else if (type === "bug" && byType.issue.length > 0 && rng.chance(0.3)) parent = rng.pick(byType.issue);
    else if (type === "feature" && byType.epic.length > 0 && rng.chance(0.5)) parent = rng.pick(byType.epic);
    const depends = [];
    if (type !== "epic" && all.length > 10 && rng.chance(0.15)) {
      const n = rng.int(1, 3);
      for (let k = 0; k < n; k++) {
        // Mostly recent work: dependencies are near in time.
        const back = Math.min(all.length, 1 + Math.floor(rng.next() ** 2 * 500));
        const dep = all[all.length - back];
        if (!depends.includes(dep)) depends.push(dep);
      }
    }
    const related = type !== "epic" && all.length > 10 && rng.chance(0.04) ? [rng.pick(all)] : [];

    const tags = [];
    const tagTotal = rng.weighted({ 0: 15, 1: 35, 2: 30, 3: 15, 4: 5 });
    for (let k = 0; k < Number(tagTotal); k++) {
      const tag = TAGS[tagRank(rng)];
      if (!tags.includes(tag)) tags.push(tag);
    }
    for (const tag of tags) tagCounts[tag] = (tagCounts[tag] ?? 0) + 1;
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;

    const assignee =
      status === "pending" && rng.chance(0.5)
        ? undefined
        : rng.chance(0.05)
          ? undefined
          : PEOPLE[personRank(rng)];
    const creator = rng.chance(0.7) ? PEOPLE[personRank(rng)] : rng.pick(PEOPLE);
    const sprintNo = rng.chance(0.45) ? rng.int(1, 26) : 0;
    const sprint = sprintNo ? `2026-S${String(sprintNo).padStart(2, "0")}` : undefined;
    const estimate = rng.chance(0.3)
      ? rng.pick(["30m", "1h", "2h", "4h", "1d", "2d", "3d", "1w", "1h30m"])
      : undefined;

    // Time: created within the last 18 months; every later event after it, none in the future.
    const created = NOW - Math.floor(rng.next() * 540 * DAY);
    let at = created;
    const later = () => {
      at = Math.min(NOW, at + Math.floor(rng.next() ** 2 * 10 * DAY) + 60_000);
      return at;
    };

    // Body: description paragraphs, planted terms, criteria.
    const paragraphs = [];
    const paragraphCount = type === "epic" ? rng.int(3, 6) : rng.int(1, 6);
    for (let k = 0; k < paragraphCount; k++) paragraphs.push(text.paragraph());
    for (const which of ["rare", "common"]) {
      if (!plantAt[which].has(i)) continue;
      const k = rng.int(0, paragraphs.length - 1);
      paragraphs[k] += ` The ${PLANTED[which].term} ${text.phrase(1, 3)} needs attention.`;
      plantedCounts[which] += 1;
      if (plantedIds[which].length < 20) plantedIds[which].push(id);
    }
    const criteria = [];
    if (rng.chance(type === "epic" ? 0.9 : 0.6)) {
      const n = rng.int(1, 5);
      for (let k = 0; k < n; k++) criteria.push(text.sentence(4, 12).replace(/\.$/, ""));
    }
    let body = composeBody({ description: paragraphs.join("\n\n"), criteria });
    if (status === "completed") body = body.replaceAll("- [ ] ", "- [x] ");
    body = appendActivity(body, { at: isoAt(created), author: creator, kind: "event", text: "created" });

    // History: transitions along the workflow, comments in between.
    const data = {
      id,
      type,
      title,
      status,
      priority: rng.weighted(PRIORITIES),
      assignee,
      tags: tags.length > 0 ? tags : undefined,
      parent,
      depends_on: depends.length > 0 ? depends : undefined,
      related: related.length > 0 ? related : undefined,
      sprint,
      estimate,
      created: isoAt(created),
      updated: isoAt(created),
    };
    let from = "pending";
    const actor = () => assignee ?? creator;
    const commentTotal = Number(rng.weighted({ 0: 35, 1: 30, 2: 18, 3: 10, 4: 5, 5: 2 }));
    const path = statusPath(rng, status);
    // Comments fall anywhere between the transitions, which keep their order.
    const steps = path.map((to) => ({ to }));
    for (let k = 0; k < commentTotal; k++) steps.splice(rng.int(0, steps.length), 0, { comment: true });
    for (const step of steps) {
      const when = isoAt(later());
      if (step.comment) {
        const lines = [`${rng.pick(COMMENT_OPENERS)} ${text.sentence(5, 16)}`];
        if (rng.chance(0.3)) lines.push(text.sentence(5, 16));
        body = appendActivity(body, {
          at: when,
          author: rng.chance(0.6) ? actor() : rng.pick(PEOPLE),
          kind: "comment",
          text: lines.join("\n"),
        });
      } else {
        body = appendActivity(body, {
          at: when,
          author: actor(),
          kind: "event",
          text: `status ${from} → ${step.to}`,
        });
        if (step.to === "in_progress" && data.started === undefined) data.started = when;
        if (step.to === "completed") data.completed = when;
        from = step.to;
      }
      data.updated = when;
    }
    const fields = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    const ticketText = render(fields, body);
    if (checked < 200 || i % 97 === 0) {
      // The memoized renderer must match the real one, and the file must parse as a valid ticket.
      if (ticketText !== renderTicketText(fields, body)) throw new Error(`Render mismatch for ${id}`);
      const probe = parseTicketFile(ticketText, "probe.md", { path: "probe.md", size: 0, mtimeMs: 0 });
      if (!probe.ok) throw new Error(`Generated ticket ${id} is invalid: ${probe.error}`);
      checked += 1;
    }
    const relPath = ticketPathFor(config, status, ticketFileName(id, title));
    writeFileSync(join(root, relPath), ticketText);
    bytes += Buffer.byteLength(ticketText);

    all.push(id);
    byType[type].push(id);
    if (i % 10_000 === 9_999) log(`  ${i + 1} tickets...`);
  }

  const manifest = {
    generator: GENERATOR_VERSION,
    seed,
    count,
    vocabulary: { source: vocab.source, words: vocab.words.length },
    planted: {
      rare: { term: PLANTED.rare.term, tickets: plantedCounts.rare, sample: plantedIds.rare },
      common: {
        term: PLANTED.common.term,
        tickets: plantedCounts.common,
        sample: plantedIds.common.slice(0, 5),
      },
    },
    statuses: statusCounts,
    tags: Object.fromEntries(Object.entries(tagCounts).sort((a, b) => b[1] - a[1])),
    types: Object.fromEntries(Object.entries(byType).map(([k, v]) => [k, v.length])),
    sample: {
      /** A task deep in the tree (has a parent), for `show`. */
      show: byType.task[Math.floor(byType.task.length / 2)] ?? all[Math.floor(all.length / 2)],
      epic: byType.epic[0],
    },
    bytes,
    generatedInMs: Math.round(performance.now() - started),
  };
  writeFileSync(join(root, "bench-manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads a generated project's manifest, or undefined. */
export function readManifest(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, "bench-manifest.json"), "utf8"));
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Command line

function usage() {
  return "usage: node bench/generate.mjs <dir> <count> [--seed N] [--force]";
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const positional = [];
  let seed = 1;
  let force = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--seed") seed = Number(args[++i]);
    else if (args[i] === "--force") force = true;
    else if (args[i] === "-h" || args[i] === "--help") {
      console.log(usage());
      process.exit(0);
    } else positional.push(args[i]);
  }
  const [dir, countText] = positional;
  const count = Number(countText);
  if (!dir || !Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
    console.error(usage());
    process.exit(2);
  }
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    console.error(`${dir} is not a folder`);
    process.exit(2);
  }
  const manifest = await generateProject(dir, count, { seed, force, log: (l) => console.error(l) });
  console.log(
    `Generated ${manifest.count} tickets (${(manifest.bytes / 1e6).toFixed(1)} MB) in ${dir} in ${(manifest.generatedInMs / 1000).toFixed(1)} s; ` +
      `"${manifest.planted.rare.term}" in ${manifest.planted.rare.tickets}, "${manifest.planted.common.term}" in ${manifest.planted.common.tickets}`,
  );
}
