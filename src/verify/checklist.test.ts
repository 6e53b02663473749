import { describe, expect, it } from 'vitest';
import type { JournalRow } from '../journal/journal.js';
import type { WorkosUser } from '../workos/users.js';
import { assembleChecklist, skipped } from './checklist.js';
import { checkCompleteness } from './checks/completeness.js';
import { checkFieldParity } from './checks/field-parity.js';
import { checkResets } from './checks/resets.js';
import type { ActionRow } from '../journal/actions.js';
import { MAX_OFFENDERS } from './types.js';

const row = (i: number, over: Partial<JournalRow> = {}): JournalRow =>
  ({
    key: `id:${i}`,
    row: i,
    localId: String(i),
    externalId: String(i),
    email: `u${i}@example.com`,
    lane: 'reset',
    hashFamily: null,
    status: 'created',
    origin: 'created',
    workosId: `user_${i}`,
    ...over,
  }) as JournalRow;
const workos = (i: number, over: Partial<WorkosUser> = {}): WorkosUser =>
  ({
    id: `user_${i}`,
    email: `u${i}@example.com`,
    externalId: String(i),
    firstName: 'F',
    lastName: 'L',
    emailVerified: false,
    ...over,
  }) as WorkosUser;

describe('checkCompleteness', () => {
  it('passes when every imported user is found, and ignores blocked rows', () => {
    const rows = [row(1), row(2), row(3, { status: 'blocked', workosId: null })];
    const r = checkCompleteness(rows, {
      byId: new Map([
        [`user_1`, workos(1)],
        [`user_2`, workos(2)],
      ]),
      complete: false,
      elsewhere: new Map(),
    });
    expect(r.status).toBe('PASS');
    expect(r.counts).toMatchObject({ expected: 2, found: 2 });
  });

  it('fails on a missing user, a never-imported one, and an id now holding another email; lists strangers without failing', () => {
    const rows = [
      row(1),
      row(2),
      row(3, { status: 'failed', workosId: null, errorCode: 'http_500' }),
      row(4),
    ];
    const byId = new Map([
      ['user_1', workos(1)],
      ['user_4', workos(4, { email: 'someone-else@example.com' })],
      ['user_9', workos(9)],
    ]);
    const r = checkCompleteness(rows, {
      byId,
      complete: true,
      elsewhere: new Map([['id:2', { user: workos(7), via: 'email' as const }]]),
    });
    expect(r.status).toBe('FAIL');
    expect(r.counts).toEqual({
      expected: 4,
      found: 1,
      missing: 1,
      notImported: 1,
      wrongEmail: 1,
      unknownInWorkos: 1,
    });
    expect(r.offenders.map((o) => o.email)).toEqual([
      'u2@example.com',
      'u3@example.com',
      'u4@example.com',
      'u9@example.com',
    ]);
    expect(r.offenders[0]!.reason).toContain('same email exists as user_7');
  });

  it('keeps the first offenders and counts them all', () => {
    const rows = Array.from({ length: 50 }, (_, i) => row(i));
    const r = checkCompleteness(rows, { byId: new Map(), complete: false, elsewhere: new Map() });
    expect(r.offenders).toHaveLength(MAX_OFFENDERS);
    expect(r.counts.missing).toBe(50);
  });
});

describe('checkFieldParity', () => {
  it('names each differing field, including the external id sent', () => {
    const source = new Map([
      ['id:1', { email: 'u1@example.com', firstName: 'F', lastName: 'Other', emailVerified: true }],
    ]);
    const r = checkFieldParity([row(1)], source, new Map([['user_1', workos(1, { externalId: 'x' })]]), {
      externalId: true,
    });
    expect(r.status).toBe('FAIL');
    expect(r.offenders[0]!.reason).toContain('last_name: source "Other", WorkOS "L"');
    expect(r.offenders[0]!.reason).toContain('email_verified: source true, WorkOS false');
    expect(r.offenders[0]!.reason).toContain('external_id: sent "1", WorkOS "x"');
  });
});

describe('checkResets', () => {
  const action = (i: number, status: ActionRow['status']): ActionRow =>
    ({ key: `id:${i}`, status }) as ActionRow;
  it('is undefined (SKIP) before any reset was planned', () => {
    expect(checkResets([row(1)], [])).toBeUndefined();
  });
  it('fails on a reset not planned, not sent or refused', () => {
    const r = checkResets(
      [row(1), row(2), row(3), row(4), row(5, { lane: 'import-hash' })],
      [action(1, 'done'), action(2, 'planned'), action(3, 'not_allowed')],
    )!;
    expect(r.counts).toEqual({ needed: 4, sent: 1, lazy: 0, notSent: 1, failed: 1, notPlanned: 1 });
    expect(r.status).toBe('FAIL');
  });
  it('leaves trickle users without a planned reset to sign-in, like a lazy reset', () => {
    const r = checkResets([row(1, { lane: 'trickle' }), row(2)], [action(2, 'done')])!;
    expect(r.counts).toMatchObject({ needed: 2, sent: 1, lazy: 1, notPlanned: 0 });
    expect(r.status).toBe('PASS');
  });
});

describe('assembleChecklist', () => {
  it('orders checks as the guide does; SKIP alone does not fail', () => {
    const v = assembleChecklist('t', 'now', [skipped('resets', 'none'), skipped('completeness', 'x')]);
    expect(v.checks.map((c) => c.id)).toEqual(['completeness', 'resets']);
    expect(v.ok).toBe(true);
  });
});
