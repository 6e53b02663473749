import { join } from 'node:path';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  exportMappingJson,
  listAllUsers,
  mappingMismatches,
  runCli,
  sdkFor,
  startTestEmulator,
  tempDir,
} from './helpers.js';

const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';
const rows = Array.from({ length: 30 }, (_, i) => ({
  id: `sql-${i}`,
  email: `sql${i}@example.com`,
  password_hash: HASH,
}));
const FAST = ['--write-limit', '500/1s', '--read-limit', '1000/1s', '--general-limit', '6000/6s', '--json'];

describe('import from databases (real SQLite, PostgreSQL and MariaDB)', () => {
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
  it('imports from MariaDB: every user with its fields, and a mapping equal to the emulator', async () => {
    const db = await mysql.createConnection('mysql://root@127.0.0.1:3306/test');
    const table = `wm_import_${process.pid}_${Date.now()}`;
    // Names beyond Latin-1 and a NULL column, so the charset and the type mapping are exercised.
    const people = Array.from({ length: 20 }, (_, i) => ({
      id: `maria-${i}`,
      email: `maria${i}@example.com`,
      first_name: i % 3 === 0 ? 'Zoë' : `First${i}`,
      last_name: i % 5 === 0 ? null : `Ñúñez-${i}`,
      email_verified: i % 2,
      password_hash: i % 4 === 3 ? null : HASH,
    }));
    try {
      await db.query(
        `CREATE TABLE ${table} (id VARCHAR(40) PRIMARY KEY, email VARCHAR(200) NOT NULL, first_name VARCHAR(100),
         last_name VARCHAR(100), email_verified TINYINT(1) NOT NULL, password_hash VARCHAR(100)) CHARACTER SET utf8mb4`,
      );
      for (const p of people)
        await db.execute(`INSERT INTO ${table} VALUES (?, ?, ?, ?, ?, ?)`, [
          p.id,
          p.email,
          p.first_name,
          p.last_name,
          p.email_verified,
          p.password_hash,
        ]);
      const emu = await startTestEmulator({ limits: { scale: 10 } });
      emulators.push(emu);
      const dir = tempDir();
      const state = join(dir, 'journal.db');
      expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
      const r = await runCli(
        [
          'import',
          'mysql://root@127.0.0.1:3306/test',
          '--query',
          `SELECT id, email, first_name, last_name, email_verified, password_hash FROM ${table} ORDER BY id`,
          '--state',
          state,
          '--emulator',
          emu.url,
          ...FAST,
        ],
        emu,
      );
      expect(r.code, r.stderr).toBe(0);
      const summary = JSON.parse(r.stdout) as {
        statuses: Record<string, number>;
        lanes: Record<string, number>;
      };
      expect(summary.statuses).toEqual({ created: people.length });
      const withHash = people.filter((p) => p.password_hash).length;
      expect(summary.lanes).toMatchObject({ 'import-hash': withHash, reset: people.length - withHash });
      expect(emu.control.counters().requests['POST /user_management/users']).toBe(people.length);

      const users = await listAllUsers(emu);
      expect(users).toHaveLength(people.length);
      const byExternalId = new Map(users.map((u) => [u.externalId, u]));
      for (const p of people)
        expect(byExternalId.get(p.id), p.id).toMatchObject({
          email: p.email,
          firstName: p.first_name,
          lastName: p.last_name,
          emailVerified: p.email_verified === 1,
        });
      const mapping = await exportMappingJson(emu, state, dir);
      expect(mappingMismatches(mapping, users)).toEqual([]);
      expect(mapping.map((m) => [m.local_id, m.workos_user_id]).sort()).toEqual(
        people.map((p) => [p.id, byExternalId.get(p.id)!.id]).sort(),
      );
      // The hash came through the database intact: its user logs in.
      const auth = await sdkFor(emu).userManagement.authenticateWithPassword({
        email: people[0]!.email,
        password: 'a',
        clientId: emu.clientId,
      });
      expect(auth.user.externalId).toBe(people[0]!.id);
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.end();
    }
  });
});
