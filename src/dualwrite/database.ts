import type BetterSqlite3 from 'better-sqlite3';
import type { Pool as MysqlPool, PoolConnection as MysqlPoolConnection } from 'mysql2/promise';
import type { Pool as PgPool, PoolClient } from 'pg';
import { MigratorError, usageError } from '../errors/index.js';
import { mysqlConnectionParts } from './mysql-options.js';
import { dialectOf, redactUrl, type Dialect } from './tables.js';

/** SQL with `?` placeholders, run on one connection (or inside one transaction). */
export interface Queryable {
  all<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly unknown[]): Promise<number>;
  /**
   * Several statements without parameters in one round trip, with the rows each changed
   * (PostgreSQL, and MySQL opened with `multipleStatements`); absent where a round trip is free.
   */
  script?(sql: string): Promise<number[]>;
}

/** The outbox's own connection(s) to the application's database. */
export interface OutboxDb extends Queryable {
  readonly dialect: Dialect;
  /** The URL without its password, for messages. */
  readonly where: string;
  transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL numbers its placeholders; the outbox writes `?` everywhere and translates here. */
export function pgPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Opens the outbox's own connections. Drivers load on first use, as in sources/sql.ts: an
 * application on PostgreSQL never loads mysql2 or better-sqlite3.
 */
export async function connectDatabase(
  url: string,
  options: { poolSize?: number; multipleStatements?: boolean } = {},
): Promise<OutboxDb> {
  const dialect = dialectOf(url);
  const where = redactUrl(url);
  try {
    if (dialect === 'postgres') return await connectPostgres(url, where, options.poolSize ?? 4);
    if (dialect === 'mysql')
      return await connectMysql(url, where, options.poolSize ?? 4, options.multipleStatements ?? false);
    return await connectSqlite(url, where);
  } catch (err) {
    if (err instanceof MigratorError) throw err;
    throw new MigratorError(
      'source',
      `cannot connect to ${where}: ${(err as Error).message}; check the URL and that the database is running`,
      { cause: err },
    );
  }
}

async function connectPostgres(url: string, where: string, max: number): Promise<OutboxDb> {
  const { default: pg } = await import('pg');
  const pool: PgPool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its server must not crash the application: the next query reports it.
  pool.on('error', () => undefined);
  await (await pool.connect()).release();
  const on = (c: PgPool | PoolClient): Queryable => ({
    async all<T>(sql: string, params: readonly unknown[] = []) {
      return (await c.query(pgPlaceholders(sql), [...params])).rows as T[];
    },
    async run(sql: string, params: readonly unknown[] = []) {
      return (await c.query(pgPlaceholders(sql), [...params])).rowCount ?? 0;
    },
    async script(sql: string) {
      const r: unknown = await c.query(sql);
      return (Array.isArray(r) ? r : [r]).map((x: { rowCount?: number | null }) => x.rowCount ?? 0);
    },
  });
  return {
    dialect: 'postgres',
    where,
    ...on(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(on(client));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function connectMysql(
  url: string,
  where: string,
  connectionLimit: number,
  multipleStatements: boolean,
): Promise<OutboxDb> {
  const { default: mysql } = await import('mysql2/promise');
  const pool: MysqlPool = mysql.createPool({
    ...mysqlConnectionParts(url),
    connectionLimit,
    multipleStatements,
  });
  (await pool.getConnection()).release();
  const on = (c: MysqlPool | MysqlPoolConnection): Queryable => ({
    async all<T>(sql: string, params: readonly unknown[] = []) {
      const [rows] = await c.query(sql, [...params]);
      return rows as T[];
    },
    async run(sql: string, params: readonly unknown[] = []) {
      const [result] = await c.query(sql, [...params]);
      return (result as { affectedRows?: number }).affectedRows ?? 0;
    },
    ...(multipleStatements && {
      async script(sql: string) {
        const [result] = await c.query(sql);
        return (Array.isArray(result) ? result : [result]).map(
          (x) => (x as { affectedRows?: number }).affectedRows ?? 0,
        );
      },
    }),
  });
  return {
    dialect: 'mysql',
    where,
    ...on(pool),
    async transaction(fn) {
      const conn = await pool.getConnection();
      try {
        await conn.query('START TRANSACTION');
        const out = await fn(on(conn));
        await conn.query('COMMIT');
        return out;
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}

export function sqlitePathOf(url: string): string {
  return url.slice('sqlite:'.length).replace(/^\/\//, '');
}

async function connectSqlite(url: string, where: string): Promise<OutboxDb> {
  const { default: Sqlite } = await import('better-sqlite3');
  const path = sqlitePathOf(url);
  if (!path) throw usageError(`"${where}" names no file: write sqlite:path/to/app.db`);
  const db = new Sqlite(path, { fileMustExist: true });
  // The application writes to the same file; wait for its lock instead of failing at once.
  db.pragma('busy_timeout = 10000');
  const q = sqliteQueryable(db);
  // One connection, used from async code: a transaction must not interleave with other statements.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    dialect: 'sqlite',
    where,
    all: (sql, params) => serial(() => q.all(sql, params)),
    run: (sql, params) => serial(() => q.run(sql, params)),
    transaction: (fn) =>
      serial(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const out = await fn(q);
          db.exec('COMMIT');
          return out;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      }),
    close: () => serial(async () => void db.close()),
  };
}

function sqliteQueryable(db: BetterSqlite3.Database): Queryable & {
  allSync<T>(sql: string, params?: readonly unknown[]): T[];
  runSync(sql: string, params?: readonly unknown[]): number;
} {
  const allSync = <T>(sql: string, params: readonly unknown[] = []): T[] =>
    db.prepare(sql).all(...params) as T[];
  const runSync = (sql: string, params: readonly unknown[] = []): number =>
    db.prepare(sql).run(...params).changes;
  return {
    allSync,
    runSync,
    all: async (sql, params) => allSync(sql, params),
    run: async (sql, params) => runSync(sql, params),
  };
}

/** What the application may pass as `tx`: the connection its own transaction is open on. */
export type AppTransaction = unknown;

/**
 * A statement on the application's transaction, so its write and the outbox row commit together.
 * With better-sqlite3 the statement runs before this returns (`sync: true`): its transactions are
 * synchronous functions, and an `await` inside one would run after the commit.
 */
export type TxWriter =
  | { sync: true; run(sql: string, params: readonly unknown[]): number }
  | { sync: false; run(sql: string, params: readonly unknown[]): Promise<number> };

export function onAppTransaction(dialect: Dialect, tx: AppTransaction): TxWriter {
  const t = tx as Record<string, unknown>;
  if (dialect === 'sqlite') {
    if (typeof t.prepare !== 'function')
      throw usageError('tx for a sqlite: outbox must be the better-sqlite3 Database the transaction runs on');
    const q = sqliteQueryable(tx as BetterSqlite3.Database);
    return { sync: true, run: (sql, params) => q.runSync(sql, params) };
  }
  if (typeof t.query !== 'function')
    throw usageError(
      `tx must be the ${dialect === 'postgres' ? 'pg client' : 'mysql2 connection'} the application's transaction is open on`,
    );
  if (dialect === 'postgres') {
    const client = tx as PoolClient;
    return {
      sync: false,
      run: async (sql, params) => (await client.query(pgPlaceholders(sql), [...params])).rowCount ?? 0,
    };
  }
  // mysql2 has two APIs: the promise wrapper carries the callback connection as `.connection`.
  const promiseApi = typeof (t.connection as { query?: unknown } | undefined)?.query === 'function';
  type Header = { affectedRows?: number };
  return {
    sync: false,
    run: (sql, params) =>
      promiseApi
        ? (tx as MysqlPoolConnection).query(sql, [...params]).then(([r]) => (r as Header).affectedRows ?? 0)
        : new Promise<number>((resolve, reject) =>
            (
              tx as {
                query(sql: string, values: unknown[], cb: (err: Error | null, r: Header) => void): void;
              }
            ).query(sql, [...params], (err, r) => (err ? reject(err) : resolve(r.affectedRows ?? 0))),
          ),
  };
}
