import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource } from './index.js';
import { redact } from './sql.js';
import type { SourceItem } from './types.js';

const table = `migrator_src_${process.pid}_${Date.now()}`;
const PG = 'postgres://postgres@127.0.0.1:5432/test';
const MY = 'mysql://root@127.0.0.1:3306/test';
const ROWS = 2500; // more than one cursor batch

async function collect(source: string, query: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of readSource({ source, query })) items.push(item);
  return items;
}

describe('readSql', () => {
  const pgClient = new pg.Client({ connectionString: PG });
  let my: mysql.Connection;

  beforeAll(async () => {
    await pgClient.connect();
    await pgClient.query(`create table ${table} (id int primary key, email text, email_verified boolean)`);
    await pgClient.query(
      `insert into ${table} select g, 'user' || g || '@x.io', g % 2 = 0 from generate_series(1, ${ROWS}) g`,
    );
    my = await mysql.createConnection(MY);
    await my.query(`create table ${table} (id int primary key, email varchar(100), email_verified tinyint)`);
    await my.query(`insert into ${table} values (1, 'a@x.io', 1), (2, 'b@x.io', 0)`);
  });

  afterAll(async () => {
    await pgClient.query(`drop table if exists ${table}`);
    await pgClient.end();
    await my.query(`drop table if exists ${table}`);
    await my.end();
  });

  it('streams PostgreSQL rows through a cursor, in order, across batches', async () => {
    const items = await collect(PG, `select id, email, email_verified from ${table} order by id`);
    expect(items).toHaveLength(ROWS);
    expect(items[0]).toEqual({
      row: 1,
      location: 'row 1',
      value: { id: 1, email: 'user1@x.io', email_verified: false },
    });
    expect(items.at(-1)).toMatchObject({ row: ROWS, value: { email: `user${ROWS}@x.io` } });
  });

  it('streams MariaDB rows', async () => {
    const items = await collect(MY, `select id, email, email_verified from ${table} order by id`);
    expect(items.map((i) => ('value' in i ? i.value : null))).toEqual([
      { id: 1, email: 'a@x.io', email_verified: 1 },
      { id: 2, email: 'b@x.io', email_verified: 0 },
    ]);
  });

  it('iterates SQLite rows', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sqlite-src-')), 'users.db');
    const db = new Database(path);
    db.exec(
      `create table users (id integer, email text); insert into users values (1,'a@x.io'),(2,'b@x.io')`,
    );
    db.close();
    const items = await collect(`sqlite:${path}`, 'select * from users order by id');
    expect(items).toEqual([
      { row: 1, location: 'row 1', value: { id: 1, email: 'a@x.io' } },
      { row: 2, location: 'row 2', value: { id: 2, email: 'b@x.io' } },
    ]);
  });

  it('refuses a database source without a query, and hides passwords in connection errors', async () => {
    await expect(collect(PG, '')).rejects.toThrow(/--query/);
    await expect(collect('postgres://u:hunter2@127.0.0.1:1/x', 'select 1')).rejects.toThrow(/u:\*\*\*@/);
    expect(redact('mysql://root:secret@h/db')).toBe('mysql://root:***@h/db');
  });
});
