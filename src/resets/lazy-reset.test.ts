import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createLazyReset, DEFAULT_INVALID_MESSAGE, type LazyResetWorkos } from './lazy-reset.js';
import type { LazyResetDatabase } from './lazy-store.js';

/** A WorkOS stand-in that counts reset emails per address, and can be told to fail. */
function fakeWorkos(fail?: { status?: number }) {
  const sent: string[] = [];
  const workos: LazyResetWorkos = {
    userManagement: {
      createPasswordReset: async ({ email }) => {
        await new Promise((r) => setTimeout(r, 5));
        if (fail) throw Object.assign(new Error('refused'), fail);
        sent.push(email.toLowerCase());
        return { id: `password_reset_${sent.length}` };
      },
    },
  };
  return { workos, sent };
}

const table = `wm_lazy_${process.pid}_${Date.now()}`;
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function behaves(dbA: LazyResetDatabase, dbB: LazyResetDatabase): Promise<void> {
  let clock = 1_000_000;
  const { workos, sent } = fakeWorkos();
  const options = { workos, table, periodMs: 60_000, now: () => clock };
  // Two processes of the application, each with its own connection, sharing the table.
  const a = await createLazyReset({ ...options, db: dbA });
  const b = await createLazyReset({ ...options, db: dbB });
  expect(await a.enroll([{ email: 'Moved@Example.com', workosUserId: 'user_1' }])).toBe(1);
  expect(await b.enroll([{ email: 'moved@example.com', workosUserId: 'user_1' }])).toBe(0);

  const unknown = await a.afterFailedLogin('nobody@example.com');
  expect(unknown).toEqual({ outcome: 'invalid_credentials', message: DEFAULT_INVALID_MESSAGE });

  const racing = await Promise.all([
    a.afterFailedLogin('moved@example.com'),
    b.afterFailedLogin('MOVED@example.com'),
  ]);
  expect(racing.map((r) => r.outcome).sort()).toEqual(['reset_recently_sent', 'reset_sent']);
  expect(racing[0].message).toBe(racing[1].message);
  expect(sent).toEqual(['moved@example.com']);

  clock += 30_000;
  expect((await b.afterFailedLogin('moved@example.com')).outcome).toBe('reset_recently_sent');
  clock += 31_000;
  expect((await b.afterFailedLogin('moved@example.com')).outcome).toBe('reset_sent');
  expect(sent).toHaveLength(2);

  await a.completed('moved@example.com');
  clock += 120_000;
  expect((await b.afterFailedLogin('moved@example.com')).outcome).toBe('invalid_credentials');
  expect(sent).toHaveLength(2);

  // WorkOS refused (nothing sent): the claim is freed, so the next failed login tries again.
  const refusing = fakeWorkos({ status: 429 });
  const c = await createLazyReset({ ...options, workos: refusing.workos, db: dbA });
  await c.enroll([{ email: 'later@example.com' }]);
  await expect(c.afterFailedLogin('later@example.com')).rejects.toThrow('refused');
  expect((await a.afterFailedLogin('later@example.com')).outcome).toBe('reset_sent');
}

describe('lazy reset on the first failed login', () => {
  it('SQLite: one email per period across processes, none for others or after completion', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'lazy-')), 'app.db');
    const one = new Database(path);
    const two = new Database(path);
    cleanups.push(async () => {
      one.close();
      two.close();
    });
    await behaves({ kind: 'sqlite', client: one }, { kind: 'sqlite', client: two });
  });

  it('PostgreSQL', async () => {
    const config = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
    const one = new pg.Pool(config);
    const two = new pg.Pool(config);
    cleanups.push(async () => {
      await one.query(`DROP TABLE IF EXISTS ${table}`);
      await one.end();
      await two.end();
    });
    await behaves({ kind: 'postgres', client: one }, { kind: 'postgres', client: two });
  });

  it('MySQL / MariaDB', async () => {
    const one = mysql.createPool('mysql://root@127.0.0.1:3306/test');
    const two = mysql.createPool('mysql://root@127.0.0.1:3306/test');
    cleanups.push(async () => {
      await one.query(`DROP TABLE IF EXISTS ${table}`);
      await one.end();
      await two.end();
    });
    await behaves({ kind: 'mysql', client: one }, { kind: 'mysql', client: two });
  });
});
