import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset wordpress on wp_users + wp_usermeta, hashed the way WordPress does', () => {
  const source = `sqlite:${join(fixtureDir('wordpress'), 'app.db')}`;

  it('phpass and $wp$ bcrypt need a reset, a plugin bcrypt imports; names come from wp_usermeta', async () => {
    const run = await runPreset('wordpress', source);
    expect(run.lanes).toEqual({
      'admin@example.com': 'reset/unsupported_scheme',
      'editor@example.com': 'reset/prehashed',
      'plugin@example.com': 'import-hash/bcrypt',
    });
    expect(run.passed).toEqual(['plugin@example.com']);
    expect(run.notImportable).toEqual(['admin@example.com', 'editor@example.com']);
    expect(userByEmail(run, 'admin@example.com')).toMatchObject({
      firstName: 'Matt',
      lastName: 'Mullenweg',
      metadata: { userLogin: 'admin' },
    });
  });

  it('refuses a table prefix that is not a plain name, since it goes into the query', async () => {
    await expect(runPreset('wordpress', source, { prefix: 'wp_; DROP TABLE x; --' })).rejects.toThrow(
      /--param prefix must be a plain table, schema or prefix name/,
    );
    await expect(runPreset('wordpress', source, { prefix: 'other_' })).rejects.toThrow(
      /no such table: other_users/,
    );
  });
});
