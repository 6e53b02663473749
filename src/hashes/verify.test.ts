import { describe, expect, it } from 'vitest';
import { verifyPassword } from './verify.js';
import { WORKOS_HASH_TYPES } from './types.js';
import { loadHashVectors } from '../../test/support/hash-vectors.js';

const vectors = loadHashVectors();
const importable = vectors.filter((v) => v.importable);

describe('verifyPassword against the importable vectors (WorkOS form)', () => {
  it('covers every WorkOS type', () => {
    expect(new Set(importable.map((v) => v.workos_type))).toEqual(new Set(WORKOS_HASH_TYPES));
  });

  it.each(importable.map((v) => [v.id, v] as const))('%s', async (_id, v) => {
    const password = v.password_as_hashed ?? v.password;
    expect(await verifyPassword(password, v.workos_hash!, v.workos_type!)).toBe(true);
    // change the first character: bcrypt ignores anything after 72 bytes, so appending proves nothing
    expect(await verifyPassword(`X${password.slice(1)}`, v.workos_hash!, v.workos_type!)).toBe(false);
  });
});

describe('verifyPassword edge cases', () => {
  const bcrypt = '$2b$04$VVkddvqXy/IlfycTvcFlv.Fsgi7R1/3Kbwqya59uAc/a7uWHlUCBe';

  it('never matches a malformed hash or the wrong type', async () => {
    expect(await verifyPassword('password', bcrypt.slice(0, -1), 'bcrypt')).toBe(false);
    expect(await verifyPassword('password', bcrypt, 'scrypt')).toBe(false);
    expect(await verifyPassword('password', '{SSHA}', 'ssha')).toBe(false);
  });

  it('treats $2a$, $2b$ and $2y$ as the same algorithm', async () => {
    for (const prefix of ['$2a$', '$2y$']) {
      expect(await verifyPassword('password', prefix + bcrypt.slice(4), 'bcrypt')).toBe(true);
    }
  });

  it('accepts the docs layout of firebase-scrypt as well as the migration tool layout', async () => {
    const docs =
      '$firebase-scrypt$r=8,m=14,sk=otSpF8zIQJtnIlJ7qKcKxbT7P4rJjTC8IUivozIXoeEss0rEt1enA7AqmXeg4T69uGjRB6Zc7JYqn7I7xcqm0g,ss=Bw$x24ju9AEWvl3pA$UTSaK/gouVw1a2VCaFGfDg/wfUaOyrwtdXJH4fGmo13SIALdabG3BBQdA78T2IYpOGnUca06pk0+9/wQFC0hBg';
    expect(await verifyPassword('a', docs, 'firebase-scrypt')).toBe(true);
    expect(await verifyPassword('b', docs, 'firebase-scrypt')).toBe(false);
  });
});

describe('checkWorkosHash (import-time validation)', () => {
  it('accepts every importable vector in its WorkOS form and refuses source formats', async () => {
    const { checkWorkosHash } = await import('./validate.js');
    for (const v of importable)
      expect(checkWorkosHash(v.workos_hash!, v.workos_type!), v.id).toEqual({ ok: true });
    expect(checkWorkosHash('pbkdf2_sha256$600000$abc$def', 'pbkdf2')).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(
      checkWorkosHash('$argon2id$v=19$m=4096,t=6,p=1$hN8cDQLuvruc9DzrFtvJ+g$' + 'A'.repeat(43), 'argon2'),
    ).toMatchObject({ ok: false, reason: 'parameters_out_of_range' });
  });

  it('refuses to spend unbounded work on absurd parameters', async () => {
    const huge = '$pbkdf2$i=999999999,d=sha256$c2FsdA$' + 'A'.repeat(43);
    expect(await verifyPassword('x', huge, 'pbkdf2')).toBe(false);
  });
});
