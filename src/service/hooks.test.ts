import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditEntries } from "./audit.js";
import { initProject } from "./init.js";
import { TicketService } from "./ticket-service.js";

let root: string;
let warnings: string[];

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-hooks-"));
  await initProject(root);
  warnings = [];
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function open(hooks: string): TicketService {
  writeFileSync(join(root, ".trackdown/config.yaml"), `hooks:\n${hooks}`);
  return TicketService.open({ root, actor: "qa-agent", onWarning: (m) => warnings.push(m) });
}

describe("hooks", () => {
  it("gives a matching hook the event on stdin and in the environment", async () => {
    const service = open(
      `  - on: transitioned\n    to: completed\n    run: cat > hook-event.json; printf '%s %s %s' "$TRACKDOWN_TICKET_ID" "$TRACKDOWN_TICKET_STATUS" "$TRACKDOWN_ACTOR" > hook-env.txt\n`,
    );
    try {
      const ticket = await service.create({ title: "Hooked" });
      await service.transition(ticket.id, "in_progress");
      await service.flush();
      expect(existsSync(join(root, "hook-event.json"))).toBe(false);
      await service.transition(ticket.id, "completed");
      await service.flush();
      const event = JSON.parse(readFileSync(join(root, "hook-event.json"), "utf8"));
      expect(event).toMatchObject({
        type: "transitioned",
        from: "in_progress",
        to: "completed",
        actor: "qa-agent",
      });
      expect(event.ticket.id).toBe(ticket.id);
      expect(readFileSync(join(root, "hook-env.txt"), "utf8")).toBe(`${ticket.id} completed qa-agent`);
      expect(warnings).toEqual([]);
    } finally {
      service.close();
    }
  });

  it("reports a failing or hanging hook, and the change still stands", async () => {
    const service = open(
      "  - on: created\n    run: exit 3\n  - on: created\n    run: sleep 30\n    timeout_ms: 300\n",
    );
    try {
      const ticket = await service.create({ title: "Still saved" });
      await service.flush();
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toContain(
        'hook "exit 3" for created failed: exit code 3; the change itself is saved',
      );
      expect(warnings[1]).toContain("timed out after 300 ms");
      expect(service.get(ticket.id).title).toBe("Still saved");
      expect(auditEntries(service).filter((e) => e.type === "hook-failed")).toHaveLength(2);
    } finally {
      service.close();
    }
  });
});

describe("audit log", () => {
  it("records who changed what, when, between which revisions", async () => {
    const service = open("");
    try {
      const created = await service.create({ title: "Audited" });
      const updated = await service.update(created.id, { priority: "high" });
      const moved = await service.transition(created.id, "in_progress");
      const entries = auditEntries(service, { id: created.id.toLowerCase() });
      expect(entries.map((e) => e.type)).toEqual(["created", "updated", "transitioned"]);
      expect(entries.every((e) => e.actor === "qa-agent")).toBe(true);
      expect(entries[0]).toMatchObject({ after: created.revision });
      expect(entries[1]).toMatchObject({
        before: created.revision,
        after: updated.revision,
        detail: { fields: ["priority"] },
      });
      expect(entries[2]).toMatchObject({
        before: updated.revision,
        after: moved.revision,
        detail: { from: "pending", to: "in_progress" },
      });
    } finally {
      service.close();
    }
  });
});
