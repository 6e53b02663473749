/**
 * Property tests: hashes made by implementations other than the code under test, in the source
 * formats people bring, must convert and then verify; a one-character change must not.
 * KDF parameters are the cheapest allowed so the suite stays fast.
 */
import { createCipheriv, createHash, pbkdf2Sync, randomBytes, scryptSync } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import fc from 'fast-check';
import { argon2d, argon2i, argon2id } from 'hash-wasm';
import { describe, expect, it } from 'vitest';
import { classifyHash } from './registry.js';
import { verifyPassword } from './verify.js';
import type { HashInput, WorkosHashType } from './types.js';

const password = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }),
  fc.constantFrom('pässwörd', '密码', '🔑secret', 'a'),
);
/** Text salts as Django/Werkzeug generate them: [A-Za-z0-9]. */
const textSalt = fc.string({
  unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
  minLength: 8,
  maxLength: 22,
});
const bytes = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a));

/** Replaces the first code point with a different one: bcrypt ignores bytes past 72, so appending proves nothing. */
function oneCharChanged(pw: string): string {
  const chars = Array.from(pw);
  chars[0] = chars[0] === 'a' ? 'b' : 'a';
  return chars.join('');
}

async function convertsAndVerifies(input: HashInput, pw: string, type: WorkosHashType): Promise<void> {
  const result = classifyHash(input);
  if (!result.importable) throw new Error(`not importable: ${result.reason} ${result.detail}`);
  expect(result.type).toBe(type);
  expect(await verifyPassword(pw, result.workosHash, type)).toBe(true);
  expect(await verifyPassword(oneCharChanged(pw), result.workosHash, type)).toBe(false);
}

describe('bcrypt made by bcryptjs', () => {
  it('$2b$ and its $2y$/$2a$ spellings convert and verify', async () => {
    await fc.assert(
      fc.asyncProperty(password, fc.constantFrom('2a', '2b', '2y'), async (pw, prefix) => {
        const hash = `$${prefix}$${bcryptjs.hashSync(pw, 4).slice(4)}`;
        await convertsAndVerifies({ hash }, pw, 'bcrypt');
        await convertsAndVerifies({ hash: `{bcrypt}${hash}` }, pw, 'bcrypt');
      }),
      { numRuns: 8 },
    );
  });
});

describe('pbkdf2 made by node:crypto in framework layouts', () => {
  it('Django pbkdf2_sha256', async () => {
    await fc.assert(
      fc.asyncProperty(
        password,
        textSalt,
        fc.integer({ min: 600_000, max: 601_000 }),
        async (pw, salt, n) => {
          const key = pbkdf2Sync(pw, salt, n, 32, 'sha256').toString('base64');
          await convertsAndVerifies({ hash: `pbkdf2_sha256$${n}$${salt}$${key}` }, pw, 'pbkdf2');
        },
      ),
      { numRuns: 2 },
    );
  });

  it('passlib $pbkdf2-sha512$ (adapted base64)', async () => {
    await fc.assert(
      fc.asyncProperty(
        password,
        bytes(8, 24),
        fc.integer({ min: 210_000, max: 212_000 }),
        async (pw, salt, n) => {
          const ab64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '').replace(/\+/g, '.');
          const key = pbkdf2Sync(pw, salt, n, 64, 'sha512');
          await convertsAndVerifies({ hash: `$pbkdf2-sha512$${n}$${ab64(salt)}$${ab64(key)}` }, pw, 'pbkdf2');
        },
      ),
      { numRuns: 2 },
    );
  });

  it('ASP.NET Core Identity v3 with SHA-512', async () => {
    await fc.assert(
      fc.asyncProperty(
        password,
        bytes(16, 16),
        fc.integer({ min: 210_000, max: 212_000 }),
        async (pw, salt, n) => {
          const header = Buffer.alloc(13);
          header[0] = 0x01;
          header.writeUInt32BE(2, 1);
          header.writeUInt32BE(n, 5);
          header.writeUInt32BE(salt.length, 9);
          const blob = Buffer.concat([header, salt, pbkdf2Sync(pw, salt, n, 32, 'sha512')]);
          await convertsAndVerifies({ hash: blob.toString('base64') }, pw, 'pbkdf2');
        },
      ),
      { numRuns: 2 },
    );
  });
});

describe('scrypt made by node:crypto in framework layouts', () => {
  const logN = fc.integer({ min: 10, max: 12 });
  const r = fc.integer({ min: 1, max: 8 });
  const p = fc.integer({ min: 1, max: 2 });

  it('Django scrypt$N$salt$r$p$hash', async () => {
    await fc.assert(
      fc.asyncProperty(password, textSalt, logN, r, p, async (pw, salt, ln, rr, pp) => {
        const key = scryptSync(pw, salt, 64, { N: 2 ** ln, r: rr, p: pp }).toString('base64');
        await convertsAndVerifies({ hash: `scrypt$${2 ** ln}$${salt}$${rr}$${pp}$${key}` }, pw, 'scrypt');
      }),
      { numRuns: 6 },
    );
  });

  it('Werkzeug scrypt:N:r:p$salt$hex', async () => {
    await fc.assert(
      fc.asyncProperty(password, textSalt, logN, r, p, async (pw, salt, ln, rr, pp) => {
        const key = scryptSync(pw, salt, 64, { N: 2 ** ln, r: rr, p: pp }).toString('hex');
        await convertsAndVerifies({ hash: `scrypt:${2 ** ln}:${rr}:${pp}$${salt}$${key}` }, pw, 'scrypt');
      }),
      { numRuns: 6 },
    );
  });

  it('passlib $scrypt$ln=…', async () => {
    await fc.assert(
      fc.asyncProperty(
        password,
        bytes(8, 16),
        logN,
        r,
        p,
        fc.constantFrom(16, 32, 64),
        async (pw, salt, ln, rr, pp, kl) => {
          const b64 = (b: Buffer) => b.toString('base64').replace(/=+$/, '');
          const key = scryptSync(pw, salt, kl, { N: 2 ** ln, r: rr, p: pp });
          await convertsAndVerifies(
            { hash: `$scrypt$ln=${ln},r=${rr},p=${pp}$${b64(salt)}$${b64(key)}` },
            pw,
            'scrypt',
          );
        },
      ),
      { numRuns: 6 },
    );
  });

  it('Spring {scrypt} parameter word', async () => {
    await fc.assert(
      fc.asyncProperty(password, bytes(16, 16), logN, r, p, async (pw, salt, ln, rr, pp) => {
        const word = ((ln << 16) | (rr << 8) | pp).toString(16);
        const key = scryptSync(pw, salt, 32, { N: 2 ** ln, r: rr, p: pp });
        const hash = `{scrypt}$${word}$${salt.toString('base64')}$${key.toString('base64')}`;
        await convertsAndVerifies({ hash }, pw, 'scrypt');
      }),
      { numRuns: 6 },
    );
  });

  it('raw salt:key pairs with app parameters', async () => {
    await fc.assert(
      fc.asyncProperty(
        password,
        bytes(16, 16),
        logN,
        r,
        fc.constantFrom('hex', 'base64') as fc.Arbitrary<'hex' | 'base64'>,
        async (pw, salt, ln, rr, enc) => {
          const key = scryptSync(pw, salt, 32, { N: 2 ** ln, r: rr, p: 1 });
          const hash = `${salt.toString(enc)}:${key.toString(enc)}`;
          const params = { scryptN: String(2 ** ln), scryptR: String(rr), scryptP: '1' };
          await convertsAndVerifies({ hash, params }, pw, 'scrypt');
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe('argon2 made by hash-wasm', () => {
  it('PHC strings with allowed parameters, in either m,t,p or m,p,t order', async () => {
    const variant = fc.constantFrom('argon2id', 'argon2i', 'argon2d');
    await fc.assert(
      fc.asyncProperty(
        password,
        bytes(8, 16),
        variant,
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 2 }),
        fc.boolean(),
        async (pw, salt, v, t, p, mpt) => {
          const iterations = v === 'argon2i' ? t + 2 : t;
          const fn = { argon2id, argon2i, argon2d }[v];
          const opts = { password: pw, salt, iterations, parallelism: p, memorySize: 4096, hashLength: 32 };
          let hash = await fn({ ...opts, outputType: 'encoded' });
          if (mpt) hash = hash.replace(`t=${iterations},p=${p}`, `p=${p},t=${iterations}`);
          await convertsAndVerifies({ hash }, pw, 'argon2');
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe('ssha from salted SHA-1 made by node:crypto', () => {
  it('hex sha1(password ‖ salt) with a salt column, and LDAP {SSHA}', async () => {
    await fc.assert(
      fc.asyncProperty(password, textSalt, bytes(1, 16), async (pw, salt, binSalt) => {
        const hex = createHash('sha1').update(pw).update(salt).digest('hex');
        await convertsAndVerifies({ hash: hex, params: { salt, saltOrder: 'password-salt' } }, pw, 'ssha');
        const digest = createHash('sha1').update(pw).update(binSalt).digest();
        await convertsAndVerifies(
          { hash: `{ssha}${Buffer.concat([digest, binSalt]).toString('base64')}` },
          pw,
          'ssha',
        );
      }),
      { numRuns: 20 },
    );
  });
});

describe('firebase-scrypt made with node:crypto the way Firebase does', () => {
  it('export + hash_config converts and verifies', async () => {
    await fc.assert(
      fc.asyncProperty(
        password,
        bytes(8, 16),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 10, max: 12 }),
        fc.boolean(),
        async (pw, salt, rounds, memCost, urlSafe) => {
          const signerKey = randomBytes(64);
          const separator = Buffer.from([7]);
          const key = scryptSync(pw, Buffer.concat([salt, separator]), 32, {
            N: 2 ** memCost,
            r: rounds,
            p: 1,
          });
          const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
          const hash = Buffer.concat([cipher.update(signerKey), cipher.final()]);
          const enc = (b: Buffer) => b.toString(urlSafe ? 'base64url' : 'base64');
          const params = {
            salt: enc(salt),
            firebaseSignerKey: signerKey.toString('base64'),
            firebaseSaltSeparator: separator.toString('base64'),
            firebaseRounds: String(rounds),
            firebaseMemCost: String(memCost),
          };
          await convertsAndVerifies({ hash: enc(hash), params }, pw, 'firebase-scrypt');
        },
      ),
      { numRuns: 6 },
    );
  });
});
