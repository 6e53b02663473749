/** Cases the shared vectors do not cover: parameters, wrappers and edge shapes of each scheme. */
import { createHash, pbkdf2Sync, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyHash } from './registry.js';
import { verifyPassword } from './verify.js';
import type { HashInput } from './types.js';

async function expectVerifies(input: HashInput, password: string): Promise<string> {
  const r = classifyHash(input);
  if (!r.importable) throw new Error(`${r.reason}: ${r.detail}`);
  expect(await verifyPassword(password, r.workosHash, r.type)).toBe(true);
  expect(await verifyPassword(`${password}!`, r.workosHash, r.type)).toBe(false);
  return r.workosHash;
}

describe('not importable, with the right reason', () => {
  it.each([
    ['{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=', 'unsalted_digest'],
    ['{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=', 'unsalted_digest'],
    ['{SSHA512}W6ph5Mm5Pz8GgiULbPgzG37mj9g=', 'unsupported_digest'],
    ['{CRYPT}$6$rounds=5000$salt$abcdefghijklmnopqrstuvwxyz0123456789', 'unsupported_scheme'],
    ['{CLEARTEXT}hunter2', 'plaintext'],
    ['{PBKDF2}10000$c2FsdA$aGFzaA', 'unsupported_digest'],
    ['$P$BxxxxxxxxxxxxxxxxxxxxxxxxxxxxxX', 'unsupported_scheme'],
    ['U$P$BxxxxxxxxxxxxxxxxxxxxxxxxxxxxxX', 'prehashed'],
    ['$1$saltsalt$abcdefghijklmnopqrstuv', 'unsupported_scheme'],
    ['$6$saltsalt$abcdefghijklmnopqrstuv', 'unsupported_scheme'],
    ['$pbkdf2$1000$c2FsdA$aGFzaA', 'unsupported_digest'],
    ['pbkdf2_sha1$260000$salt$aGFzaA==', 'unsupported_digest'],
    ['pbkdf2:sha256$salt$abcd', 'parameters_out_of_range'],
    ['crypt$$abcdefghijklm', 'unsupported_scheme'],
    ['!', 'no_hash_exported'],
    ['plain$$hunter2', 'plaintext'],
    ['{pbkdf2}' + '00'.repeat(40), 'unsupported_digest'],
    ['$2$04$' + 'a'.repeat(53), 'unsupported_scheme'],
    ['$2b$03$' + 'a'.repeat(53), 'parameters_out_of_range'],
  ])('%s → %s', (hash, reason) => {
    expect(classifyHash({ hash })).toMatchObject({ importable: false, reason });
  });
});

describe('parameters that turn a hash importable', () => {
  it('Werkzeug without a stored iteration count, given werkzeugIterations', async () => {
    const key = pbkdf2Sync('pw', 'saltsalt', 600_000, 32, 'sha256').toString('hex');
    const hash = `pbkdf2:sha256$saltsalt$${key}`;
    expect(classifyHash({ hash }).importable).toBe(false);
    await expectVerifies({ hash, params: { werkzeugIterations: '600000' } }, 'pw');
  });

  it('Spring {pbkdf2} with a custom SHA-512 configuration and a secret (PHC salt = salt ‖ secret)', async () => {
    const salt = Buffer.alloc(16, 7);
    const key = pbkdf2Sync('pw', Buffer.concat([salt, Buffer.from('s3cr3t')]), 210_000, 64, 'sha512');
    const hash = `{pbkdf2}${Buffer.concat([salt, key]).toString('hex')}`;
    const params = {
      springPbkdf2Digest: 'SHA-512',
      springPbkdf2Iterations: '210000',
      springPbkdf2SaltLength: '16',
      springPbkdf2Secret: 's3cr3t',
    };
    await expectVerifies({ hash, params }, 'pw');
  });

  it('a raw scrypt key stored alone with its salt in a column', async () => {
    const key = scryptSync('pw', 'column-salt', 32, { N: 1024, r: 8, p: 1 }).toString('base64');
    await expectVerifies({ hash: key, params: { salt: 'column-salt', scryptN: '1024' } }, 'pw');
  });

  it('a salted SHA-1 whose salt column is hex', async () => {
    const salt = Buffer.from('00ff10', 'hex');
    const hex = createHash('sha1').update('pw').update(salt).digest('hex');
    await expectVerifies(
      { hash: hex, params: { salt: '00ff10', saltEncoding: 'hex', saltOrder: 'password-salt' } },
      'pw',
    );
  });

  it('a pepper flag blocks a bcrypt hash, "false" does not', () => {
    const hash = '$2b$04$VVkddvqXy/IlfycTvcFlv.Fsgi7R1/3Kbwqya59uAc/a7uWHlUCBe';
    expect(classifyHash({ hash, params: { pepper: 'true' } })).toMatchObject({ reason: 'peppered' });
    expect(classifyHash({ hash, params: { pepper: 'false' } }).importable).toBe(true);
  });

  it('$2y$ is kept as is when bcryptRewrite2y=false', () => {
    const hash = '$2y$04$LDI0//yhqwJarER36Emsj.r9OPPr6kwvxhNq2ULw5QGmjkvSUO0Pa';
    expect(classifyHash({ hash, params: { bcryptRewrite2y: 'false' } })).toMatchObject({ workosHash: hash });
  });

  it('firebaseLayout=docs emits the PHC-like layout from WorkOS docs', async () => {
    const params = {
      salt: 'x24ju9AEWvl3pA==',
      firebaseSignerKey:
        'otSpF8zIQJtnIlJ7qKcKxbT7P4rJjTC8IUivozIXoeEss0rEt1enA7AqmXeg4T69uGjRB6Zc7JYqn7I7xcqm0g==',
      firebaseSaltSeparator: 'Bw==',
      firebaseRounds: '8',
      firebaseMemCost: '14',
      firebaseLayout: 'docs',
    };
    const hash = 'UTSaK/gouVw1a2VCaFGfDg/wfUaOyrwtdXJH4fGmo13SIALdabG3BBQdA78T2IYpOGnUca06pk0+9/wQFC0hBg==';
    const out = await expectVerifies({ hash, params }, 'a');
    expect(out).toMatch(/^\$firebase-scrypt\$r=8,m=14,sk=[^$]+,ss=Bw\$x24ju9AEWvl3pA\$UTSaK/);
  });

  it('project-wide Firebase parameters do not capture hex digests or bcrypt rows of a mixed export', () => {
    const params = { firebaseSignerKey: 'c2lnbmVy', salt: 'abc' };
    expect(classifyHash({ hash: '5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8', params }).sourceFormat).toMatch(
      /^hex SHA-1/,
    );
    expect(
      classifyHash({ hash: '$2b$04$VVkddvqXy/IlfycTvcFlv.Fsgi7R1/3Kbwqya59uAc/a7uWHlUCBe', params })
        .importable,
    ).toBe(true);
  });
});

describe('wrappers', () => {
  it('Keycloak credentialData/secretData given as objects rather than JSON strings', async () => {
    const salt = Buffer.alloc(16, 1);
    const value = pbkdf2Sync('pw', salt, 210_000, 64, 'sha512');
    const hash = JSON.stringify({
      type: 'password',
      secretData: { value: value.toString('base64'), salt: salt.toString('base64') },
      credentialData: { hashIterations: 210_000, algorithm: 'pbkdf2-sha512' },
    });
    await expectVerifies({ hash }, 'pw');
  });

  it('a Spring {bcrypt} prefix around a non-bcrypt string is malformed', () => {
    expect(classifyHash({ hash: '{bcrypt}{SSHA}6OWN7/hJrJls+D+a3qhdp0z/yn2YaJwB' })).toMatchObject({
      importable: false,
      reason: 'malformed',
    });
  });
});

describe('a project-wide Firebase signer key in the mapping', () => {
  it('does not capture base64 hashes of other schemes that have no Firebase salt', () => {
    // ASP.NET Identity v3 (PBKDF2-HMAC-SHA256, 10,000 iterations): base64, and no salt column.
    const aspnet = 'AQAAAAEAACcQAAAAEAABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhscHR4fICEiIyQlJicoKSorLC0uLw==';
    const params = {
      firebaseSignerKey: 'c2lnbmVy',
      firebaseSaltSeparator: 'Bw==',
      firebaseRounds: '8',
      firebaseMemCost: '14',
    };
    const r = classifyHash({ hash: aspnet, params });
    expect(r).toMatchObject({ sourceFormat: 'ASP.NET Core Identity v3', reason: 'parameters_out_of_range' });
  });
});
