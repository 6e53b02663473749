import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset keycloak on a realm export with credentials[]', () => {
  it('reads users[] of the realm file; pbkdf2-sha512 and argon2 import, the old 27,500 default resets', async () => {
    const run = await runPreset('keycloak', join(fixtureDir('keycloak'), 'acme-realm.json'));
    expect(run.lanes).toEqual({
      'old@example.com': 'reset/parameters_out_of_range',
      'v24@example.com': 'import-hash/pbkdf2',
      'v26@example.com': 'import-hash/argon2',
      'social@example.com': 'oauth',
    });
    expect(run.passed).toEqual(['v24@example.com', 'v26@example.com']);
    expect(userByEmail(run, 'social@example.com')?.oauthProvider).toBe('Google');
    expect(userByEmail(run, 'v24@example.com')).toMatchObject({
      firstName: 'V24',
      lastName: 'Keycloak',
      emailVerified: true,
      metadata: { username: 'v24' },
    });
  });

  it('refuses a database URL: a Keycloak preset reads the export file', async () => {
    await expect(runPreset('keycloak', 'sqlite:kc.db')).rejects.toThrow(/export file, not a database URL/);
  });
});
