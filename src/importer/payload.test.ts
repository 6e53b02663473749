import { describe, expect, it } from 'vitest';
import type { PlannedUser } from '../plan/types.js';
import { buildCreateUserPayload, OWNERSHIP_METADATA_KEY, toWire } from './payload.js';

const bcrypt = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

function planned(lane: PlannedUser['lane'], extra: Partial<PlannedUser['user']> = {}): PlannedUser {
  return {
    lane,
    problems: [],
    user: {
      row: 1,
      location: 'line 1',
      email: 'a@x.io',
      firstName: 'Ada',
      lastName: 'L',
      emailVerified: true,
      localId: 'u1',
      passwordHash: bcrypt,
      ...extra,
    },
    hash: { importable: true, type: 'bcrypt', workosHash: bcrypt, sourceFormat: 'bcrypt', notes: [] },
  };
}

describe('buildCreateUserPayload', () => {
  it('sends the converted hash only in the import-hash lane', () => {
    expect(buildCreateUserPayload(planned('import-hash'), { externalId: true })).toEqual({
      email: 'a@x.io',
      firstName: 'Ada',
      lastName: 'L',
      emailVerified: true,
      externalId: 'u1',
      passwordHash: bcrypt,
      passwordHashType: 'bcrypt',
    });
    for (const lane of ['reset', 'oauth', 'passwordless'] as const) {
      const p = buildCreateUserPayload(planned(lane), { externalId: true });
      expect(p.passwordHash).toBeUndefined();
      expect(p.passwordHashType).toBeUndefined();
    }
  });

  it('prefers an explicit external id column, and always carries the journal marker', () => {
    expect(
      buildCreateUserPayload(planned('reset', { externalId: 'ext-9' }), { externalId: true }).externalId,
    ).toBe('ext-9');
    const p = buildCreateUserPayload(planned('reset', { metadata: { plan: 'pro' } }), {
      externalId: false,
      ownershipMarker: { key: OWNERSHIP_METADATA_KEY, value: 'j1' },
    });
    expect(p.externalId).toBeUndefined();
    expect(p.metadata).toEqual({ plan: 'pro', [OWNERSHIP_METADATA_KEY]: 'j1' });
    // With an external id too: users without a local id have no other proof, and it is a second one for the rest.
    const both = buildCreateUserPayload(planned('reset'), {
      externalId: true,
      ownershipMarker: { key: OWNERSHIP_METADATA_KEY, value: 'j1' },
    });
    expect(both.externalId).toBe('u1');
    expect(both.metadata).toEqual({ [OWNERSHIP_METADATA_KEY]: 'j1' });
    expect(buildCreateUserPayload(planned('reset'), { externalId: true }).metadata).toBeUndefined();
  });

  it('keeps email_verified false when the old system said so, and omits it when unknown', () => {
    expect(
      buildCreateUserPayload(planned('reset', { emailVerified: false }), { externalId: true }).emailVerified,
    ).toBe(false);
    expect(
      'emailVerified' in
        buildCreateUserPayload(planned('reset', { emailVerified: undefined }), { externalId: true }),
    ).toBe(false);
  });

  it('writes the wire form in snake_case', () => {
    expect(toWire(buildCreateUserPayload(planned('import-hash'), { externalId: true }))).toEqual({
      email: 'a@x.io',
      first_name: 'Ada',
      last_name: 'L',
      email_verified: true,
      external_id: 'u1',
      password_hash: bcrypt,
      password_hash_type: 'bcrypt',
    });
  });
});
