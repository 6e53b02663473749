import { describe, expect, it } from 'vitest';
import { EMPTY_MAPPING, MappingError, parseMapping } from './field-mapping.js';
import { createRecordMapper } from './record-mapper.js';

const mapDefault = createRecordMapper(EMPTY_MAPPING);

describe('default field mapping', () => {
  it('reads the seed camelCase format', () => {
    const { user, problems } = mapDefault(
      {
        email: 'a@x.io',
        firstName: 'Ann',
        lastName: 'Lee',
        emailVerified: true,
        passwordHash: '$2b$10$x',
        passwordAlgorithm: 'bcrypt',
        oauthProvider: null,
        localId: 7,
        workosUserId: 'user_01',
      },
      3,
      'element 3',
    );
    expect(problems).toEqual([]);
    expect(user).toEqual({
      row: 3,
      location: 'element 3',
      email: 'a@x.io',
      firstName: 'Ann',
      lastName: 'Lee',
      emailVerified: true,
      passwordHash: '$2b$10$x',
      passwordAlgorithm: 'bcrypt',
      localId: '7',
      workosUserId: 'user_01',
    });
  });

  it('reads the snake_case twins, id as local id, and a salt column as a hash parameter', () => {
    const { user } = mapDefault(
      {
        email: 'b@x.io',
        first_name: 'Bo',
        email_verified: 'yes',
        password_hash: 'h',
        password_hash_type: 'firebase-scrypt',
        oauth_provider: 'google',
        id: 'u-9',
        external_id: 'ext-9',
        workos_user_id: 'user_02',
        metadata: '{"plan":"pro"}',
        salt: 'c2FsdA==',
      },
      1,
      'line 2',
    );
    expect(user).toMatchObject({
      firstName: 'Bo',
      emailVerified: true,
      passwordHash: 'h',
      passwordAlgorithm: 'firebase-scrypt',
      oauthProvider: 'google',
      localId: 'u-9',
      externalId: 'ext-9',
      workosUserId: 'user_02',
      metadata: { plan: 'pro' },
      hashParams: { salt: 'c2FsdA==' },
    });
  });

  it('reports a bad boolean and a wrong type naming the row and field, and keeps the rest', () => {
    const { user, problems } = mapDefault(
      { email: 'c@x.io', emailVerified: 'maybe', firstName: { a: 1 } },
      5,
      'line 6',
    );
    expect(user.email).toBe('c@x.io');
    expect(problems).toEqual([
      expect.objectContaining({ row: 5, field: 'firstName', code: 'wrong_type', severity: 'blocking' }),
      expect.objectContaining({
        row: 5,
        field: 'emailVerified',
        code: 'invalid_boolean',
        severity: 'blocking',
      }),
    ]);
    expect(problems[1]!.message).toMatch(/line 6.*"maybe"/);
  });
});

describe('mapping file', () => {
  const yaml = `
fields:
  email: contact.email
  firstName: profile.name.first
  localId: uid
  passwordHash: pw.hash
constants:
  passwordAlgorithm: firebase-scrypt
  emailVerified: true
hashParams:
  base64_signer_key: c2lnbmVy
  rounds: 8
hashParamFields:
  salt: pw.salt
metadata:
  plan: billing.plan
`;

  it('renames, follows nested paths, applies constants and project-wide hash parameters', () => {
    const mapper = createRecordMapper(parseMapping(yaml, 'map.yaml'));
    const { user, problems } = mapper(
      {
        contact: { email: 'd@x.io' },
        profile: { name: { first: 'Di' } },
        uid: 12,
        pw: { hash: 'H', salt: 'S' },
        billing: { plan: 'team' },
      },
      1,
      'element 1',
    );
    expect(problems).toEqual([]);
    expect(user).toEqual({
      row: 1,
      location: 'element 1',
      email: 'd@x.io',
      firstName: 'Di',
      localId: '12',
      emailVerified: true,
      passwordHash: 'H',
      passwordAlgorithm: 'firebase-scrypt',
      metadata: { plan: 'team' },
      hashParams: { base64_signer_key: 'c2lnbmVy', rounds: '8', salt: 'S' },
    });
  });

  it('matches a flat key containing dots before walking the path', () => {
    const mapper = createRecordMapper(parseMapping('fields:\n  email: user.email\n', 'm.yaml'));
    expect(mapper({ 'user.email': 'flat@x.io' }, 1, 'line 2').user.email).toBe('flat@x.io');
  });

  it('accepts JSON too', () => {
    expect(parseMapping('{"fields":{"email":"mail"}}', 'm.json').fields).toEqual({ email: 'mail' });
  });

  it('names the file and key when the mapping is wrong', () => {
    expect(() => parseMapping('feilds: {}', 'm.yaml')).toThrow(
      new MappingError(
        'm.yaml: unknown key "feilds"; allowed: fields, constants, hashParams, hashParamFields, metadata',
      ),
    );
    expect(() => parseMapping('fields:\n  mail: x', 'm.yaml')).toThrow(/"mail" is not a user field/);
    expect(() => parseMapping('fields: [', 'm.yaml')).toThrow(/m.yaml: not valid YAML/);
  });
});

describe('built-in aliases read in one pass', () => {
  it('the earliest alias in each list wins whatever the key order; undefined values do not count', () => {
    const { user } = mapDefault(
      {
        email_address: 'late@x.io',
        password_hash_type: 'md5',
        id: 'from-id',
        email: 'first@x.io',
        localId: undefined,
        passwordAlgorithm: 'bcrypt',
        password_salt: 's2',
        salt: 's1',
      },
      1,
      'row 1',
    );
    expect(user).toMatchObject({
      email: 'first@x.io',
      localId: 'from-id',
      passwordAlgorithm: 'bcrypt',
      hashParams: { salt: 's1' },
    });
  });

  it('nothing leaks from one record to the next', () => {
    mapDefault({ email: 'a@x.io', firstName: 'Ann', salt: 'x' }, 1, 'row 1');
    const { user } = mapDefault({ email: 'b@x.io' }, 2, 'row 2');
    expect(user).toEqual({ row: 2, location: 'row 2', email: 'b@x.io' });
  });
});

describe('organizations and TOTP fields', () => {
  it('reads organizations (a list, or its JSON text) and the TOTP columns', () => {
    const orgs = [{ id: 'o1', name: 'Acme', role: 'admin' }];
    const a = mapDefault(
      { email: 'a@x.io', organizations: orgs, totp_secret: 'JBSWY3DPEHPK3PXP', totp_digits: 6 },
      1,
      'line 1',
    );
    expect(a.user.organizations).toEqual(orgs);
    expect(a.user.totpSecret).toBe('JBSWY3DPEHPK3PXP');
    expect(a.user.totpDigits).toBe('6');
    expect(
      mapDefault({ email: 'a@x.io', organizations: JSON.stringify(orgs) }, 1, 'row 1').user.organizations,
    ).toEqual(orgs);
  });

  it('a broken organizations or TOTP value is a warning that never quotes the secret; the user stays importable', () => {
    const r = mapDefault({ email: 'a@x.io', organizations: 'Acme', totpSecret: 123456789 }, 3, 'line 3');
    expect(r.user.email).toBe('a@x.io');
    expect(r.problems.map((p) => [p.field, p.code, p.severity])).toEqual([
      ['organizations', 'invalid_organizations', 'warning'],
      ['totpSecret', 'totp_malformed', 'warning'],
    ]);
    expect(JSON.stringify(r.problems)).not.toContain('123456789');
  });
});
