import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { tempDir } from './helpers.js';

/** One row of the stand-in application's users table, as the write-back tests read it back. */
export interface AppRow {
  id: string;
  email: string;
  workos_user_id: string | null;
  write_count: number;
}

/**
 * A users table of `n` rows on one of the three databases, uniquely named (other engineers share
 * the servers) and dropped after. `write_count` is the proof of "exactly once": the tests'
 * statement increments it, so a user written twice shows 2.
 */
export interface AppTable {
  url: string;
  table: string;
  rows(): Promise<AppRow[]>;
  drop(): Promise<void>;
}

export const emailOf = (i: number, malformed: number): string =>
  i === malformed ? `broken.${i}@@example.com` : `wb${i}@example.com`;

const tableName = () => `wm_wb_${process.pid}_${randomBytes(3).toString('hex')}`;

export async function postgresTable(n: number, malformed: number, url: string): Promise<AppTable> {
  const table = tableName();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    `CREATE TABLE ${table} (id BIGINT PRIMARY KEY, email TEXT NOT NULL, workos_user_id TEXT, write_count INT NOT NULL DEFAULT 0)`,
  );
  await client.query(
    `INSERT INTO ${table} (id, email)
     SELECT i, CASE WHEN i = $2 THEN 'broken.' || i || '@@example.com' ELSE 'wb' || i || '@example.com' END
     FROM generate_series(1, $1::int) AS i`,
    [n, malformed],
  );
  return {
    url,
    table,
    rows: async () =>
      (
        await client.query(
          `SELECT id::text AS id, email, workos_user_id, write_count FROM ${table} ORDER BY id`,
        )
      ).rows as AppRow[],
    async drop() {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    },
  };
}

export async function mysqlTable(n: number, malformed: number, url: string): Promise<AppTable> {
  const table = tableName();
  const conn = await mysql.createConnection({ uri: url });
  await conn.query(
    `CREATE TABLE ${table} (id INT PRIMARY KEY, email VARCHAR(200) NOT NULL, workos_user_id VARCHAR(64) NULL, write_count INT NOT NULL DEFAULT 0) ENGINE=InnoDB`,
  );
  for (let start = 1; start <= n; start += 1000) {
    const values: Array<[number, string]> = [];
    for (let i = start; i < Math.min(n + 1, start + 1000); i++) values.push([i, emailOf(i, malformed)]);
    await conn.query(`INSERT INTO ${table} (id, email) VALUES ?`, [values]);
  }
  return {
    url,
    table,
    rows: async () =>
      (
        (
          await conn.query(`SELECT id, email, workos_user_id, write_count FROM ${table} ORDER BY id`)
        )[0] as Array<Record<string, unknown>>
      ).map((r) => ({ ...r, id: String(r.id) }) as AppRow),
    async drop() {
      await conn.query(`DROP TABLE IF EXISTS ${table}`);
      await conn.end();
    },
  };
}

/** WAL, as applications that write while they are read keep their SQLite files. */
export async function sqliteTable(n: number, malformed: number): Promise<AppTable> {
  const table = tableName();
  const path = join(tempDir(), 'app.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(
    `CREATE TABLE ${table} (id INTEGER PRIMARY KEY, email TEXT NOT NULL, workos_user_id TEXT, write_count INTEGER NOT NULL DEFAULT 0)`,
  );
  const insert = db.prepare(`INSERT INTO ${table} (id, email) VALUES (?, ?)`);
  db.transaction(() => {
    for (let i = 1; i <= n; i++) insert.run(i, emailOf(i, malformed));
  })();
  return {
    url: `sqlite:${path}`,
    table,
    rows: async () =>
      (
        db.prepare(`SELECT id, email, workos_user_id, write_count FROM ${table} ORDER BY id`).all() as Array<
          Record<string, unknown>
        >
      ).map((r) => ({ ...r, id: String(r.id) }) as AppRow),
    async drop() {
      db.close();
    },
  };
}

/** Pacing flags for an emulator started with `limits: { scale: 100 }` (500 writes per 100 ms). */
export const SCALED_100 = [
  '--write-limit',
  '500/100ms',
  '--read-limit',
  '1000/100ms',
  '--general-limit',
  '6000/600ms',
  '--rate',
  '100%',
];

/** The tests' statement: stores the id and counts the writes, so a user written twice shows 2. */
export const countingWriteBack = (table: string): string =>
  `UPDATE ${table} SET workos_user_id = :workos_id, write_count = write_count + 1 WHERE id = :local_id`;

/**
 * What every row must hold after the write-back: the emulator's id for its email, written exactly
 * once; the malformed row nothing. Returns the rows that do not, as readable lines.
 */
export function writeBackMismatches(
  rows: AppRow[],
  idByEmail: ReadonlyMap<string, string>,
  malformed: number,
): string[] {
  const problems: string[] = [];
  for (const r of rows) {
    if (Number(r.id) === malformed) {
      if (r.workos_user_id !== null || Number(r.write_count) !== 0)
        problems.push(`row ${r.id} (malformed email) was written: ${r.workos_user_id}, ${r.write_count}`);
      continue;
    }
    const expected = idByEmail.get(r.email);
    if (!expected || r.workos_user_id !== expected)
      problems.push(`row ${r.id}: ${r.workos_user_id} instead of ${expected ?? '(not in WorkOS)'}`);
    if (Number(r.write_count) !== 1) problems.push(`row ${r.id}: written ${r.write_count} times`);
  }
  return problems;
}
