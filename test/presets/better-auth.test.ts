import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset better-auth on user + account tables with Better Auth scrypt', () => {
  it('imports credential accounts as scrypt; other accounts make OAuth users', async () => {
    const run = await runPreset('better-auth', `sqlite:${join(fixtureDir('better-auth'), 'app.db')}`);
    expect(run.lanes).toEqual({
      'bereket@example.com': 'import-hash/scrypt',
      'ligature@example.com': 'import-hash/scrypt',
      'social@example.com': 'oauth',
    });
    expect(run.passed).toContain('bereket@example.com');
    // Better Auth hashed NFKC("ﬁne…") = "fine…": the typed password verifies only if WorkOS normalises too (unknown).
    expect(run.failed).toEqual(['ligature@example.com']);
    expect(userByEmail(run, 'social@example.com')).toMatchObject({
      oauthProvider: 'GitHub',
      emailVerified: true,
    });
    expect(userByEmail(run, 'bereket@example.com')).toMatchObject({
      firstName: 'Bereket',
      lastName: 'Engida',
    });
  });
});
