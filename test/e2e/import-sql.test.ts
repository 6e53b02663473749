import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { listAllUsers, runCli, startTestEmulator, tempDir } from './helpers.js';

const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';
const rows = Array.from({ length: 30 }, (_, i) => ({
  id: `sql-${i}`,
  email: `sql${i}@example.com`,
  password_hash: HASH,
}));
const FAST = ['--write-limit', '500/1s', '--read-limit', '1000/1s', '--general-limit', '6000/6s', '--json'];

describe('import from databases (real SQLite and PostgreSQL)', () => {
  const emulators: RunningEmulator[] = [];
  afterAll(async () => {
    for (const e of emulators) await e.close();
  });

  it('imports from SQLite, and a re-run creates nothing', async () => {
    const emu = await startTestEmulator({ limits: { scale: 10 } });
    emulators.push(emu);
    const dir = tempDir();
    const dbPath = join(dir, 'app.db');
    const db = new Database(dbPath);
    db.exec('CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT, password_hash TEXT)');
    const insert = db.prepare('INSERT INTO users VALUES (@id, @email, @password_hash)');
    for (const r of rows) insert.run(r);
    db.close();
    const state = join(dir, 'journal.db');
    await runCli(['strategy', 'set', 'A', '--state', state], emu);
    const args = [
      'import',
      `sqlite:${dbPath}`,
      '--query',
      'SELECT id, email, password_hash FROM users ORDER BY id',
      '--state',
      state,
      '--emulator',
      emu.url,
      ...FAST,
    ];
    const r = await runCli(args, emu);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).statuses).toEqual({ created: rows.length });
    const again = await runCli(args, emu);
    expect(JSON.parse(again.stdout).thisRun).toEqual({});
    const users = await listAllUsers(emu);
    expect(users.map((u) => u.externalId).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  it('imports from PostgreSQL', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await client.connect();
    const table = `wm_import_${process.pid}_${Date.now()}`;
    try {
      await client.query(`CREATE TABLE ${table} (id TEXT PRIMARY KEY, email TEXT, password_hash TEXT)`);
      for (const r of rows)
        await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3)`, [r.id, r.email, r.password_hash]);
      const emu = await startTestEmulator({ limits: { scale: 10 } });
      emulators.push(emu);
      const dir = tempDir();
      const state = join(dir, 'journal.db');
      await runCli(['strategy', 'set', 'A', '--state', state], emu);
      const r = await runCli(
        [
          'import',
          'postgres://postgres@127.0.0.1:5432/test',
          '--query',
          `SELECT id, email, password_hash FROM ${table} ORDER BY id`,
          '--state',
          state,
          '--emulator',
          emu.url,
          ...FAST,
        ],
        emu,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).statuses).toEqual({ created: rows.length });
      expect(await listAllUsers(emu)).toHaveLength(rows.length);
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    }
  });
});
