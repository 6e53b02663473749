import type Database from 'better-sqlite3';
import { usageError } from '../errors/index.js';
import { trickleTableSql } from '../trickle/store.js';

/**
 * The journal's schema as a list of migrations, applied in order and counted in
 * `PRAGMA user_version`: a journal written by an older version is brought forward on open, never
 * misread. Append a migration for every change; never edit one that has shipped.
 */
const MIGRATIONS: Array<(db: Database.Database) => void> = [
  // 1: the first layout (users keyed by their position in the source).
  (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS sources (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        description TEXT NOT NULL,
        query TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS runs (
        id INTEGER PRIMARY KEY,
        source_id INTEGER NOT NULL REFERENCES sources(id),
        command TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        summary TEXT
      );
      CREATE TABLE IF NOT EXISTS users (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        row INTEGER NOT NULL,
        local_id TEXT,
        email TEXT NOT NULL,
        lane TEXT NOT NULL,
        status TEXT NOT NULL,
        workos_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error_message TEXT,
        request_id TEXT,
        run_id INTEGER,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source_id, row)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS users_status ON users(source_id, status);
    `),
  // 2: users keyed by identity (see identity.ts), with their origin and the external id they were
  // planned with; the source location kept as data; paused webhooks and the process lock durable.
  (db) =>
    db.exec(`
      CREATE TABLE users_v2 (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        key TEXT NOT NULL,
        row INTEGER NOT NULL,
        local_id TEXT,
        external_id TEXT,
        email TEXT NOT NULL,
        lane TEXT NOT NULL,
        status TEXT NOT NULL,
        origin TEXT,
        workos_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error_message TEXT,
        request_id TEXT,
        run_id INTEGER,
        created_run INTEGER,
        seen_run INTEGER,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source_id, key)
      ) WITHOUT ROWID;
      INSERT INTO users_v2 (source_id, key, row, local_id, external_id, email, lane, status, origin,
        workos_id, attempts, error_code, error_message, request_id, run_id, created_run, updated_at)
      SELECT source_id,
        CASE WHEN COALESCE(local_id, '') != '' THEN 'id:' || local_id
             WHEN email != '' THEN 'email:' || lower(trim(email))
             ELSE 'row:' || row END
          || CASE WHEN row = MIN(row) OVER (PARTITION BY source_id,
                  CASE WHEN COALESCE(local_id, '') != '' THEN 'id:' || local_id
                       WHEN email != '' THEN 'email:' || lower(trim(email)) ELSE 'row:' || row END)
                THEN '' ELSE '#row:' || row END,
        row, local_id, NULLIF(local_id, ''), email, lane, status,
        CASE status WHEN 'created' THEN 'created' WHEN 'linked' THEN 'linked' END,
        workos_id, attempts, error_code, error_message, request_id, run_id,
        CASE status WHEN 'created' THEN run_id END, updated_at
      FROM users;
      DROP TABLE users;
      ALTER TABLE users_v2 RENAME TO users;
      CREATE INDEX users_status ON users(source_id, status);
      CREATE INDEX users_row ON users(source_id, row);
      ALTER TABLE sources ADD COLUMN location TEXT;
      CREATE TABLE paused_webhooks (
        endpoint_id TEXT PRIMARY KEY,
        run_id INTEGER,
        paused_at TEXT NOT NULL
      );
      CREATE TABLE lock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        process_started TEXT,
        command TEXT NOT NULL,
        since TEXT NOT NULL
      );
    `),
  // 3: follow-up campaigns per imported user (password resets, email verification), each row
  // marked in flight durably before its request leaves, like the users' creates. Never a token.
  (db) =>
    db.exec(`
      CREATE TABLE user_actions (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        key TEXT NOT NULL,
        action TEXT NOT NULL,
        email TEXT NOT NULL,
        workos_id TEXT,
        lane TEXT NOT NULL,
        mode TEXT,
        status TEXT NOT NULL,
        ref_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        error_code TEXT,
        error_message TEXT,
        request_id TEXT,
        run_id INTEGER,
        planned_at TEXT NOT NULL,
        planned_for TEXT,
        marked_at TEXT,
        done_at TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source_id, action, key)
      ) WITHOUT ROWID;
      CREATE INDEX user_actions_status ON user_actions(source_id, action, status);
    `),
  // The source hash family each user was planned with (a format's name such as "bcrypt ($2b$)",
  // never the hash), so monitor can split failed sign-ins by family after the source is gone; and
  // each verify run's verdict, which cutover-check requires to have passed recently.
  (db) =>
    db.exec(`
      ALTER TABLE users ADD COLUMN hash_family TEXT;
      CREATE TABLE verify_runs (
        id INTEGER PRIMARY KEY,
        checked_at TEXT NOT NULL,
        target TEXT NOT NULL,
        ok INTEGER NOT NULL,
        checks TEXT NOT NULL
      );
      `),
  // Write-back of WorkOS ids into the application's database: one row per user and target (the
  // database and statement, hashed), so a resumed run writes exactly the users not written yet.
  (db) =>
    db.exec(`
      CREATE TABLE write_backs (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        target TEXT NOT NULL,
        key TEXT NOT NULL,
        workos_id TEXT NOT NULL,
        status TEXT NOT NULL,
        error TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source_id, target, key)
      ) WITHOUT ROWID;
    `),
  // Login-time (trickle) migration rehearsed from the CLI: the same table the application keeps in
  // its own database, so `trickle login` and `trickle status` need nothing beside the journal.
  (db) => db.exec(trickleTableSql()),
  // Which WorkOS environment each run talked to (never the key: its kind and a one-way
  // fingerprint), so undo can refuse another environment; and per-second request counts of a run,
  // so its report can chart the import rate and 429s over time.
  (db) =>
    db.exec(`
      ALTER TABLE runs ADD COLUMN target TEXT;
      CREATE TABLE run_seconds (
        run_id INTEGER NOT NULL REFERENCES runs(id),
        second INTEGER NOT NULL,
        writes INTEGER NOT NULL,
        created INTEGER NOT NULL,
        rate_limited INTEGER NOT NULL,
        retries INTEGER NOT NULL,
        PRIMARY KEY (run_id, second)
      ) WITHOUT ROWID;
    `),
  // Organizations (keyed by their id in the source, sent as external_id) and memberships (a user's
  // row key and an organization's key, with the role), each with the users' status vocabulary and
  // marked in flight before their create leaves. Authenticator factors are a per-user action in
  // user_actions (action 'totp_factor'), and their secrets are never stored anywhere.
  (db) => {
    // Where each row's create stands, as in users (SentState in journal.ts). Spelled out here, in
    // this migration only: a later change to the shape is a new migration, never an edit of this one.
    const sentColumns = `status TEXT NOT NULL, origin TEXT, workos_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0, error_code TEXT, error_message TEXT, request_id TEXT,
        run_id INTEGER, seen_run INTEGER, updated_at TEXT NOT NULL,`;
    db.exec(`
      CREATE TABLE organizations (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        domains TEXT NOT NULL DEFAULT '[]',
        first_row INTEGER,
        ${sentColumns}
        PRIMARY KEY (source_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX organizations_status ON organizations(source_id, status);
      CREATE TABLE memberships (
        source_id INTEGER NOT NULL REFERENCES sources(id),
        key TEXT NOT NULL,
        user_key TEXT NOT NULL,
        org_key TEXT NOT NULL,
        role TEXT,
        row INTEGER,
        ${sentColumns}
        PRIMARY KEY (source_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX memberships_status ON memberships(source_id, status);
      CREATE INDEX memberships_org ON memberships(source_id, org_key);
    `);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the journal to the current schema; refuses one written by a newer version of the tool. */
export function migrate(db: Database.Database, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw usageError(
      `${path} was written by a newer workos-migrator (journal schema ${version}, this one knows ${SCHEMA_VERSION}): upgrade the tool`,
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      (MIGRATIONS[v] as (db: Database.Database) => void)(db);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
