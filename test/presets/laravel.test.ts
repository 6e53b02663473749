import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset laravel on a users table from create_users_table, hashed by PHP', () => {
  it("imports PHP's $2y$ bcrypt and argon2id, verified from email_verified_at, the name split", async () => {
    const run = await runPreset('laravel', `sqlite:${join(fixtureDir('laravel'), 'app.db')}`);
    expect(run.lanes).toEqual({
      'taylor@example.com': 'import-hash/bcrypt',
      'ada@example.com': 'import-hash/bcrypt',
      'grace@example.com': 'import-hash/argon2',
    });
    expect(run.passed).toEqual(['ada@example.com', 'grace@example.com', 'taylor@example.com']);
    expect(run.failed).toEqual([]);
    expect(userByEmail(run, 'grace@example.com')).toMatchObject({
      firstName: 'Grace',
      lastName: 'Brewster Hopper',
      emailVerified: true,
      localId: '3',
    });
    expect(userByEmail(run, 'ada@example.com')).toMatchObject({ firstName: 'Ada', emailVerified: false });
    expect(userByEmail(run, 'ada@example.com')?.lastName).toBeUndefined();
  });
});
