import { spawn } from "node:child_process";
import type { Hook } from "../core/config.js";
import { appendAudit } from "../store/audit-log.js";
import type { TicketEvent } from "./events.js";
import type { TicketService } from "./ticket-service.js";

/**
 * User hooks: shell commands from config run after an event, with the event as JSON on stdin
 * and in environment variables. They run after the change is on disk, so a failing or hanging
 * hook is reported and never undoes or corrupts it.
 */

/** Hooks that call trackdown would trigger hooks again; stop the chain at this depth. */
const MAX_DEPTH = 2;
/** Environment variables are limited in size; the JSON there is cut, stdin has it whole. */
const ENV_JSON_LIMIT = 64 * 1024;

export interface HookResult {
  readonly hook: string;
  readonly ok: boolean;
  /** Exit code, or undefined when killed or not started. */
  readonly code: number | undefined;
  readonly reason?: string;
}

export function matchingHooks(hooks: readonly Hook[], event: TicketEvent): Hook[] {
  return hooks.filter((hook) => {
    if (hook.on !== "*" && hook.on !== event.type) return false;
    if (hook.to === undefined) return true;
    if (event.type === "transitioned") return event.to === hook.to;
    // Steps, runs and claims move tickets too; their events carry the move.
    return "transition" in event && event.transition?.to === hook.to;
  });
}

/** Runs the configured hooks for every event of `service`; `warn` hears of failures. */
export function attachHooks(service: TicketService, warn: (message: string) => void): void {
  const hooks = service.project.config.hooks;
  const depth = Number(process.env.TRACKDOWN_HOOK_DEPTH ?? "0");
  if (hooks.length === 0 || depth >= MAX_DEPTH) return;
  service.on((event) => {
    for (const hook of matchingHooks(hooks, event)) {
      const run = runHook(hook, event, service.project.paths.root, depth).then((result) => {
        if (result.ok) return;
        warn(`hook "${hook.run}" for ${event.type} failed: ${result.reason}; the change itself is saved`);
        appendAudit(service.project.paths.auditDir, {
          at: event.at,
          actor: event.actor,
          type: "hook-failed",
          hook: hook.run,
          event: event.type,
          reason: result.reason,
        });
      });
      service.track(run);
    }
  });
}

export function hookEnvironment(event: TicketEvent, depth: number): Record<string, string> {
  const json = JSON.stringify(event);
  const ticket = "ticket" in event ? event.ticket : undefined;
  return {
    TRACKDOWN_EVENT: event.type,
    TRACKDOWN_EVENT_JSON: json.length <= ENV_JSON_LIMIT ? json : "",
    TRACKDOWN_TICKET_ID: ticket?.id ?? ("id" in event ? event.id : ""),
    TRACKDOWN_TICKET_STATUS: ticket?.status ?? "",
    TRACKDOWN_TICKET_PATH: ticket?.path ?? ("path" in event ? event.path : ""),
    TRACKDOWN_ACTOR: event.actor,
    TRACKDOWN_HOOK_DEPTH: String(depth + 1),
  };
}

/** Runs one hook; its output goes to stderr, because stdout belongs to the command's result. */
export function runHook(hook: Hook, event: TicketEvent, cwd: string, depth: number): Promise<HookResult> {
  return new Promise((resolve) => {
    const child = spawn(hook.run, {
      cwd,
      shell: true,
      detached: true,
      env: { ...process.env, ...hookEnvironment(event, depth) },
      stdio: ["pipe", "pipe", "pipe"],
    });
    child.stdout.pipe(process.stderr, { end: false });
    child.stderr.pipe(process.stderr, { end: false });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, hook.timeout_ms);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ hook: hook.run, ok: false, code: undefined, reason: error.message });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut)
        resolve({
          hook: hook.run,
          ok: false,
          code: undefined,
          reason: `timed out after ${hook.timeout_ms} ms`,
        });
      else if (code === 0) resolve({ hook: hook.run, ok: true, code });
      else
        resolve({
          hook: hook.run,
          ok: false,
          code: code ?? undefined,
          reason: signal ? `killed by ${signal}` : `exit code ${code}`,
        });
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(JSON.stringify(event));
  });
}

/** Kills the hook and anything it started (it runs in its own process group). */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
