import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { classifyHash } from '../registry.js';
import { isLegacyVerifiable, verifyLegacy } from './index.js';
import {
  hashInputFor,
  LEGACY_EXTRA_VECTORS_PATH,
  loadHashVectors,
  PHC_PBKDF2_VECTORS_PATH,
} from '../../../test/support/hash-vectors.js';

const vectors = [
  ...loadHashVectors(),
  ...loadHashVectors(LEGACY_EXTRA_VECTORS_PATH),
  ...loadHashVectors(PHC_PBKDF2_VECTORS_PATH),
];
const notImportable = vectors.filter((v) => !v.importable);

/** Not checkable locally, and why: everything else that WorkOS refuses must verify. */
const UNVERIFIABLE: Record<string, string> = {
  'spring-noop': 'plaintext: sent as a password, not a hash',
  'spring-sha256-standard': "Spring's StandardPasswordEncoder needs the app's secret",
  'keycloak-argon2-v1.0': 'argon2 version 1.0 (hash-wasm computes 1.3 only)',
  'supabase-fbscrypt-p2': 'Firebase scrypt with p ≠ 1',
  'aws-cognito': 'no hash exported',
};

describe('legacy verifiers over the vectors', () => {
  it.each(notImportable.map((v) => [v.id, v] as const))('%s', async (id, v) => {
    const c = classifyHash(hashInputFor(v));
    expect(c.importable).toBe(false);
    if (!c.importable) expect(c.reason).toBe(v.reason_code);
    expect(isLegacyVerifiable(c)).toBe(!(id in UNVERIFIABLE));
    if (id in UNVERIFIABLE) return;
    expect(await verifyLegacy(c, v.password_as_hashed ?? v.password)).toBe(true);
    expect(await verifyLegacy(c, `${v.password}x`)).toBe(false);
  });

  it('covers every family the login-time migration promises', () => {
    const verifiable = notImportable.filter((v) => !(v.id in UNVERIFIABLE)).map((v) => v.id);
    for (const family of [
      'md5-salt-then-password-hex',
      'md5-password-then-salt-hex',
      'sha1-salt-then-password-hex',
      'sha256-password-then-salt-hex',
      'sha512-salt-then-password-hex',
      'sha512-unsalted-hex',
      'django-sha1-salted',
      'django-md5-salted',
      'django-pbkdf2_sha1',
      'django-pbkdf2_sha256-260000',
      'phpass-P-wordpress',
      'phpass-H-phpbb',
      'drupal7-S',
      'django-bcrypt_sha256',
      'passlib-bcrypt_sha256',
      'wordpress-6.8-wp-bcrypt',
      'devise-pepper',
      'aspnet-identity-v2',
      'bcrypt-2x-ascii',
    ])
      expect(verifiable).toContain(family);
  });

  it('never lets the recipe travel with the classification', () => {
    for (const v of notImportable) {
      const c = classifyHash(hashInputFor(v));
      const text = JSON.stringify(c) + JSON.stringify({ ...c }) + inspect(c);
      expect(text, v.id).not.toContain('"salt"');
      expect(text, v.id).not.toContain('expected');
      expect(text, v.id).not.toContain('setting');
    }
  });

  it('gives importable hashes no legacy path', () => {
    for (const v of vectors.filter((x) => x.importable))
      expect(isLegacyVerifiable(classifyHash(hashInputFor(v))), v.id).toBe(false);
  });

  it('refuses a non-ASCII password against $2x$ instead of guessing at the bug', async () => {
    const v = vectors.find((x) => x.id === 'bcrypt-2x-ascii')!;
    expect(await verifyLegacy(classifyHash(hashInputFor(v)), `${v.password}é`)).toBe(false);
  });

  it('checks a Devise hash only with the pepper value, not a yes/no flag', () => {
    const v = vectors.find((x) => x.id === 'devise-pepper')!;
    expect(isLegacyVerifiable(classifyHash({ hash: v.source_hash!, params: { pepper: 'true' } }))).toBe(
      false,
    );
  });
});
