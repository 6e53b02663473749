/**
 * The dry run's spec check is only worth something if it rejects what WorkOS would reject. These
 * bodies break the published Create User schema one rule at a time; each must be refused with a
 * problem that names the field, and the valid shapes the importer sends must pass.
 */
import { describe, expect, it } from 'vitest';
import { WORKOS_HASH_TYPES } from '../hashes/types.js';
import { validateCreateUserBody } from './spec-validation.js';

const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';
const EMAIL = 'ann@example.com';

const INVALID: Array<[string, Record<string, unknown>, RegExp]> = [
  ['missing email', { first_name: 'Ann' }, /^body: .*required property 'email'/],
  ['email not a string', { email: 42 }, /^email: must be string/],
  [
    'email_verified not a boolean',
    { email: EMAIL, email_verified: 'yes' },
    /^email_verified: must be boolean/,
  ],
  ['first_name not a string', { email: EMAIL, first_name: 7 }, /^first_name: must be string/],
  [
    'unknown password_hash_type',
    { email: EMAIL, password_hash: HASH, password_hash_type: 'md5' },
    /^password_hash_type: must be equal to one of the allowed values/,
  ],
  [
    'password_hash not a string',
    { email: EMAIL, password_hash: 5, password_hash_type: 'bcrypt' },
    /^password_hash: must be string/,
  ],
  ['hash without its type', { email: EMAIL, password_hash: HASH }, /required property 'password_hash_type'/],
  [
    'type without a hash',
    { email: EMAIL, password_hash_type: 'bcrypt' },
    /required property 'password_hash'/,
  ],
  [
    'password and hash together',
    { email: EMAIL, password: 'pw', password_hash: HASH, password_hash_type: 'bcrypt' },
    /mutually exclusive/,
  ],
  ['external_id over 128', { email: EMAIL, external_id: 'x'.repeat(129) }, /^external_id: .*128 characters/],
  [
    'more than 50 metadata keys',
    { email: EMAIL, metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) },
    /^metadata: .*50 properties/,
  ],
  ['metadata value not a string', { email: EMAIL, metadata: { plan: 1 } }, /^metadata\.plan: must be string/],
  ['metadata value over 600', { email: EMAIL, metadata: { bio: 'v'.repeat(601) } }, /^metadata\.bio: .*600/],
  [
    'metadata key over 40',
    { email: EMAIL, metadata: { ['k'.repeat(41)]: 'v' } },
    /^metadata: .*40 characters/,
  ],
];

describe('validateCreateUserBody against the OpenAPI Create User schema', () => {
  it.each(INVALID)('rejects: %s', (_name, body, problem) => {
    const check = validateCreateUserBody(body);
    expect(check.valid).toBe(false);
    expect(check.problems.length).toBeGreaterThan(0);
    expect(
      check.problems.some((p) => problem.test(p)),
      check.problems.join(' | '),
    ).toBe(true);
  });

  it('never quotes a value in its problems (a hash, a password)', () => {
    const check = validateCreateUserBody({
      email: 'not-checked@example.com',
      password: 'pw-secret-1',
      password_hash: HASH,
      password_hash_type: 'md5',
    });
    expect(check.valid).toBe(false);
    for (const p of check.problems) {
      expect(p).not.toContain(HASH);
      expect(p).not.toContain('pw-secret-1');
    }
  });

  it.each(WORKOS_HASH_TYPES.map((t) => [t]))('accepts a hash of type %s', (type) => {
    expect(validateCreateUserBody({ email: EMAIL, password_hash: HASH, password_hash_type: type })).toEqual({
      valid: true,
      problems: [],
    });
  });

  it('accepts the other shapes the importer sends', () => {
    const bodies: Array<Record<string, unknown>> = [
      { email: EMAIL },
      { email: EMAIL, password: 'a plain password' },
      { email: EMAIL, password: null },
      {
        email: EMAIL,
        first_name: 'Ann',
        last_name: null,
        email_verified: true,
        external_id: 'x'.repeat(128),
        metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'.repeat(600)])),
      },
    ];
    for (const body of bodies)
      expect(validateCreateUserBody(body), JSON.stringify(body)).toEqual({
        valid: true,
        problems: [],
      });
  });

  it('lets unknown properties through, because the spec does not forbid them', () => {
    // CreateUserlandUserDto has no additionalProperties: false; a typo such as `emailVerified`
    // therefore passes the schema, which is why the payload builder has its own unit tests.
    expect(validateCreateUserBody({ email: EMAIL, favourite_colour: 'blue' }).valid).toBe(true);
  });
});
