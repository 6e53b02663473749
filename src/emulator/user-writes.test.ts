import { describe, expect, it } from 'vitest';
import { ApiError } from './errors.js';
import { Store } from './store.js';
import { createUser, resolveMetadata, updateUser } from './user-writes.js';
import { World } from './world.js';

const world = () =>
  new World(
    {
      apiKey: 'k',
      clientId: 'c',
      limits: 'off',
      duplicateEmail: 'contract',
      requireEmailVerification: false,
      oauthEmailMatch: 'case-insensitive',
      roles: ['member', 'admin'],
    },
    new Store(),
  );

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ApiError ? String(err.body.code) : 'not an ApiError';
  }
  return undefined;
}

const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));

describe('metadata limits (spec: ≤50 keys, key ≤40 chars, string value ≤600)', () => {
  it.each([
    [keys(50), undefined],
    [keys(51), 'invalid_metadata'],
    [{ ['k'.repeat(40)]: 'v' }, undefined],
    [{ ['k'.repeat(41)]: 'v' }, 'invalid_metadata'],
    [{ k: 'v'.repeat(600) }, undefined],
    [{ k: 'v'.repeat(601) }, 'invalid_metadata'],
    [{ k: 1 }, 'invalid_metadata'],
    [['a'], 'invalid_metadata'],
  ])('%#', (metadata, code) => {
    expect(codeOf(() => resolveMetadata(metadata, {}, false))).toBe(code);
  });

  it('on update, null deletes a key, others merge, {} clears everything', () => {
    expect(resolveMetadata({ a: null, c: '3' }, { a: '1', b: '2' }, true)).toEqual({ b: '2', c: '3' });
    expect(resolveMetadata({}, { a: '1' }, true)).toEqual({});
    expect(resolveMetadata(undefined, { a: '1' }, true)).toEqual({ a: '1' });
  });
});

describe('createUser / updateUser', () => {
  it('keeps one account per email case-insensitively and records user.created / user.updated', async () => {
    const w = world();
    const u = await createUser(w, { email: 'Mixed@Case.test' });
    await expect(createUser(w, { email: 'mixed@case.TEST' })).rejects.toMatchObject({
      status: 400,
      body: { code: 'user_creation_error', errors: [{ code: 'email_not_available' }] },
    });
    const updated = await updateUser(w, u, { email: 'new@case.test' });
    expect(updated.email_verified).toBe(false);
    expect(w.store.userByEmail('NEW@case.test')?.id).toBe(u.id);
    expect(w.store.userByEmail('mixed@case.test')).toBeUndefined();
    expect(w.store.events.map((e) => e.event)).toEqual(['user.created', 'user.updated']);
  });

  it('never stores a plaintext password', async () => {
    const w = world();
    const u = await createUser(w, { email: 'p@x.test', password: 'correct horse battery' });
    expect(u.password?.type).toBe('scrypt');
    expect(JSON.stringify(w.store.snapshot())).not.toContain('correct horse battery');
  });

  it('refuses to un-verify a verified email', async () => {
    const w = world();
    const u = await createUser(w, { email: 'v@x.test', email_verified: true });
    await expect(updateUser(w, u, { email_verified: false })).rejects.toMatchObject({
      body: { code: 'email_already_verified' },
    });
  });
});
