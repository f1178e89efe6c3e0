/**
 * The SQLite index mirrors the ticket files; it is derived data and is rebuilt whenever its
 * schema version changes. Bump INDEX_VERSION on any change below.
 */
export const INDEX_VERSION = 8;

/** The columns of `tickets t` that hold a ticket's facts (TicketFacts), in the order the index reads them. */
export const FACT_COLUMNS =
  "t.id, t.type, t.title, t.status, t.priority, t.assignee, t.sprint, t.created, t.updated, t.started, t.completed, t.path";

/**
 * The columns a TicketSummary is read from (`toSummary` in ticket-index.ts), over `tickets t`:
 * `SELECT ${SUMMARY_COLUMNS} FROM tickets t WHERE …`.
 */
export const SUMMARY_COLUMNS =
  "t.path, t.revision, (SELECT d.data FROM ticket_data d WHERE d.rowid = t.rowid) AS data";

export const INDEX_DDL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

-- One row per ticket file seen, parsed or not: the refresh compares path, size and mtime.
CREATE TABLE IF NOT EXISTS files (
  path     TEXT PRIMARY KEY,
  size     INTEGER NOT NULL,
  mtime_ms REAL NOT NULL,
  error    TEXT
);

-- One row per parsed ticket. "id_key" is the upper-cased ID used for case-insensitive lookup.
-- Dates are ISO-8601 strings as written in the file; each "<date>_at" is its instant in ms since the
-- epoch (core's timeOf; NULL when unreadable), so reports order and measure by time in SQL
-- (index-reports.ts). "blocked_reason" is why a ticket in a blocked status is blocked (core's
-- blockedReason: its field, else its last move to blocked), NULL otherwise or when nothing says.
-- The frontmatter as JSON is in ticket_data, below.
CREATE TABLE IF NOT EXISTS tickets (
  rowid         INTEGER PRIMARY KEY,
  path          TEXT NOT NULL UNIQUE REFERENCES files(path) ON DELETE CASCADE,
  id            TEXT NOT NULL,
  id_key        TEXT NOT NULL,
  type          TEXT NOT NULL,
  title         TEXT NOT NULL,
  status        TEXT NOT NULL,
  category      TEXT NOT NULL,
  priority      TEXT NOT NULL,
  priority_rank INTEGER NOT NULL,
  assignee      TEXT,
  parent        TEXT,
  duplicate_of  TEXT,
  sprint        TEXT,
  created       TEXT NOT NULL,
  updated       TEXT NOT NULL,
  started       TEXT,
  completed     TEXT,
  created_at    REAL,
  updated_at    REAL,
  started_at    REAL,
  completed_at  REAL,
  blocked_reason TEXT,
  claim_agent   TEXT,
  claim_expires TEXT,
  revision      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tickets_id_key ON tickets(id_key);
CREATE INDEX IF NOT EXISTS tickets_status ON tickets(status);
-- The reports count per category, assignee and sprint, measure done tickets' times and find the
-- newest update from these indexes alone, without reading the rows.
CREATE INDEX IF NOT EXISTS tickets_assignee ON tickets(assignee, category);
CREATE INDEX IF NOT EXISTS tickets_category ON tickets(category, assignee, created_at, started_at, completed_at);
CREATE INDEX IF NOT EXISTS tickets_sprint ON tickets(sprint, category);
CREATE INDEX IF NOT EXISTS tickets_updated_at ON tickets(updated_at);
CREATE INDEX IF NOT EXISTS tickets_parent ON tickets(parent);
CREATE INDEX IF NOT EXISTS tickets_updated ON tickets(updated);
-- The registry's short lists, in their own orders, so that each reads its 20 rows and no more.
CREATE INDEX IF NOT EXISTS tickets_to_do ON tickets(category, priority_rank DESC, coalesce(created_at, 0), id_key, path);
CREATE INDEX IF NOT EXISTS tickets_recently_done ON tickets(category, coalesce(completed_at, 0) DESC, id_key, path);
-- The default order (most urgent first, then oldest, then ID): a page of it reads a few rows.
CREATE INDEX IF NOT EXISTS tickets_default_order ON tickets(priority_rank DESC, created, id_key);

-- Tickets per status, per assignee and per sprint, each by status category, kept as rows are
-- written (ticket-counts.ts), so that the reports read a few rows rather than an index of every
-- ticket; rows at n = 0 stay. And writes of ticket rows per category: a long-lived process keeps
-- what it read of a category until its count moves (category-memo.ts). Kept by the index's code
-- rather than by triggers: with triggers on tickets, the statements that write tickets and files
-- ran several times slower (a 10k-ticket rebuild took 9.5 s instead of 7.5).
CREATE TABLE IF NOT EXISTS ticket_counts (
  dimension TEXT NOT NULL,
  value     TEXT NOT NULL,
  category  TEXT NOT NULL,
  n         INTEGER NOT NULL,
  PRIMARY KEY (dimension, value, category)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS category_changes (
  category TEXT PRIMARY KEY,
  changes  INTEGER NOT NULL
) WITHOUT ROWID;

-- Each ticket's frontmatter as JSON, under its tickets.rowid: apart, so the scans of the reports and
-- the filters read narrow rows (the JSON is half of a row's bytes).
CREATE TABLE IF NOT EXISTS ticket_data (
  rowid INTEGER PRIMARY KEY REFERENCES tickets(rowid) ON DELETE CASCADE,
  data  TEXT NOT NULL
);

-- Tags and relations, one row per value. Relation targets are upper-cased IDs.
CREATE TABLE IF NOT EXISTS tags (
  ticket INTEGER NOT NULL REFERENCES tickets(rowid) ON DELETE CASCADE,
  tag    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag COLLATE NOCASE, ticket);
CREATE INDEX IF NOT EXISTS tags_ticket ON tags(ticket);

CREATE TABLE IF NOT EXISTS relations (
  ticket INTEGER NOT NULL REFERENCES tickets(rowid) ON DELETE CASCADE,
  kind   TEXT NOT NULL,
  target TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_target ON relations(kind, target);
CREATE INDEX IF NOT EXISTS relations_ticket ON relations(ticket);

-- Full text over title and body (the body holds description, criteria and comments).
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
  title, body, tokenize = 'unicode61 remove_diacritics 2'
);
`;
