/**
 * verifyPassword and the canary answer for any stored hash: a WorkOS-form string with damaged or
 * absurd parameters never matches and never throws. Cost parameters are drawn small or far out of
 * range, so that no generated hash runs a real-cost KDF and the test stays fast.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate } from '../../test/support/fuzz.js';
import { checkCredentials } from './canary.js';
import { verifyPassword } from './verify.js';
import { WORKOS_HASH_TYPES, type WorkosHashType } from './types.js';

const SALT = 'c2FsdHNhbHRzYWx0c2FsdA';
const HASH = 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g';
const SMALL = ['0', '1', '2', '3', '4', '7', '8', '-1', '05', '32', '99', '4294967296', '9'.repeat(30)];

/** WorkOS forms whose every number is a slot for SMALL. */
const TEMPLATES: Array<[WorkosHashType, (n: string[]) => string]> = [
  ['pbkdf2', ([i]) => `$pbkdf2$i=${i},d=sha256$${SALT}$${HASH}`],
  ['scrypt', ([n, r, p]) => `$scrypt$v=1$n=${n},r=${r},p=${p}$${SALT}$${HASH}`],
  ['argon2', ([m, t, p]) => `$argon2id$v=19$m=${m},t=${t},p=${p}$${SALT}$${HASH}`],
  ['argon2', ([m, t, p]) => `$argon2i$m=${m},t=${t},p=${p}$${SALT}$${HASH}`],
  ['bcrypt', ([c]) => `$2b$${c!.padStart(2, '0').slice(-2)}$${'a'.repeat(22)}${'b'.repeat(31)}`],
  ['ssha', () => `{SSHA}${HASH}==`],
  [
    'firebase-scrypt',
    ([r, m]) => `$firebase-scrypt$hash=${HASH}=$salt=${SALT}==$sk=${HASH}=$ss=Bw==$r=${r}$m=${m}`,
  ],
];

const storedHashArb = fc
  .tuple(
    fc.nat({ max: TEMPLATES.length - 1 }),
    fc.array(fc.constantFrom(...SMALL), { minLength: 3, maxLength: 3 }),
    fc.constantFrom(...WORKOS_HASH_TYPES),
    fc.boolean(),
    fc.array(
      fc.record({
        op: fc.constant('insert' as const),
        at: fc.nat({ max: 120 }),
        text: fc.constantFrom('$', ',', '=', '\n', '\0', 'é'),
      }),
      { maxLength: 2 },
    ),
  )
  .map(([k, numbers, otherType, sameType, mutations]) => {
    const [type, build] = TEMPLATES[k]!;
    return { hash: mutations.reduce(mutate, build(numbers)), type: sameType ? type : otherType };
  });

describe('verifyPassword and the canary on damaged stored hashes', () => {
  it('parameters no KDF accepts (0 iterations, t=0, m < 8p, an empty password for bcrypt) answer, not throw', async () => {
    await expect(verifyPassword('x', `$pbkdf2$i=0,d=sha256$${SALT}$${HASH}`, 'pbkdf2')).resolves.toBe(false);
    await expect(
      verifyPassword('x', `$argon2id$v=19$m=4096,t=0,p=1$${SALT}$${HASH}`, 'argon2'),
    ).resolves.toBe(false);
    await expect(verifyPassword('x', `$argon2id$v=19$m=8,t=1,p=2$${SALT}$${HASH}`, 'argon2')).resolves.toBe(
      false,
    );
    await expect(verifyPassword('x', `$argon2id$v=19$m=4096,t=1,p=1$c2FsdA$${HASH}`, 'argon2')).resolves.toBe(
      false,
    );
    // bcrypt("") is a real hash (bcryptjs, cost 4): hash-wasm refused the empty password outright.
    const empty = '$2b$04$6LX56aAG5X5WBFoXm6bgc.ftxHmeMyMzqFL2aRDqGo3hIVO5LDxB.';
    await expect(verifyPassword('', empty, 'bcrypt')).resolves.toBe(true);
    await expect(verifyPassword('x', empty, 'bcrypt')).resolves.toBe(false);
  });

  it('random parameters, types and separators: a boolean every time', async () => {
    await fc.assert(
      fc.asyncProperty(storedHashArb, fc.string({ maxLength: 8 }), async ({ hash, type }, password) => {
        expect(typeof (await verifyPassword(password, hash, type))).toBe('boolean');
      }),
      { seed: 424_242, numRuns: 300 },
    );
  });

  it('the canary reports every user, whatever their converted hash holds', async () => {
    const entries = fc.sample(storedHashArb, { seed: 99, numRuns: 40 }).map(({ hash, type }, i) => ({
      email: `u${i}@example.com`,
      password: i % 5 === 0 ? '' : 'password',
      classification: { importable: true as const, type, workosHash: hash, sourceFormat: 'fuzz', notes: [] },
    }));
    const report = await checkCredentials(entries);
    expect(report.users).toHaveLength(entries.length);
    expect(report.passed + report.failed + report.notImportable).toBe(entries.length);
  });
});
