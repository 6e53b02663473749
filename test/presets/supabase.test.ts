import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

const URL = 'postgres://postgres@127.0.0.1:5432/test';

describe('--preset supabase on auth.users + auth.identities in a real PostgreSQL', () => {
  // Other test runs share the database: a schema of our own, dropped afterwards.
  const schema = `auth_wm_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: URL });
  beforeAll(async () => {
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(
      readFileSync(join(fixtureDir('supabase'), 'auth-schema.sql'), 'utf8').replaceAll('{{schema}}', schema),
    );
  });
  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  });

  it('imports GoTrue bcrypt, email_confirmed_at → verified, identities → OAuth, deleted users left out', async () => {
    const run = await runPreset('supabase', URL, { schema });
    expect(run.lanes).toEqual({
      'supa@example.com': 'import-hash/bcrypt',
      'unconfirmed@example.com': 'import-hash/bcrypt',
      'google@example.com': 'oauth',
    });
    expect(run.passed).toEqual(['supa@example.com', 'unconfirmed@example.com']);
    expect(userByEmail(run, 'supa@example.com')).toMatchObject({
      emailVerified: true,
      firstName: 'Supa',
      lastName: 'Base',
    });
    expect(userByEmail(run, 'unconfirmed@example.com')?.emailVerified).toBe(false);
    expect(userByEmail(run, 'google@example.com')).toMatchObject({ oauthProvider: 'Google' });
    expect(userByEmail(run, 'google@example.com')?.passwordHash).toBeUndefined();
  });
});
