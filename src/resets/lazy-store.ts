import { usageError } from '../errors/index.js';

/**
 * Where the lazy reset keeps its state: a small table in the application's own database, so every
 * process of the application shares it (a reset claimed by one web worker is claimed for all).
 * Each dialect gets a client the application already has; nothing here opens a connection.
 */
/** What the helper binds: emails, ids and epoch milliseconds. */
export type SqlValue = string | number | null;

export type LazyResetDatabase =
  | {
      kind: 'postgres';
      client: {
        query(sql: string, values?: SqlValue[]): Promise<{ rowCount: number | null; rows: unknown[] }>;
      };
    }
  | { kind: 'mysql'; client: { execute(sql: string, values?: SqlValue[]): Promise<unknown> } }
  | {
      kind: 'sqlite';
      client: {
        prepare(sql: string): {
          run(...values: SqlValue[]): { changes: number };
          get(...values: SqlValue[]): unknown;
        };
      };
    };

export interface LazyResetStore {
  /** Runs one statement and says how many rows it changed. */
  exec(sql: string, values?: SqlValue[]): Promise<number>;
  /** The first row of a SELECT. */
  first(sql: string, values?: SqlValue[]): Promise<Record<string, unknown> | undefined>;
}

const dollars = (sql: string): string => {
  let i = 0;
  return sql.replace(/\?/g, () => `$${++i}`);
};

export const DEFAULT_LAZY_RESET_TABLE = 'workos_migrator_lazy_resets';

export function lazyResetStore(db: LazyResetDatabase): LazyResetStore {
  switch (db.kind) {
    case 'postgres':
      return {
        async exec(sql, values = []) {
          return (await db.client.query(dollars(sql), values)).rowCount ?? 0;
        },
        async first(sql, values = []) {
          return (await db.client.query(dollars(sql), values)).rows[0] as Record<string, unknown> | undefined;
        },
      };
    case 'mysql':
      return {
        async exec(sql, values = []) {
          const r = (await db.client.execute(sql, values)) as
            [{ affectedRows?: number }] | { affectedRows?: number };
          const header = Array.isArray(r) ? r[0] : r;
          return header?.affectedRows ?? 0;
        },
        async first(sql, values = []) {
          const [rows] = (await db.client.execute(sql, values)) as [Array<Record<string, unknown>>];
          return rows[0];
        },
      };
    case 'sqlite':
      return {
        exec(sql, values = []) {
          return Promise.resolve(db.client.prepare(sql).run(...values).changes);
        },
        first(sql, values = []) {
          return Promise.resolve(
            db.client.prepare(sql).get(...values) as Record<string, unknown> | undefined,
          );
        },
      };
    default:
      throw usageError(
        `lazy reset: database kind "${(db as { kind: string }).kind}" is not one of postgres, mysql, sqlite`,
      );
  }
}

/**
 * Runs a `CREATE TABLE IF NOT EXISTS`. Application processes start together, and PostgreSQL's
 * IF NOT EXISTS is not safe against a concurrent create of the same table: the loser fails with a
 * unique violation on its catalog (23505) or "already exists" (42P07; MySQL 1050). The table is
 * then there, which is all the caller asked for.
 */
export async function createTableOnce(store: LazyResetStore, sql: string): Promise<void> {
  try {
    await store.exec(sql);
  } catch (err) {
    const e = err as { code?: string; errno?: number };
    if (e.code === '23505' || e.code === '42P07' || e.errno === 1050) return;
    throw err;
  }
}

/** Column types every dialect accepts; times are epoch milliseconds, so no dialect's clock type matters. */
export function createTableSql(table: string): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${table} (` +
    'email_key VARCHAR(320) NOT NULL PRIMARY KEY, ' +
    'workos_user_id VARCHAR(64), ' +
    'last_reset_at BIGINT, ' +
    'resets INTEGER NOT NULL DEFAULT 0, ' +
    'completed_at BIGINT)'
  );
}

export function checkTableName(table: string, what = 'lazy reset'): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(table))
    throw usageError(
      `${what}: table name "${table}" must be letters, digits and _ (it is put into SQL as is)`,
    );
  return table;
}
