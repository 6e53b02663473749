import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset aspnet-identity on AspNetUsers + AspNetUserLogins with PasswordHasher v2/v3 hashes', () => {
  it('imports v3 hashes in range, resets the framework default and v2, external logins are OAuth', async () => {
    const run = await runPreset('aspnet-identity', `sqlite:${join(fixtureDir('aspnet-identity'), 'app.db')}`);
    expect(run.lanes).toEqual({
      'net8@example.com': 'reset/parameters_out_of_range',
      'tuned@example.com': 'import-hash/pbkdf2',
      'legacy@example.com': 'reset/unsupported_digest',
      'normalized@example.com': 'import-hash/pbkdf2',
      'google@example.com': 'oauth',
    });
    expect(run.passed).toEqual(['normalized@example.com', 'tuned@example.com']);
    expect(run.failed).toEqual([]);
    expect(userByEmail(run, 'google@example.com')).toMatchObject({
      oauthProvider: 'Google',
      emailVerified: true,
    });
    expect(userByEmail(run, 'legacy@example.com')?.emailVerified).toBe(false);
  });
});
