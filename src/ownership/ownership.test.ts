import { describe, expect, it } from 'vitest';
import { isProvablyOurs, OWNERSHIP_METADATA_KEY, whyNotOurs } from './ownership.js';

describe('isProvablyOurs', () => {
  const found = {
    id: 'user_1',
    email: 'Ada@X.io',
    externalId: 'u1' as string | null,
    metadata: {} as Record<string, string>,
  };
  const evidence = { email: 'ada@x.io', knownWorkosIds: [] };

  it('accepts our external id with our email (any case), a recorded WorkOS id, or our journal marker', () => {
    expect(isProvablyOurs(found, { ...evidence, externalId: 'u1' })).toBe(true);
    expect(isProvablyOurs(found, { ...evidence, externalId: 'u2' })).toBe(false);
    expect(
      isProvablyOurs(
        { ...found, externalId: null },
        { ...evidence, externalId: 'u1', knownWorkosIds: [null, 'user_1'] },
      ),
    ).toBe(true);
    expect(isProvablyOurs({ ...found, externalId: null }, { ...evidence, journalId: 'j1' })).toBe(false);
    expect(
      isProvablyOurs(
        { ...found, externalId: null, metadata: { [OWNERSHIP_METADATA_KEY]: 'j1' } },
        { ...evidence, journalId: 'j1' },
      ),
    ).toBe(true);
    expect(
      isProvablyOurs(
        { ...found, externalId: null, metadata: { [OWNERSHIP_METADATA_KEY]: 'j2' } },
        { ...evidence, journalId: 'j1' },
      ),
    ).toBe(false);
  });

  it("never takes another system's user that merely carries the same external id", () => {
    // Small integer ids collide across systems: external id 42 with another email is not our user 42.
    const stranger = { id: 'user_9', email: 'someone@else.io', externalId: '42', metadata: {} };
    expect(
      isProvablyOurs(stranger, { email: 'ours@x.io', externalId: '42', knownWorkosIds: [], journalId: 'j1' }),
    ).toBe(false);
    expect(whyNotOurs(stranger, { email: 'ours@x.io', externalId: '42', knownWorkosIds: [] })).toContain(
      'another email',
    );
  });
});
