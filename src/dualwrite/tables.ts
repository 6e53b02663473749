import { usageError } from '../errors/index.js';

/** The three databases an application may keep its users in, as the outbox speaks to them. */
export type Dialect = 'postgres' | 'mysql' | 'sqlite';

export const DEFAULT_OUTBOX_TABLE = 'workos_outbox';
export const DEFAULT_MAP_TABLE = 'workos_user_map';

/** The names of the outbox's tables in the application's database. */
export interface OutboxTables {
  /** One row per mirrored change. */
  outbox: string;
  /** local id → WorkOS user id, for every user WorkOS has. */
  map: string;
  /** The outbox's own id (its ownership marker) and other settings. */
  meta: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,50}$/;

/** Table names go into SQL text, so only plain identifiers are accepted. */
export function outboxTables(outbox = DEFAULT_OUTBOX_TABLE, map = DEFAULT_MAP_TABLE): OutboxTables {
  for (const name of [outbox, map]) {
    if (!IDENTIFIER.test(name))
      throw usageError(
        `"${name}" is not a plain table name: use letters, digits and _ (at most 51 characters), e.g. workos_outbox`,
      );
  }
  return { outbox, map, meta: `${outbox}_meta` };
}

/** Which database a URL names: postgres://, mysql:// (or mariadb://), sqlite:path. */
export function dialectOf(url: string): Dialect {
  const scheme = url.slice(0, Math.max(0, url.indexOf(':'))).toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  if (scheme === 'sqlite') return 'sqlite';
  throw usageError(
    `"${redactUrl(url)}" is not a database URL the outbox knows: use postgres://user@host/db, mysql://user@host/db or sqlite:path/to/app.db`,
  );
}

export function isDatabaseUrl(text: string): boolean {
  return /^(postgres|postgresql|mysql|mariadb|sqlite):/i.test(text);
}

/** Database URLs may carry a password; it never reaches a message. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/**
 * The DDL of the outbox, the user map and the meta table, one statement per entry. Times are
 * epoch milliseconds from the writer's clock (one integer type in all three dialects, no time
 * zones); `secret` holds a password or converted hash only until the change is delivered.
 */
export function outboxDdl(dialect: Dialect, tables: OutboxTables): string[] {
  const { outbox, map, meta } = tables;
  if (dialect === 'mysql') {
    // InnoDB, and VARCHAR keys: MySQL cannot index TEXT without a prefix length.
    return [
      `CREATE TABLE IF NOT EXISTS ${outbox} (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  local_id VARCHAR(255) NOT NULL,
  op VARCHAR(8) NOT NULL,
  payload TEXT NOT NULL,
  secret TEXT NULL,
  state VARCHAR(8) NOT NULL DEFAULT 'pending',
  attempts INT NOT NULL DEFAULT 0,
  available_at BIGINT NOT NULL,
  lease_owner VARCHAR(128) NULL,
  lease_until BIGINT NULL,
  error_code VARCHAR(64) NULL,
  error TEXT NULL,
  workos_id VARCHAR(64) NULL,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT NULL,
  INDEX ${outbox}_state (state, id),
  INDEX ${outbox}_user (local_id, id)
) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS ${map} (
  local_id VARCHAR(255) NOT NULL PRIMARY KEY,
  workos_id VARCHAR(64) NOT NULL,
  origin VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE INDEX ${map}_workos (workos_id)
) ENGINE=InnoDB`,
      `CREATE TABLE IF NOT EXISTS ${meta} (
  name VARCHAR(64) NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
) ENGINE=InnoDB`,
    ];
  }
  const id = dialect === 'postgres' ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY';
  return [
    `CREATE TABLE IF NOT EXISTS ${outbox} (
  id ${id},
  local_id TEXT NOT NULL,
  op TEXT NOT NULL,
  payload TEXT NOT NULL,
  secret TEXT,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  available_at BIGINT NOT NULL,
  lease_owner TEXT,
  lease_until BIGINT,
  error_code TEXT,
  error TEXT,
  workos_id TEXT,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
)`,
    `CREATE INDEX IF NOT EXISTS ${outbox}_state ON ${outbox} (state, id)`,
    `CREATE INDEX IF NOT EXISTS ${outbox}_user ON ${outbox} (local_id, id)`,
    `CREATE TABLE IF NOT EXISTS ${map} (
  local_id TEXT NOT NULL PRIMARY KEY,
  workos_id TEXT NOT NULL UNIQUE,
  origin TEXT NOT NULL,
  created_at BIGINT NOT NULL
)`,
    `CREATE TABLE IF NOT EXISTS ${meta} (
  name TEXT NOT NULL PRIMARY KEY,
  value TEXT NOT NULL
)`,
  ];
}
