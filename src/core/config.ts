import { z } from "zod";

/**
 * Project configuration (`.trackdown/config.yaml`). Every key has a default, so an empty file is
 * a valid configuration and a project only writes down what it changes.
 */

export const STATUS_CATEGORIES = ["todo", "active", "blocked", "review", "done", "cancelled"] as const;
export const StatusCategorySchema = z.enum(STATUS_CATEGORIES);
export type StatusCategory = z.infer<typeof StatusCategorySchema>;

/** Built-in gates a transition can be made to pass; each names what is missing when it fails. */
export const GATE_NAMES = ["acceptance_criteria", "dependencies_done", "children_done", "assignee"] as const;
export const GateNameSchema = z.enum(GATE_NAMES);
export type GateName = z.infer<typeof GateNameSchema>;

const FOLDER_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const STATUS_PATTERN = /^[a-z][a-z0-9_]*$/;

export const StatusDefSchema = z.object({
  category: StatusCategorySchema,
  folder: z.string().regex(FOLDER_PATTERN, "must be a plain folder name like in-progress"),
  label: z.string().optional(),
});
export type StatusDef = z.infer<typeof StatusDefSchema>;

export const TypeDefSchema = z.object({
  prefix: z.string().regex(/^[A-Z][A-Z0-9]{0,7}$/, "must be 1-8 upper-case letters or digits"),
  label: z.string().optional(),
});

const DEFAULT_STATUSES: Record<string, StatusDef> = {
  pending: { category: "todo", folder: "pending" },
  in_progress: { category: "active", folder: "in-progress" },
  review: { category: "review", folder: "review" },
  blocked: { category: "blocked", folder: "blocked" },
  completed: { category: "done", folder: "completed" },
  cancelled: { category: "cancelled", folder: "cancelled" },
};

const DEFAULT_TRANSITIONS: Record<string, string[]> = {
  pending: ["in_progress", "review", "completed", "blocked", "cancelled"],
  in_progress: ["pending", "review", "completed", "blocked", "cancelled"],
  review: ["in_progress", "completed", "blocked", "cancelled"],
  blocked: ["pending", "in_progress", "cancelled"],
  completed: ["pending", "in_progress"],
  cancelled: ["pending"],
};

const DEFAULT_TYPES = {
  epic: { prefix: "EP" },
  issue: { prefix: "ISS" },
  task: { prefix: "TSK" },
  bug: { prefix: "BUG" },
  feature: { prefix: "FEAT" },
  pr: { prefix: "PR" },
};

export const HookSchema = z.object({
  /** An event type (`created`, `transitioned`, ...) or `*` for every event. */
  on: z.string().min(1),
  /** For transitions: only when the new status is this one. */
  to: z.string().optional(),
  /** A shell command, run from the project root with the event as JSON on stdin. */
  run: z.string().min(1),
  timeout_ms: z.number().int().positive().default(10_000),
});
export type Hook = z.infer<typeof HookSchema>;

/**
 * `trackdown serve` settings. Tokens are never written here in clear (this file is committed):
 * each names an environment variable holding it, or its SHA-256 hex digest.
 */
export const ServerTokenSchema = z
  .object({
    role: z.enum(["read", "write"]),
    env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
      .optional(),
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex digits")
      .optional(),
  })
  .refine((t) => (t.env === undefined) !== (t.sha256 === undefined), "give exactly one of env or sha256");
export const ServerConfigSchema = z.object({
  tokens: z.array(ServerTokenSchema).default([]),
  /** Browser origins allowed to call the API across sites (CORS); none by default. */
  cors: z.array(z.url()).default([]),
});
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

/**
 * The background index: in a large project, a CLI command that ran in its own process starts a
 * `trackdown serve --background` (no HTTP; the CLI's commands only) that later commands hand
 * themselves to, and that exits after `idle_minutes` without one (docs/server.md).
 */
export const BackgroundConfigSchema = z.object({
  auto: z.boolean().default(true),
  /** Started only in projects of at least this many tickets, where a CLI call's scan costs. */
  from_tickets: z.number().int().nonnegative().default(2000),
  idle_minutes: z.number().positive().default(15),
});
export type BackgroundConfig = z.infer<typeof BackgroundConfigSchema>;

export const ConfigSchema = z.object({
  project: z.string().default("Trackdown project"),
  ids: z.enum(["random", "sequential"]).default("random"),
  layout: z.enum(["status-folders", "flat"]).default("status-folders"),
  types: z.record(z.string().regex(STATUS_PATTERN), TypeDefSchema).default(DEFAULT_TYPES),
  default_type: z.string().default("task"),
  statuses: z.record(z.string().regex(STATUS_PATTERN), StatusDefSchema).default(DEFAULT_STATUSES),
  initial_status: z.string().default("pending"),
  transitions: z.record(z.string(), z.array(z.string())).default(DEFAULT_TRANSITIONS),
  aliases: z.record(z.string(), z.string()).default({
    open: "pending",
    todo: "pending",
    wip: "in_progress",
    done: "completed",
    closed: "completed",
  }),
  gates: z
    .record(z.string(), z.array(GateNameSchema))
    .default({ completed: ["acceptance_criteria", "dependencies_done"] }),
  hooks: z.array(HookSchema).default([]),
  claims: z
    .object({
      /** How long a claim holds without a heartbeat. */
      lease_minutes: z.number().positive().default(30),
    })
    .prefault({}),
  limits: z
    .object({
      body_bytes: z.number().int().positive().default(1_000_000),
      // Longer than a crashed writer's lock takes to go stale (10 s), so waiting outlasts it.
      lock_timeout_ms: z.number().int().positive().default(30_000),
    })
    .prefault({}),
  registry: z
    .object({
      /** Regenerate the registry after every change made through Trackdown. */
      auto: z.boolean().default(true),
      /** Relative to the project root; outside tickets/ (which holds only tickets). */
      path: z
        .string()
        .regex(/^(?:[\w.-]+\/)*[\w.-]+\.md$/, "must be a relative .md path, like TICKET_REGISTRY.md")
        .refine(
          (p) => !p.split("/").includes("..") && !p.startsWith("tickets/"),
          "must stay inside the project, outside tickets/",
        )
        .default("TICKET_REGISTRY.md"),
    })
    .prefault({}),
  /** Optional, so projects without it keep their index (the index stamp hashes the config). */
  server: ServerConfigSchema.optional(),
  /** Optional for the same reason; `backgroundConfig` gives its defaults. */
  background: BackgroundConfigSchema.optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

/** The project's background index settings, defaults filled in. */
export function backgroundConfig(config: Config): BackgroundConfig {
  return config.background ?? BackgroundConfigSchema.parse({});
}

/** Parses raw config and checks that its parts refer to each other consistently. */
export function parseConfig(raw: unknown): { config: Config } | { issues: string[] } {
  const parsed = ConfigSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    return { issues: parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`) };
  }
  const config = parsed.data;
  const issues = crossCheck(config);
  return issues.length > 0 ? { issues } : { config };
}

function crossCheck(config: Config): string[] {
  const issues: string[] = [];
  const statuses = new Set(Object.keys(config.statuses));
  const known = (s: string) => statuses.has(s);
  if (!known(config.initial_status)) issues.push(`initial_status: unknown status "${config.initial_status}"`);
  if (!Object.hasOwn(config.types, config.default_type))
    issues.push(`default_type: unknown type "${config.default_type}"`);
  for (const [from, tos] of Object.entries(config.transitions)) {
    if (!known(from)) issues.push(`transitions.${from}: unknown status`);
    for (const to of tos) if (!known(to)) issues.push(`transitions.${from}: unknown status "${to}"`);
  }
  for (const [alias, target] of Object.entries(config.aliases)) {
    if (!known(target)) issues.push(`aliases.${alias}: unknown status "${target}"`);
  }
  for (const status of Object.keys(config.gates)) {
    if (!known(status)) issues.push(`gates.${status}: unknown status`);
  }
  const prefixes = Object.values(config.types).map((t) => t.prefix);
  const duplicate = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
  if (duplicate) issues.push(`types: prefix "${duplicate}" is used by more than one type`);
  return issues;
}

export const DEFAULT_CONFIG: Config = ConfigSchema.parse({});
