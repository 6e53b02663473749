import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../e2e/helpers.js';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset django mapping (lanes per hasher: test/e2e/preset-django.test.ts)', () => {
  it('maps auth_user columns, keeps the username as metadata, and takes a custom user table', async () => {
    const db = join(tempDir(), 'app.db');
    copyFileSync(join(fixtureDir('django'), 'app.db'), db);
    // A custom AUTH_USER_MODEL: the same columns in accounts_user.
    const write = new Database(db);
    write.exec('ALTER TABLE auth_user RENAME TO accounts_user');
    write.close();
    const run = await runPreset('django', `sqlite:${db}`, { table: 'accounts_user' });
    expect(userByEmail(run, 'bcrypt.user@example.com')).toMatchObject({
      firstName: 'Ada',
      lastName: 'bcrypt',
      localId: '6',
      metadata: { username: 'user_bcrypt' },
    });
    expect(run.lanes['bcrypt.user@example.com']).toBe('import-hash/bcrypt');
    expect(run.failed).toEqual([]);
  });
});
