import { describe, expect, it } from 'vitest';
import { resolveAlgorithmName } from './algorithm-names.js';
import { SCHEMES } from './registry.js';
import { WORKOS_HASH_TYPES } from './types.js';

describe('resolveAlgorithmName', () => {
  it('takes the six WorkOS names silently', () => {
    for (const t of WORKOS_HASH_TYPES) expect(resolveAlgorithmName(t)).toEqual({ type: t });
  });

  it.each([
    ['blowfish', 'bcrypt'],
    ['bcrypt2', 'bcrypt'],
    ['2a', 'bcrypt'],
    ['2b', 'bcrypt'],
    ['$2y$', 'bcrypt'],
    ['BCRYPT', 'bcrypt'],
    ['scrypt-js', 'scrypt'],
    ['firebase', 'firebase-scrypt'],
    ['fbscrypt', 'firebase-scrypt'],
    ['firebase_scrypt', 'firebase-scrypt'],
    ['pbkdf2-sha256', 'pbkdf2'],
    ['PBKDF2_SHA512', 'pbkdf2'],
    ['argon2id', 'argon2'],
  ] as const)('reads %s as %s, with a warning for assess', (name, type) => {
    const r = resolveAlgorithmName(name);
    expect(r.type).toBe(type);
    expect(r.warning).toContain(name);
  });

  it('maps vague digest names to a scheme but no WorkOS type', () => {
    expect(resolveAlgorithmName('sha256').scheme).toBe('hex-digest');
    expect(resolveAlgorithmName('sha256').type).toBeUndefined();
    expect(resolveAlgorithmName('pbkdf2-sha1').type).toBeUndefined();
  });

  it('warns about names it does not know and resolves nothing', () => {
    const r = resolveAlgorithmName('rot13');
    expect(r.type).toBeUndefined();
    expect(r.scheme).toBeUndefined();
    expect(r.warning).toMatch(/not recognised/);
  });

  it('accepts every scheme id listed in README for --from', () => {
    for (const s of SCHEMES) {
      const r = resolveAlgorithmName(s.id);
      expect(r.scheme ?? r.type, s.id).toBe(s.id);
    }
  });
});
