import { describe, expect, it } from 'vitest';
import { classifyHash } from './registry.js';
import { verifyPassword } from './verify.js';
import { REASON_CODES } from './types.js';
import { hashInputFor, loadHashVectors } from '../../test/support/hash-vectors.js';

const vectors = loadHashVectors();
const inputFor = hashInputFor;

describe('every vector in test/fixtures/hash-vectors/hashes.jsonl', () => {
  it('has the vectors file and both kinds of line', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(90);
    expect(vectors.some((v) => v.importable) && vectors.some((v) => !v.importable)).toBe(true);
  });

  it.each(vectors.filter((v) => v.importable).map((v) => [v.id, v] as const))(
    'importable: %s',
    async (_id, v) => {
      const result = classifyHash(inputFor(v));
      expect(result).toMatchObject({ importable: true, type: v.workos_type, workosHash: v.workos_hash });
      if (!result.importable) return;
      expect(await verifyPassword(v.password_as_hashed ?? v.password, result.workosHash, result.type)).toBe(
        true,
      );
    },
  );

  it.each(vectors.filter((v) => !v.importable).map((v) => [v.id, v] as const))(
    'not importable: %s',
    (_id, v) => {
      const result = classifyHash(inputFor(v));
      expect(result).toMatchObject({ importable: false, reason: v.reason_code });
      if (result.importable) return;
      expect(REASON_CODES).toContain(result.reason);
      expect(result.detail.length).toBeGreaterThan(10);
      // Details are shown to people and written to reports: they never carry the secret material.
      if (v.source_hash) expect(result.detail).not.toContain(v.source_hash);
      const salt = v.source_extra?.salt;
      if (typeof salt === 'string') expect(result.detail).not.toContain(salt);
    },
  );
});

describe('classifyHash with a declared algorithm', () => {
  const bcrypt = '$2b$04$VVkddvqXy/IlfycTvcFlv.Fsgi7R1/3Kbwqya59uAc/a7uWHlUCBe';

  it('detects from the string when the declared name contradicts it, and says so', () => {
    const r = classifyHash({ hash: bcrypt, algorithm: 'pbkdf2' });
    expect(r).toMatchObject({ importable: true, type: 'bcrypt', workosHash: bcrypt });
    expect(r.notes.join(' ')).toMatch(/declared "pbkdf2" contradicts the string/);
  });

  it('notes a wrong-but-recognised name without changing the result', () => {
    const r = classifyHash({ hash: bcrypt, algorithm: 'blowfish' });
    expect(r).toMatchObject({ importable: true, type: 'bcrypt' });
    expect(r.notes.join(' ')).toMatch(/"blowfish" is not a WorkOS type name; read as bcrypt/);
    expect(classifyHash({ hash: bcrypt, algorithm: 'bcrypt' }).notes).toEqual([]);
  });

  it('uses the declared source format to break ties between shapes two frameworks share', () => {
    const shared = 'sha256$abcdefgh$5e4e27cf85579a80fd55e04f215d9ed93f2e7e22f7e85344f6c186d58ad44ecc';
    expect(classifyHash({ hash: shared })).toMatchObject({ sourceFormat: 'Werkzeug legacy digest' });
    expect(classifyHash({ hash: 'sha1$abc$5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8' })).toMatchObject({
      reason: 'wrong_salt_order',
      sourceFormat: 'Django sha1',
    });
    expect(
      classifyHash({ hash: 'sha1$abc$5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8', algorithm: 'werkzeug' }),
    ).toMatchObject({
      reason: 'unsupported_digest',
      sourceFormat: 'Werkzeug legacy digest',
    });
  });

  it('treats a declared plaintext as plaintext, and a Firebase hash without hash_config as malformed with the missing keys', () => {
    expect(classifyHash({ hash: 'hunter2', algorithm: 'plain' })).toMatchObject({ reason: 'plaintext' });
    const r = classifyHash({ hash: 'UTSaK/gouVw1a2VCaFGfDg==', algorithm: 'firebase' });
    expect(r).toMatchObject({ importable: false, reason: 'malformed' });
    if (!r.importable) expect(r.detail).toContain('firebaseSignerKey');
  });

  it('survives inputs from untyped callers and unknown strings', () => {
    expect(classifyHash({ hash: null as unknown as string })).toMatchObject({ reason: 'no_hash_exported' });
    expect(classifyHash({ hash: '   ' })).toMatchObject({ reason: 'no_hash_exported' });
    const r = classifyHash({ hash: 'zzz-not-a-hash-zzz' });
    expect(r).toMatchObject({ importable: false, reason: 'unknown_format' });
    if (!r.importable) expect(r.detail).not.toContain('zzz');
  });

  it('reports malformed strings inside a recognised family', () => {
    expect(classifyHash({ hash: '$2b$04$tooshort' })).toMatchObject({ reason: 'malformed' });
    expect(classifyHash({ hash: '$pbkdf2$i=600000,d=sha256$@@@$###' })).toMatchObject({
      reason: 'malformed',
    });
    expect(classifyHash({ hash: '{SSHA}AAAA' })).toMatchObject({ reason: 'malformed' });
    expect(classifyHash({ hash: 'pbkdf2_sha256$x$salt$hash' })).toMatchObject({ reason: 'malformed' });
  });

  it('checks WorkOS ranges on hashes already in WorkOS form', () => {
    const salt = 'c2FsdHNhbHQ';
    const key = 'A'.repeat(43);
    expect(classifyHash({ hash: `$pbkdf2$i=600000,d=sha256$${salt}$${key}` }).importable).toBe(true);
    expect(classifyHash({ hash: `$pbkdf2$i=599999,d=sha256$${salt}$${key}` })).toMatchObject({
      reason: 'parameters_out_of_range',
    });
    expect(classifyHash({ hash: `$pbkdf2$i=600000,d=sha1$${salt}$${key}` })).toMatchObject({
      reason: 'unsupported_digest',
    });
    expect(classifyHash({ hash: `$scrypt$v=1$n=1000,r=8,p=1,kl=32$${salt}$${key}` })).toMatchObject({
      reason: 'malformed',
    });
  });
});
