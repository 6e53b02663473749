import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset auth0 on a bulk user export joined with the password-hash export', () => {
  const dir = fixtureDir('auth0');
  const source = join(dir, 'users.ndjson');

  it('joins hashes by user id; users without one reset, social connections are OAuth', async () => {
    const run = await runPreset('auth0', source, { hashes: join(dir, 'password-hashes.ndjson') });
    expect(run.lanes).toEqual({
      'zero@example.com': 'import-hash/bcrypt',
      'nohash@example.com': 'reset/no_password',
      'google@example.com': 'oauth',
    });
    expect(run.passed).toEqual(['zero@example.com']);
    expect(userByEmail(run, 'google@example.com')?.oauthProvider).toBe('Google');
    expect(userByEmail(run, 'zero@example.com')).toMatchObject({
      firstName: 'Zero',
      lastName: 'Auth',
      emailVerified: true,
    });
  });

  it('without the hash export every database user needs a reset', async () => {
    const run = await runPreset('auth0', source);
    expect(run.lanes['zero@example.com']).toBe('reset/no_password');
  });
});
