import { describe, expect, it } from 'vitest';
import type { MigrationUser } from './user.js';
import { emailSyntaxProblem, validateUser } from './validate-user.js';

const user = (over: Partial<MigrationUser>): MigrationUser => ({
  row: 4,
  location: 'line 5',
  email: 'a@x.io',
  ...over,
});
const codes = (u: MigrationUser) => validateUser(u).map((p) => `${p.field}:${p.code}:${p.severity}`);

describe('emailSyntaxProblem', () => {
  it.each([
    'a@example.com',
    'first.last+tag@sub.example.co.uk',
    'josé@exämple.de',
    'u@xn--bcher-kva.ch',
    "o'neil@x.io",
  ])('accepts %s', (email) => expect(emailSyntaxProblem(email)).toBeUndefined());
  it.each([
    'plainaddress',
    '@x.io',
    'a@',
    'a@@x.io',
    'a..b@x.io',
    'a b@x.io',
    'a@x',
    'a@-x.io',
    'a@x..io',
    'a@x.c0m',
  ])('rejects %s', (email) => expect(emailSyntaxProblem(email)).toBeDefined());
});

describe('validateUser', () => {
  it('finds nothing wrong with a clean user', () => {
    expect(validateUser(user({ firstName: 'Ann', metadata: { plan: 'pro' } }))).toEqual([]);
  });

  it('blocks a missing or invalid email, with row and location', () => {
    expect(validateUser(user({ email: '' }))).toEqual([
      expect.objectContaining({
        row: 4,
        location: 'line 5',
        field: 'email',
        code: 'missing_email',
        severity: 'blocking',
      }),
    ]);
    expect(codes(user({ email: 'not-an-email' }))).toEqual(['email:invalid_email:blocking']);
  });

  it('warns about surrounding whitespace and trims it', () => {
    const u = user({ email: '  a@x.io ' });
    expect(codes(u)).toEqual(['email:email_whitespace:warning']);
    expect(u.email).toBe('a@x.io');
  });

  it('blocks control characters in names and names the character', () => {
    const problems = validateUser(user({ lastName: 'Bell\u0007' }));
    expect(problems).toMatchObject([{ field: 'lastName', code: 'control_character' }]);
    expect(problems[0]!.message).toContain('U+0007');
  });

  it('blocks text that was not UTF-8', () => {
    expect(codes(user({ firstName: 'Jos\uFFFD' }))).toEqual(['firstName:invalid_utf8:blocking']);
  });

  it('enforces the external_id length on the id that will be sent', () => {
    expect(codes(user({ localId: 'x'.repeat(129) }))).toEqual(['localId:external_id_too_long:blocking']);
    expect(codes(user({ localId: 'x'.repeat(129), externalId: 'short' }))).toEqual([]);
    expect(codes(user({ externalId: 'x'.repeat(128) }))).toEqual([]);
  });

  it('enforces metadata limits and warns at the docs limit', () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(codes(user({ metadata: many }))).toEqual(['metadata:metadata_limit:blocking']);
    expect(codes(user({ metadata: { ['k'.repeat(41)]: 'v' } }))).toEqual([
      'metadata:metadata_limit:blocking',
    ]);
    expect(codes(user({ metadata: { k: 'v'.repeat(601) } }))).toEqual(['metadata:metadata_limit:blocking']);
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    expect(codes(user({ metadata: eleven }))).toEqual(['metadata:metadata_docs_limit:warning']);
  });
});
