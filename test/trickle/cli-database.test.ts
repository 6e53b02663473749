import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { PG_URL } from '../dualwrite/app-db.js';
import { runCli, scanForSecrets, startTestEmulator, tempDir } from '../e2e/helpers.js';
import { LEGACY_EXTRA_VECTORS_PATH, loadHashVectors } from '../support/hash-vectors.js';

/**
 * Production's shape: the old user store is the application's PostgreSQL database, and the trickle
 * table lives beside it (`--db`), not in the journal.
 */
describe('trickle login with a PostgreSQL source and the trickle table in the same database', () => {
  let emu: RunningEmulator;
  const base = `wm_trickle_cli_${process.pid}_${randomBytes(3).toString('hex')}`;
  const users = `${base}_users`;
  const table = `workos_migrator_trickle`;
  const schema = `${base}_app`;
  const url = `${PG_URL}?options=-c%20search_path%3D${schema}`;
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
  const v = loadHashVectors(LEGACY_EXTRA_VECTORS_PATH).find((x) => x.id === 'phpass-P-wordpress')!;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const query = `SELECT id, email, password_hash FROM ${users} ORDER BY id`;

  beforeAll(async () => {
    emu = await startTestEmulator();
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(`CREATE TABLE ${schema}.${users} (id TEXT PRIMARY KEY, email TEXT, password_hash TEXT)`);
    await pool.query(`INSERT INTO ${schema}.${users} VALUES ('u1', 'pg-user@example.com', $1)`, [
      v.source_hash,
    ]);
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
    await emu?.close();
  });

  it('imports from the database, migrates at sign-in, and counts it there', async () => {
    const imported = await runCli(
      ['import', url, '--query', query, '--trickle', '--state', state, '--emulator', emu.url, '--json'],
      emu,
    );
    expect(imported.code, imported.stderr).toBe(0);
    const login = (password: string) =>
      runCli(
        ['trickle', 'login', '--source', url, '--query', query, '--email', 'pg-user@example.com'].concat([
          '--db',
          url,
          '--state',
          state,
          '--emulator',
          emu.url,
        ]),
        emu,
        { input: password },
      );
    expect((await login('wrong-password')).stdout.trim()).toBe('invalid-credentials');
    const right = await login(v.password);
    expect(right.stdout.trim(), right.stderr).toBe('migrated-now');
    expect((await login(v.password)).stdout.trim()).toBe('workos');
    const rows = await pool.query(`SELECT status FROM ${schema}.${table}`);
    expect(rows.rows).toEqual([{ status: 'migrated' }]);
    const status = await runCli(['trickle', 'status', '--db', url, '--state', state, '--json'], emu);
    expect(JSON.parse(status.stdout)).toMatchObject({ lane: 1, migrated: 1, remaining: 0 });
    expect(scanForSecrets([v.source_hash!, v.password, 'wrong-password']).leaks).toEqual([]);
  });
});
