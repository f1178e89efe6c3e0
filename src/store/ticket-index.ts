import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { timeOf } from "../core/analytics-time.js";
import type { Config } from "../core/config.js";
import { idKey } from "../core/ids.js";
import { blockedReason } from "../core/registry-render.js";
import { PRIORITY_RANK, type Ticket, type TicketFields, type TicketSummary } from "../core/schema.js";

export type { TicketSummary };

import { categoryOf } from "../core/workflow.js";
import { CategoryMemo, GENERATION } from "./category-memo.js";
import { INDEX_DDL, INDEX_VERSION, SUMMARY_COLUMNS } from "./index-schema.js";
import type { ProjectPaths } from "./project.js";
import { type CountedRow, countRow } from "./ticket-counts.js";
import { type FileStat, type LoadedTicket, loadTicketFile, scanTicketFiles, statOf } from "./ticket-files.js";

export interface RefreshReport {
  readonly scanned: number;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly durationMs: number;
}

export interface IndexedFile {
  readonly path: string;
  readonly error: string | null;
}

interface FileRow {
  path: string;
  size: number;
  mtime_ms: number;
}

export interface IndexOptions {
  /**
   * Read the index through a memory map instead of a read() per page. For short-lived processes
   * (the CLI): a report's first pass over the rows costs a third less in a fresh process. A
   * long-lived one keeps pages in its cache anyway, and a map would count the whole file in its
   * memory. Safe against truncation: the index never shrinks its file (no auto-vacuum), and a
   * corrupt one is deleted, not truncated, so a mapped page never vanishes under a reader.
   */
  readonly memoryMap?: boolean | undefined;
}

/**
 * The SQLite mirror of the ticket files. Derived data only: a missing, corrupt or outdated
 * index is rebuilt from the files, so correctness never depends on it.
 */
export class TicketIndex {
  private readonly statements = new Map<string, Database.Statement>();
  private refreshesStarted = 0;
  /** Report values kept per status category, for a process that reports again and again. */
  readonly memo: CategoryMemo;

  private constructor(
    readonly db: Database.Database,
    private readonly paths: ProjectPaths,
    private readonly config: Config,
  ) {
    this.memo = new CategoryMemo(db);
  }

  static open(paths: ProjectPaths, config: Config, options: IndexOptions = {}): TicketIndex {
    mkdirSync(paths.cacheDir, { recursive: true });
    try {
      return TicketIndex.openFile(paths, config, options);
    } catch {
      // A corrupt or foreign file is only a cache: start over.
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${paths.indexFile}${suffix}`, { force: true });
      return TicketIndex.openFile(paths, config, options);
    }
  }

  private static openFile(paths: ProjectPaths, config: Config, options: IndexOptions): TicketIndex {
    const db = new Database(paths.indexFile);
    db.pragma("busy_timeout = 10000");
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    if (options.memoryMap) db.pragma(`mmap_size = ${MMAP_BYTES}`);
    const index = new TicketIndex(db, paths, config);
    index.ensureSchema();
    return index;
  }

  /** The schema version and the config's hash: a change to either invalidates every row. */
  private ensureSchema(): void {
    const stamp = schemaStamp(this.config);
    const current = this.readMeta("stamp");
    if (current === stamp) return;
    this.db
      .transaction(() => {
        if (this.readMeta("stamp") !== stamp) this.recreate(stamp);
      })
      .immediate();
  }

  /**
   * Drops every table, whatever schema version made them, and creates the current ones: empty,
   * stamped with `stamp`. Called inside a write transaction.
   */
  private recreate(stamp: string): void {
    const tables = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    // The full-text table first: dropping it drops its own tables (fts_data, ...).
    for (const table of ["fts", ...tables]) this.db.exec(`DROP TABLE IF EXISTS "${table}"`);
    this.db.exec(INDEX_DDL);
    // Statements prepared against the dropped tables are invalid now.
    this.statements.clear();
    this.writeMeta("stamp", stamp);
    this.writeMeta(GENERATION, randomUUID());
  }

  private readMeta(key: string): string | undefined {
    try {
      return this.statement("SELECT value FROM meta WHERE key = ?").pluck().get(key) as string | undefined;
    } catch {
      return undefined;
    }
  }

  private writeMeta(key: string, value: string): void {
    this.statement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)").run(key, value);
  }

  /** A prepared statement, prepared once per connection: preparing costs more than most runs. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    this.db.close();
  }

  /**
   * Lets SQLite keep up to `mebibytes` of the index's pages in this connection's memory, for a
   * long-lived process that reads the same pages again and again (better-sqlite3's default: 16 MiB).
   */
  /** How many refreshes have started on this instance: what a caller tells "looked since" by. */
  get refreshes(): number {
    return this.refreshesStarted;
  }

  keepPagesInMemory(mebibytes: number): void {
    this.db.pragma(`cache_size = -${Math.round(mebibytes * 1024)}`);
  }

  /**
   * Brings the index in line with the files, reading only those whose size or mtime changed.
   *
   * Every read does this first, so the common case (nothing changed) is made cheap: the scan's
   * fingerprint (every path, size and mtime) is compared with the one stored when the rows last
   * matched the files, and only on a difference are the `files` rows read and compared.
   */
  refresh(): RefreshReport {
    const started = performance.now();
    this.refreshesStarted += 1;
    const onDisk = scanTicketFiles(this.paths);
    const fingerprint = fingerprintOf(onDisk);
    if (this.readMeta(FINGERPRINT) === fingerprint) {
      return {
        scanned: onDisk.length,
        added: 0,
        changed: 0,
        removed: 0,
        durationMs: performance.now() - started,
      };
    }
    const known = new Map<string, FileRow>();
    for (const row of this.statement("SELECT path, size, mtime_ms FROM files").all() as FileRow[]) {
      known.set(row.path, row);
    }
    let added = 0;
    const stale = onDisk.filter((file) => {
      const row = known.get(file.path);
      known.delete(file.path);
      if (row === undefined) added += 1;
      return row === undefined || row.size !== file.size || row.mtime_ms !== file.mtimeMs;
    });
    const gone = [...known.keys()];
    const loaded = stale.map((file) => loadTicketFile(this.paths.root, file.path));
    this.db
      .transaction(() => {
        // Another process may have moved or rewritten a file since we scanned it (and
        // recorded that already): check again under the write lock, so a stale scan never
        // resurrects a row. Anything that changed meanwhile is left to the next refresh, and
        // then the fingerprint is not stored, since the rows do not match this scan.
        let matches = true;
        for (const path of gone) {
          if (!statOf(this.paths.root, path)) this.removeRow(path);
          else matches = false;
        }
        for (const entry of loaded) {
          const path = entry.ok ? entry.ticket.path : entry.path;
          const current = statOf(this.paths.root, path);
          if (!current) {
            this.removeRow(path);
            matches = false;
          } else if (sameStat(current, entry.stat)) this.writeRow(entry);
          else matches = false;
        }
        if (matches) this.writeMeta(FINGERPRINT, fingerprint);
      })
      .immediate();
    return {
      scanned: onDisk.length,
      added,
      changed: stale.length - added,
      removed: gone.length,
      durationMs: performance.now() - started,
    };
  }

  /** Drops every table, whatever made them, and reads every file again: `reindex` mends any index. */
  rebuild(): RefreshReport {
    this.db.transaction(() => this.recreate(schemaStamp(this.config))).immediate();
    return this.refresh();
  }

  /** Records what a write just put on disk, so the next refresh has nothing to do for it. */
  record(entry: LoadedTicket, previousPath?: string): void {
    this.db
      .transaction(() => {
        const path = entry.ok ? entry.ticket.path : entry.path;
        if (previousPath !== undefined && previousPath !== path) this.removeRow(previousPath);
        this.writeRow(entry);
      })
      .immediate();
  }

  forget(path: string): void {
    this.db.transaction(() => this.removeRow(path)).immediate();
  }

  private removeRow(path: string): void {
    const row = this.statement(
      "SELECT rowid, status, category, assignee, sprint FROM tickets WHERE path = ?",
    ).get(path) as (CountedRow & { rowid: number }) | undefined;
    if (row !== undefined) {
      const { rowid } = row;
      countRow((sql) => this.statement(sql), row, -1);
      this.statement("DELETE FROM tags WHERE ticket = ?").run(rowid);
      this.statement("DELETE FROM relations WHERE ticket = ?").run(rowid);
      this.statement("DELETE FROM fts WHERE rowid = ?").run(rowid);
      this.statement("DELETE FROM ticket_data WHERE rowid = ?").run(rowid);
      this.statement("DELETE FROM tickets WHERE rowid = ?").run(rowid);
    }
    this.statement("DELETE FROM files WHERE path = ?").run(path);
  }

  private writeRow(entry: LoadedTicket): void {
    const path = entry.ok ? entry.ticket.path : entry.path;
    this.removeRow(path);
    if (!entry.stat) return;
    const error = entry.ok ? null : entry.error;
    this.statement("INSERT INTO files (path, size, mtime_ms, error) VALUES (?, ?, ?, ?)").run(
      path,
      entry.stat.size,
      entry.stat.mtimeMs,
      error,
    );
    if (entry.ok) this.insertTicket(entry.ticket);
  }

  private insertTicket(ticket: Ticket): void {
    const { body, path, revision, ...fields } = ticket;
    const category = categoryOf(this.config, fields.status);
    const result = this.statement(
      `INSERT INTO tickets (path, id, id_key, type, title, status, category, priority, priority_rank,
           assignee, parent, duplicate_of, sprint, created, updated, started, completed,
           created_at, updated_at, started_at, completed_at, blocked_reason, claim_agent, claim_expires,
           revision)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      path,
      fields.id,
      idKey(fields.id),
      fields.type,
      fields.title,
      fields.status,
      category,
      fields.priority,
      PRIORITY_RANK[fields.priority],
      fields.assignee ?? null,
      fields.parent ?? null,
      fields.duplicate_of ?? null,
      fields.sprint ?? null,
      fields.created,
      fields.updated,
      fields.started ?? null,
      fields.completed ?? null,
      timeOf(fields.created) ?? null,
      timeOf(fields.updated) ?? null,
      timeOf(fields.started) ?? null,
      timeOf(fields.completed) ?? null,
      category === "blocked" ? (blockedReason(fields.blocked_reason, body, this.config) ?? null) : null,
      fields.claim?.agent ?? null,
      fields.claim?.expires ?? null,
      revision,
    );
    const rowid = Number(result.lastInsertRowid);
    const counted = {
      status: fields.status,
      category,
      assignee: fields.assignee ?? null,
      sprint: fields.sprint ?? null,
    };
    countRow((sql) => this.statement(sql), counted, 1);
    this.statement("INSERT INTO ticket_data (rowid, data) VALUES (?, ?)").run(rowid, JSON.stringify(fields));
    this.insertLinks(rowid, fields);
    this.statement("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)").run(rowid, fields.title, body);
  }

  private insertLinks(rowid: number, fields: TicketFields): void {
    const tag = this.statement("INSERT INTO tags (ticket, tag) VALUES (?, ?)");
    for (const value of new Set(fields.tags)) tag.run(rowid, value);
    const relation = this.statement("INSERT INTO relations (ticket, kind, target) VALUES (?, ?, ?)");
    for (const kind of ["depends_on", "blocks", "related"] as const) {
      for (const target of new Set(fields[kind].map(idKey))) relation.run(rowid, kind, target);
    }
    if (fields.parent) relation.run(rowid, "parent", idKey(fields.parent));
    if (fields.duplicate_of) relation.run(rowid, "duplicate_of", idKey(fields.duplicate_of));
  }

  /** Tickets whose ID equals `text` or starts with it, case-insensitively. */
  lookup(text: string): { id: string; path: string }[] {
    const key = idKey(text);
    const exact = this.db.prepare("SELECT id, path FROM tickets WHERE id_key = ?").all(key) as {
      id: string;
      path: string;
    }[];
    if (exact.length > 0) return exact;
    return this.db
      .prepare("SELECT id, path FROM tickets WHERE id_key >= ? AND id_key < ? ORDER BY id_key LIMIT 20")
      .all(key, `${key}\uffff`) as { id: string; path: string }[];
  }

  summaries(sql: string, params: readonly unknown[]): TicketSummary[] {
    const rows = this.db.prepare(sql).all(...params) as { path: string; revision: string; data: string }[];
    return rows.map(toSummary);
  }

  count(sql: string, params: readonly unknown[]): number {
    const row = this.db.prepare(sql).get(...params) as { n: number } | undefined;
    return row?.n ?? 0;
  }

  /** Summaries of the given IDs (upper-cased keys), in no particular order. */
  byIds(keys: readonly string[]): TicketSummary[] {
    if (keys.length === 0) return [];
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM tickets t WHERE t.id_key IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(keys)) as { path: string; revision: string; data: string }[];
    return rows.map(toSummary);
  }

  /** Tickets pointing at `id` through a relation (`parent`, `depends_on`, ...). */
  referencing(id: string, kind?: string): TicketSummary[] {
    const sql = `SELECT ${SUMMARY_COLUMNS} FROM relations r JOIN tickets t ON t.rowid = r.ticket
      WHERE r.target = ? ${kind ? "AND r.kind = ?" : ""} ORDER BY t.id_key`;
    const params = kind ? [idKey(id), kind] : [idKey(id)];
    return (this.db.prepare(sql).all(...params) as { path: string; revision: string; data: string }[]).map(
      toSummary,
    );
  }

  allSummaries(): TicketSummary[] {
    return this.summaries(`SELECT ${SUMMARY_COLUMNS} FROM tickets t ORDER BY t.id_key`, []);
  }

  ticketCount(): number {
    return this.count("SELECT count(*) AS n FROM tickets", []);
  }

  /** Files that could not be read as tickets, with the reason. */
  malformed(): { path: string; error: string }[] {
    return this.db.prepare("SELECT path, error FROM files WHERE error IS NOT NULL ORDER BY path").all() as {
      path: string;
      error: string;
    }[];
  }

  /** IDs held by more than one file. */
  duplicates(): { id: string; paths: string[] }[] {
    const rows = this.db
      .prepare(
        `SELECT id_key, group_concat(path, char(10)) AS paths, min(id) AS id FROM tickets
         GROUP BY id_key HAVING count(*) > 1 ORDER BY id_key`,
      )
      .all() as { id: string; paths: string }[];
    return rows.map((row) => ({ id: row.id, paths: row.paths.split("\n").sort() }));
  }

  /** Whether a ticket holds this ID (an upper-cased key). */
  hasId(key: string): boolean {
    return this.statement("SELECT 1 FROM tickets WHERE id_key = ? LIMIT 1").get(key) !== undefined;
  }

  /** Every ID in the project, for allocating a new one. */
  idKeys(): Set<string> {
    const rows = this.db.prepare("SELECT id_key FROM tickets").pluck().all() as string[];
    return new Set(rows);
  }
}

function toSummary(row: { path: string; revision: string; data: string }): TicketSummary {
  // Completed in place rather than spread into a copy: registries and stats read every row.
  const summary = JSON.parse(row.data) as TicketFields & { path: string; revision: string };
  summary.path = row.path;
  summary.revision = row.revision;
  return summary;
}

/**
 * The index's schema version and a hash of the config its rows were derived with. The settings
 * of the server and of the background index derive nothing in it, and changing them keeps it.
 */
function schemaStamp(config: Config): string {
  const { server: _server, background: _background, ...derivedWith } = config;
  const configHash = createHash("sha256").update(JSON.stringify(derivedWith)).digest("hex").slice(0, 12);
  return `${INDEX_VERSION}:${configHash}`;
}

const FINGERPRINT = "files_fingerprint";
const MMAP_BYTES = 1024 * 1024 * 1024;

/** One hash of every path, size and mtime of a scan: equal fingerprints, same files. */
function fingerprintOf(files: readonly FileStat[]): string {
  // The paths as one string and the sizes and mtimes as raw doubles, each hashed at once: an
  // update() per file, or writing every mtime out as text, costs more than the hashing.
  let paths = "";
  const numbers = new Float64Array(files.length * 2);
  files.forEach((file, i) => {
    paths += `${file.path}\n`;
    numbers[2 * i] = file.size;
    numbers[2 * i + 1] = file.mtimeMs;
  });
  return createHash("sha1").update(paths).update(new Uint8Array(numbers.buffer)).digest("base64");
}

function sameStat(a: FileStat, b: FileStat | undefined): boolean {
  return b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
