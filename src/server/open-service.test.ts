import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { initProject } from "../service/init.js";
import { TicketService } from "../service/ticket-service.js";
import { openServerService, SERVER_PAGE_CACHE_MIB } from "./open-service.js";

let root: string;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "td-open-service-"));
  await initProject(root);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

const cacheSize = (service: TicketService) => service.project.index.db.pragma("cache_size", { simple: true });

describe("openServerService", () => {
  it("gives the server's index connection a larger page cache than a command's", () => {
    const server = openServerService({ root, actor: "server" });
    const command = TicketService.open({ root, actor: "cli" });
    try {
      expect(cacheSize(server)).toBe(-SERVER_PAGE_CACHE_MIB * 1024);
      // better-sqlite3's default (negative: KiB), smaller than the server's.
      expect(Number(cacheSize(command))).toBeGreaterThan(-SERVER_PAGE_CACHE_MIB * 1024);
    } finally {
      server.close();
      command.close();
    }
  });
});
