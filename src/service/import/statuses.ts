import type { Config, StatusCategory } from "../../core/config.js";
import { invalidInput } from "../../core/errors.js";
import { resolveStatus } from "../../core/workflow.js";
import type { Reporter } from "./types.js";

/**
 * Source states to this project's statuses. A state that names a status or alias here (in any
 * spelling: `In Progress`, `in-progress`, `todo`) maps silently; any other one goes to the
 * first status of its nearest category (`Won't Do` → cancelled, `deferred` → blocked), and the
 * report says so. `--map-status old=new` overrides both.
 */

/** Spelling-insensitive key: `Won't Do`, `wont-do` and `WONT_DO` all become `wontdo`. */
export function squash(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "");
}

const CATEGORY_WORDS: Readonly<Record<StatusCategory, readonly string[]>> = {
  todo: [
    "new open todo backlog planned planning ready readyforengineering draft proposed triage icebox",
    "notstarted unstarted reopened queued later idea requested",
  ],
  active: [
    "inprogress doing active started wip engineering working indevelopment development implementing ongoing",
  ],
  review: [
    "review inreview readyforreview readyforqa qa testing tested test changesrequested approved verify",
    "readyfordeployment verification codereview validating awaitingreview pendingreview staging",
  ],
  blocked: ["blocked onhold hold waiting paused stalled deferred postponed suspended"],
  done: [
    "done completed complete closed resolved fixed merged deployed shipped released finished delivered archived",
  ],
  cancelled: [
    "cancelled canceled wontdo wontfix rejected abandoned obsolete duplicate invalid dropped declined",
    "notplanned discarded removed",
  ],
};

const CATEGORY_OF_WORD = new Map<string, StatusCategory>(
  Object.entries(CATEGORY_WORDS).flatMap(([category, lines]) =>
    lines.flatMap((line) => line.split(" ").map((word) => [word, category as StatusCategory] as const)),
  ),
);

/** Word stems for states no list names; the one found first in the state wins. */
const CATEGORY_STEMS: readonly [RegExp, StatusCategory][] = [
  [/cancel|reject|wont|abandon|obsolete|duplicate|declin/, "cancelled"],
  [/review|qa|test|approv|verif/, "review"],
  [/block|hold|wait|paus|defer|stuck/, "blocked"],
  [/progress|doing|working|develop|implement|wip|active/, "active"],
  [/done|complet|close|resolv|merg|fixed|finish|ship|deploy|releas/, "done"],
  [/todo|open|new|backlog|plan|ready|draft/, "todo"],
];

/** The category of the stem found first in the text: `blocked - waiting on review` is blocked. */
function categoryByStem(key: string): StatusCategory | undefined {
  let best: { at: number; category: StatusCategory } | undefined;
  for (const [stem, category] of CATEGORY_STEMS) {
    const at = key.search(stem);
    if (at >= 0 && (best === undefined || at < best.at)) best = { at, category };
  }
  return best?.category;
}

/** When a project has no status of a category, the next best one. */
const FALLBACK: Readonly<Record<StatusCategory, readonly StatusCategory[]>> = {
  todo: [],
  active: ["todo"],
  review: ["active", "todo"],
  blocked: ["todo"],
  done: ["cancelled"],
  cancelled: ["done"],
};

/** Whether a word (a folder name, say) reads as a state: `completed`, `in-progress`, `todo`. */
export function isStatusWord(word: string): boolean {
  const key = squash(word);
  return CATEGORY_OF_WORD.has(key) || CATEGORY_STEMS.some(([stem]) => stem.test(key));
}

export type StatusMapper = (raw: string | undefined, report: Reporter) => string;

/** Parses `--map-status` pairs (`old=new`); each target must be a status of this project. */
export function parseStatusMap(config: Config, pairs: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.lastIndexOf("=");
    const from = at > 0 ? pair.slice(0, at).trim() : "";
    const to = at > 0 ? pair.slice(at + 1).trim() : "";
    if (squash(from) === "" || to === "") {
      throw invalidInput(`--map-status takes old=new, for example "Won't Do=cancelled"; got "${pair}"`, {
        value: pair,
      });
    }
    map.set(squash(from), resolveStatus(config, to));
  }
  return map;
}

export function createStatusMapper(config: Config, overrides: ReadonlyMap<string, string>): StatusMapper {
  const known = new Map<string, string>();
  for (const status of Object.keys(config.statuses)) known.set(squash(status), status);
  for (const [alias, target] of Object.entries(config.aliases)) {
    if (!known.has(squash(alias))) known.set(squash(alias), target);
  }
  return (raw, report) => {
    const text = raw?.trim() ?? "";
    const key = squash(text);
    const override = overrides.get(key);
    if (override !== undefined) return override;
    if (key === "") {
      report("unknown-status", "fixed", "no status", `set to "${config.initial_status}"`);
      return config.initial_status;
    }
    const direct = known.get(key);
    if (direct !== undefined) return direct;
    const category = CATEGORY_OF_WORD.get(key) ?? categoryByStem(key);
    const target = category === undefined ? config.initial_status : statusOfCategory(config, category);
    const why = category === undefined ? "no category fits; the initial status" : `category ${category}`;
    report(
      "unknown-status",
      "fixed",
      `status "${text}" is not a status of this project`,
      `mapped to "${target}" (${why}); choose another with --map-status "${text}=<status>"`,
    );
    return target;
  };
}

function statusOfCategory(config: Config, category: StatusCategory): string {
  for (const wanted of [category, ...FALLBACK[category]]) {
    if (wanted === "todo") return config.initial_status;
    const found = Object.entries(config.statuses).find(([, def]) => def.category === wanted)?.[0];
    if (found !== undefined) return found;
  }
  return config.initial_status;
}
