import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset devise on a devise_create_users table with Ruby-style $2a$ bcrypt', () => {
  const source = `sqlite:${join(fixtureDir('devise'), 'app.db')}`;

  it('imports encrypted_password as bcrypt; confirmed_at says who is verified', async () => {
    const run = await runPreset('devise', source);
    expect(run.lanes).toEqual({
      'dhh@example.com': 'import-hash/bcrypt',
      'jose@example.com': 'import-hash/bcrypt',
    });
    expect(run.passed).toEqual(['dhh@example.com', 'jose@example.com']);
    expect(userByEmail(run, 'dhh@example.com')?.emailVerified).toBe(true);
    expect(userByEmail(run, 'jose@example.com')?.emailVerified).toBe(false);
  });

  it('with --param pepper every user needs a reset, and the pepper is never kept', async () => {
    const run = await runPreset('devise', source, { pepper: 'the-real-pepper-value' });
    expect(run.lanes).toEqual({ 'dhh@example.com': 'reset/peppered', 'jose@example.com': 'reset/peppered' });
    expect(JSON.stringify(run.users)).not.toContain('the-real-pepper-value');
  });
});
