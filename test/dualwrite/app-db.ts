import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { listAllUsers, tempDir } from '../e2e/helpers.js';

export const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = 'mysql://root@127.0.0.1:3306/test';

export interface AppUser {
  local_id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  email_verified: boolean;
}

/**
 * A stand-in application: its users table and its own connection, on one of the three databases,
 * with uniquely named tables (the outbox's too) that `drop` removes.
 */
export interface AppDb {
  dialect: 'postgres' | 'mysql' | 'sqlite';
  url: string;
  /** The outbox and map table names for createDualWriter / --table / --map-table. */
  table: string;
  mapTable: string;
  users: string;
  /**
   * Runs `fn` inside one application transaction; `fn` gets the handle to pass as `tx` and
   * returns the mirror calls' promises. `fn` is synchronous (better-sqlite3 transactions are), and
   * throwing from it rolls everything back.
   */
  transaction(fn: (tx: unknown, exec: (sql: string, params: unknown[]) => unknown) => unknown): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  appUsers(): Promise<AppUser[]>;
  drop(): Promise<void>;
}

const names = () => {
  const base = `wm_dw_${process.pid}_${randomBytes(3).toString('hex')}`;
  return { table: `${base}_outbox`, mapTable: `${base}_map`, users: `${base}_users` };
};

const USERS_DDL = (t: string, text: string) =>
  `CREATE TABLE ${t} (local_id ${text} PRIMARY KEY, email ${text} NOT NULL, first_name ${text}, last_name ${text}, email_verified BOOLEAN NOT NULL DEFAULT FALSE)`;

function normalise(rows: Array<Record<string, unknown>>): AppUser[] {
  return rows
    .map((r) => ({
      local_id: String(r.local_id),
      email: String(r.email),
      first_name: (r.first_name as string | null) ?? null,
      last_name: (r.last_name as string | null) ?? null,
      email_verified: Boolean(r.email_verified),
    }))
    .sort((a, b) => a.local_id.localeCompare(b.local_id));
}

export async function postgresApp(): Promise<AppDb> {
  const n = names();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(USERS_DDL(n.users, 'TEXT'));
  const pgParams = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  return {
    dialect: 'postgres',
    url: PG_URL,
    ...n,
    async transaction(fn) {
      await client.query('BEGIN');
      const pending: unknown[] = [];
      try {
        const result = fn(client, (sql, params) => {
          const p = client.query(pgParams(sql), params);
          pending.push(p);
          return p;
        });
        await Promise.all([...pending, ...[result].flat()]);
        await client.query('COMMIT');
      } catch (err) {
        await Promise.allSettled(pending);
        await client.query('ROLLBACK');
        throw err;
      }
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(pgParams(sql), params)).rows as T[];
    },
    async appUsers() {
      return normalise((await client.query(`SELECT * FROM ${n.users}`)).rows);
    },
    async drop() {
      for (const t of [n.table, `${n.table}_meta`, n.mapTable, n.users])
        await client.query(`DROP TABLE IF EXISTS ${t}`);
      await client.end();
    },
  };
}

export async function mysqlApp(): Promise<AppDb> {
  const n = names();
  const conn = await mysql.createConnection({ uri: MYSQL_URL });
  await conn.query(USERS_DDL(n.users, 'VARCHAR(255)'));
  return {
    dialect: 'mysql',
    url: MYSQL_URL,
    ...n,
    async transaction(fn) {
      await conn.query('START TRANSACTION');
      const pending: unknown[] = [];
      try {
        const result = fn(conn, (sql, params) => {
          const p = conn.query(sql, params);
          pending.push(p);
          return p;
        });
        await Promise.all([...pending, ...[result].flat()]);
        await conn.query('COMMIT');
      } catch (err) {
        await Promise.allSettled(pending);
        await conn.query('ROLLBACK');
        throw err;
      }
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await conn.query(sql, params))[0] as T[];
    },
    async appUsers() {
      return normalise((await conn.query(`SELECT * FROM ${n.users}`))[0] as Array<Record<string, unknown>>);
    },
    async drop() {
      for (const t of [n.table, `${n.table}_meta`, n.mapTable, n.users])
        await conn.query(`DROP TABLE IF EXISTS ${t}`);
      await conn.end();
    },
  };
}

export async function sqliteApp(): Promise<AppDb> {
  const n = names();
  const path = join(tempDir(), 'app.db');
  const db = new Database(path);
  db.exec(USERS_DDL(n.users, 'TEXT'));
  const bind = (params: unknown[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  return {
    dialect: 'sqlite',
    url: `sqlite:${path}`,
    ...n,
    async transaction(fn) {
      // better-sqlite3's transactions are synchronous: the mirror call writes before it returns.
      let result: unknown;
      db.transaction(() => {
        result = fn(db, (sql, params) => db.prepare(sql).run(...bind(params)));
      })();
      await Promise.all([result].flat());
    },
    async query<T>(sql: string, params: unknown[] = []) {
      const stmt = db.prepare(sql);
      return (stmt.reader ? stmt.all(...bind(params)) : (stmt.run(...bind(params)), [])) as T[];
    },
    async appUsers() {
      return normalise(db.prepare(`SELECT * FROM ${n.users}`).all() as Array<Record<string, unknown>>);
    },
    async drop() {
      db.close();
    },
  };
}

export const APPS = [
  ['PostgreSQL', postgresApp],
  ['MariaDB', mysqlApp],
  ['SQLite', sqliteApp],
] as const;

/** WorkOS users as the app's rows would be: by external id, the fields dual-write mirrors. */
export async function workosAsApp(emu: RunningEmulator) {
  return (await listAllUsers(emu))
    .map((u) => ({
      local_id: u.externalId ?? `(no external id: ${u.id})`,
      email: u.email,
      first_name: u.firstName ?? null,
      last_name: u.lastName ?? null,
      email_verified: u.emailVerified,
    }))
    .sort((a, b) => a.local_id.localeCompare(b.local_id));
}
