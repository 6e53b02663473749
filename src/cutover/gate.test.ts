import { describe, expect, it } from 'vitest';
import { cutoverGate, type CutoverFacts } from './gate.js';

const now = new Date('2026-07-01T12:00:00Z');
const passed = { checkedAt: '2026-07-01T11:00:00Z', target: 'x', ok: true, checks: [] };
const ready: CutoverFacts = {
  statuses: { created: 10, linked: 2 },
  oauthUsers: 0,
  strategy: 'A',
  flags: {},
  lastVerify: passed,
  now,
  maxAgeMs: 24 * 3_600_000,
};
const failing = (f: Partial<CutoverFacts>) =>
  cutoverGate({ ...ready, ...f })
    .items.filter((i) => !i.ok)
    .map((i) => i.id);

describe('cutoverGate', () => {
  it('goes when everything holds, and flags that do not apply are not asked for', () => {
    const v = cutoverGate(ready);
    expect(v.go).toBe(true);
    expect(v.items.map((i) => i.id)).toEqual(['users-final', 'no-failures', 'strategy', 'verify']);
  });

  it.each<[string, Partial<CutoverFacts>, string[]]>([
    ['pending users', { statuses: { created: 1, pending: 2 } }, ['users-final']],
    ['an unknown send', { statuses: { created: 1, unknown: 1 } }, ['users-final']],
    ['a conflict', { statuses: { created: 1, conflict: 1 } }, ['no-failures']],
    ['no strategy', { strategy: undefined }, ['strategy']],
    ['migration.log disagreeing', { logStrategy: 'B' }, ['strategy']],
    ['OAuth users without the provider flag', { oauthUsers: 3 }, ['oauth_provider_configured']],
    ['strategy B without dual_write_tested', { strategy: 'B' }, ['dual_write_tested']],
    ['no verify', { lastVerify: undefined }, ['verify']],
    ['a failed verify', { lastVerify: { ...passed, ok: false } }, ['verify']],
    ['an old verify', { maxAgeMs: 30 * 60_000 }, ['verify']],
    ['imported hashes a verify never logged in with', { hashUsers: 5 }, ['verify']],
  ])('no-go on %s', (_, facts, ids) => {
    expect(failing(facts)).toEqual(ids);
  });

  it('takes a verify whose test logins passed for imported hashes', () => {
    const checks = [{ id: 'test-logins', status: 'PASS' as const }];
    expect(failing({ hashUsers: 5, lastVerify: { ...passed, checks } })).toEqual([]);
  });

  it('takes the flags when set', () => {
    expect(
      failing({
        strategy: 'B',
        oauthUsers: 1,
        flags: { dual_write_tested: 'true', oauth_provider_configured: 'true' },
      }),
    ).toEqual([]);
  });
});
