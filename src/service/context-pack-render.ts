import type { ContextPack } from "./context-pack.js";

/** The context pack as compact Markdown for a prompt. Every section is always present. */
export function renderContextMarkdown(pack: ContextPack): string {
  return [
    header(pack),
    description(pack),
    criteria(pack),
    relations(pack),
    workflow(pack),
    work(pack),
    activity(pack),
  ]
    .join("\n\n")
    .concat("\n");
}

function header(p: ContextPack): string {
  const facts = [
    `type: ${p.type}`,
    `status: ${p.status}`,
    `priority: ${p.priority}`,
    `assignee: ${p.assignee ?? "none"}`,
    p.tags.length > 0 ? `tags: ${p.tags.join(", ")}` : "",
    p.sprint ? `sprint: ${p.sprint}` : "",
    p.estimate === null ? "" : `estimate: ${p.estimate}`,
  ].filter((f) => f !== "");
  return [
    `# ${p.id}: ${p.title}`,
    facts.join(" · "),
    `parent: ${p.parent ? ref(p.parent) : "none"}`,
    `file: ${p.path} · revision ${p.revision} · updated ${p.updated}`,
  ].join("\n");
}

const ref = (r: { id: string; title: string | null; status: string }): string =>
  r.title === null ? `${r.id} (missing)` : `${r.id} "${r.title}" (${r.status})`;

function description(p: ContextPack): string {
  const cut = p.omitted.description_chars > 0 ? `\n(${p.omitted.description_chars} characters cut)` : "";
  return `## Description\n${p.description || "none"}${cut}`;
}

function criteria(p: ContextPack): string {
  const items = p.criteria.map((c) => `- [${c.done ? "x" : " "}] ${c.text}`);
  const open = p.criteria.filter((c) => !c.done).length;
  const head = p.criteria.length > 0 ? ` (${open} of ${p.criteria.length} open)` : "";
  return `## Acceptance criteria${head}\n${items.join("\n") || "none"}`;
}

function relations(p: ContextPack): string {
  const deps = p.dependencies.map((d) => `- ${ref(d)}${d.done ? " done" : " open"}`);
  const c = p.children;
  const counts = Object.entries(c.by_status).map(([status, n]) => `${status} ${n}`);
  const children =
    c.total === 0 ? "none" : `${c.total}: ${c.done} done, ${c.open} open (${counts.join(", ")})`;
  return `## Dependencies\n${deps.join("\n") || "none"}\n\n## Children\n${children}`;
}

function workflow(p: ContextPack): string {
  if (!p.workflow) return "## Workflow\nnone";
  const lines = p.workflow.steps.map((s) => {
    const due = p.workflow?.current?.step === s.step ? " ← current" : "";
    const progress = s.status === "in_progress" ? ` ${s.progress}%` : "";
    return `${s.step}. ${s.agent}: ${s.status}${progress}${s.note ? ` (${s.note})` : ""}${due}`;
  });
  return `## Workflow${p.workflow.finished ? " (finished)" : ""}\n${lines.join("\n")}`;
}

function work(p: ContextPack): string {
  const claim = p.claim ? `${p.claim.agent} since ${p.claim.since}, lease until ${p.claim.expires}` : "none";
  const run = p.last_run;
  let last = "none";
  if (run) {
    const seconds = (run.duration_ms / 1000).toFixed(1);
    last = `\`${run.command}\` ${run.outcome} (exit ${run.exit_code}) by ${run.agent} at ${run.finished}, ${seconds}s`;
    if (run.output_tail) last += `\n\`\`\`\n${run.output_tail.replace(/`{3,}/g, "'''")}\n\`\`\``;
  }
  return `## Claim\n${claim}\n\n## Last run\n${last}`;
}

function activity(p: ContextPack): string {
  const shown = p.activity.length;
  const total = shown + p.omitted.activity;
  const head = total > shown ? ` (last ${shown} of ${total})` : "";
  const lines = p.activity.map((e) => {
    const text = e.text.replace(/\n/g, "\n  ");
    return e.kind === "comment"
      ? `- ${e.at} ${e.author} commented: ${text}`
      : `- ${e.at} ${e.author}: ${text}`;
  });
  return `## Activity${head}\n${lines.join("\n") || "none"}`;
}
