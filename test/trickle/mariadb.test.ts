import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { createTrickleMigrator } from '../../src/trickle/index.js';
import { MYSQL_URL } from '../dualwrite/app-db.js';
import { sdkFor, startTestEmulator } from '../e2e/helpers.js';
import { hashInputFor, hashVector } from '../support/hash-vectors.js';

describe('createTrickleMigrator with its table in MariaDB', () => {
  let emu: RunningEmulator;
  const pool = mysql.createPool({ uri: MYSQL_URL, connectionLimit: 2 });
  const table = `wm_trickle_${process.pid}_${randomBytes(3).toString('hex')}`;
  const v = hashVector('wordpress-6.8-wp-bcrypt');

  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
    await emu?.close();
  });

  it('migrates a WordPress user at sign-in and keeps the state in the app database', async () => {
    const sdk = sdkFor(emu);
    const u = await sdk.userManagement.createUser({ email: 'wp@example.com' });
    let reads = 0;
    const m = await createTrickleMigrator({
      workos: sdk,
      clientId: emu.clientId,
      db: { kind: 'mysql', client: pool },
      table,
      getLegacyCredential: async () => (reads++, hashInputFor(v)),
    });
    expect(await m.enroll([{ email: 'WP@example.com', workosUserId: u.id }])).toBe(1);
    expect((await m.login({ email: 'wp@example.com', password: 'not-it-at-all' })).outcome).toBe(
      'invalid_credentials',
    );
    expect((await m.login({ email: 'wp@example.com', password: v.password })).outcome).toBe('migrated_now');
    expect((await m.login({ email: 'wp@example.com', password: v.password })).outcome).toBe('workos');
    expect(reads).toBe(2);
    const [rows] = await pool.query(`SELECT email_key, status, failed_attempts FROM ${table}`);
    expect(rows).toEqual([{ email_key: 'wp@example.com', status: 'migrated', failed_attempts: 1 }]);
  });
});
