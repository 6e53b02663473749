import { describe, expect, it } from 'vitest';
import type { HashClassification, HashInput } from '../hashes/types.js';
import type { MigrationUser } from '../model/user.js';
import { formatAssessReport } from './format-report.js';
import { Planner, type PlannerOptions } from './planner.js';

// The registry's contract, table-driven: the decision tree is tested on its own here; the real
// registry is exercised end to end by the CLI tests on the sample export.
function classify({ hash }: HashInput): HashClassification {
  if (hash.startsWith('$2b$'))
    return { importable: true, type: 'bcrypt', workosHash: hash, sourceFormat: 'bcrypt', notes: [] };
  if (hash.startsWith('{SSHA}'))
    return { importable: true, type: 'ssha', workosHash: hash, sourceFormat: 'LDAP', notes: [] };
  return { importable: false, reason: 'unsupported_digest', detail: 'MD5', notes: [] };
}

let row = 0;
const user = (over: Partial<MigrationUser>): MigrationUser => {
  row += 1;
  return { row, location: `element ${row}`, email: `u${row}@x.io`, ...over };
};
const planner = (over: Partial<PlannerOptions> = {}) => new Planner({ classify, ...over });

describe('Planner lanes', () => {
  it('sends each user down the lane the decision tree gives', () => {
    const p = planner();
    const lanes = [
      user({ passwordHash: '$2b$10$abc' }),
      user({ passwordHash: '{SSHA}abc' }),
      user({ passwordHash: '5f4dcc3b5aa765d61d8327deb882cf99' }),
      user({ oauthProvider: 'google-oauth2' }),
      user({}),
      user({ email: 'broken', passwordHash: '$2b$10$abc' }),
    ].map((u) => p.plan(u, []).lane);
    expect(lanes).toEqual(['import-hash', 'import-hash', 'reset', 'oauth', 'reset', 'blocked']);
    const report = p.finish();
    expect(report.lanes).toEqual({
      'import-hash': 2,
      trickle: 0,
      reset: 2,
      oauth: 1,
      passwordless: 0,
      blocked: 1,
    });
    expect(report.hashTypes).toEqual({ bcrypt: 1, ssha: 1 });
    expect(report.resetReasons).toEqual({ unsupported_digest: 1, no_password: 1 });
    expect(report.oauthProviders).toEqual({ Google: 1 });
    expect(report.problems).toMatchObject([{ code: 'invalid_email', severity: 'blocking' }]);
  });

  it('puts everyone but blocked users in passwordless under --no-passwords', () => {
    const p = planner({ noPasswords: true });
    expect(p.plan(user({ passwordHash: '$2b$10$abc' }), []).lane).toBe('passwordless');
    expect(p.plan(user({ oauthProvider: 'github' }), []).lane).toBe('passwordless');
    expect(p.plan(user({ email: '' }), []).lane).toBe('blocked');
  });

  it('blocks on mapping problems, and on warnings only under --strict', () => {
    const mappingProblem = {
      row: 0,
      field: 'emailVerified',
      code: 'invalid_boolean',
      message: 'm',
      severity: 'blocking' as const,
    };
    expect(planner().plan(user({}), [mappingProblem]).lane).toBe('blocked');
    expect(planner().plan(user({ email: ' w@x.io' }), []).lane).toBe('reset');
    expect(planner({ strict: true }).plan(user({ email: ' w@x.io' }), []).lane).toBe('blocked');
  });

  it('adds the declared-algorithm warning from the registry seam', () => {
    const p = planner({
      checkAlgorithmName: (name) =>
        name === 'blowfish'
          ? {
              row: 0,
              field: 'passwordAlgorithm',
              code: 'algorithm_name',
              message: 'read as bcrypt',
              severity: 'warning',
            }
          : undefined,
    });
    const planned = p.plan(user({ passwordHash: '$2b$10$abc', passwordAlgorithm: 'blowfish' }), []);
    expect(planned.lane).toBe('import-hash');
    expect(planned.problems).toMatchObject([{ code: 'algorithm_name', row: planned.user.row }]);
  });
});

describe('Planner duplicates', () => {
  it('blocks both rows of a case-variant pair and revises the earlier one, fixing the counts', () => {
    const p = planner();
    const first = p.plan(user({ email: 'Ann@X.io', passwordHash: '$2b$10$abc' }), []);
    expect(first.lane).toBe('import-hash');
    const second = p.plan(user({ email: 'ann@x.io' }), []);
    expect(second.lane).toBe('blocked');
    expect(second.problems).toMatchObject([{ code: 'duplicate_email_case', field: 'email' }]);
    const report = p.finish();
    expect(report.revisions).toEqual([
      {
        row: first.user.row,
        lane: 'blocked',
        problems: [expect.objectContaining({ code: 'duplicate_email_case' })],
      },
    ]);
    expect(report.lanes).toMatchObject({ 'import-hash': 0, blocked: 2 });
    expect(report.hashTypes).toEqual({ bcrypt: 0 });
    expect(report.problems.map((x) => x.row)).toEqual([first.user.row, second.user.row]);
  });

  it('tells exact duplicates from case variants, and blocks duplicate local ids once per row', () => {
    const p = planner();
    const a = p.plan(user({ email: 'same@x.io', localId: '7' }), []);
    const b = p.plan(user({ email: 'same@x.io', localId: '7' }), []);
    expect(b.problems.map((x) => x.code)).toEqual(['duplicate_email', 'duplicate_local_id']);
    const report = p.finish();
    expect(report.revisions).toHaveLength(1);
    expect(report.revisions[0]!.row).toBe(a.user.row);
    expect(report.revisions[0]!.problems.map((x) => x.code)).toEqual([
      'duplicate_email',
      'duplicate_local_id',
    ]);
    expect(report.lanes).toMatchObject({ reset: 0, blocked: 2 });
  });
});

describe('duplicates of the external id actually sent', () => {
  it('blocks two rows whose explicit external ids collide, though their local ids differ', () => {
    const p = planner();
    p.plan(user({ localId: '1', externalId: 'ext-9' }), []);
    const b = p.plan(user({ localId: '2', externalId: 'ext-9' }), []);
    expect(b.lane).toBe('blocked');
    expect(b.problems[0]?.message).toContain('external id "ext-9"');
    const c = p.plan(user({ localId: 'ext-9' }), []);
    // A local id equal to another row's explicit external id would be sent as the same external_id.
    expect(c.lane).toBe('blocked');
  });

  it('does not block rows whose local ids repeat when each has its own external id', () => {
    const p = planner();
    expect(p.plan(user({ localId: '1', externalId: 'a' }), []).lane).toBe('reset');
    expect(p.plan(user({ localId: '1', externalId: 'b' }), []).lane).toBe('reset');
  });
});

describe('unreadable records and the human report', () => {
  it('counts an unreadable record as blocked and never prints a hash', () => {
    const p = planner();
    p.unreadable(1, 'line 1', 'invalid_json', 'line 1 is not valid JSON');
    p.plan(user({ passwordHash: '$2b$10$SECRETSECRETSECRET' }), []);
    p.plan(user({ oauthProvider: 'google' }), []);
    const report = p.finish();
    expect(report).toMatchObject({
      total: 3,
      unreadable: 1,
      lanes: { blocked: 1, 'import-hash': 1, oauth: 1 },
    });
    const text = formatAssessReport(report, 'users.json');
    expect(text).toContain('Assessed 3 record(s) from users.json');
    expect(text).toContain('invalid_json (1, blocking)');
    expect(text).toContain('OAuth users: configure Google in WorkOS before cutover');
    expect(text).not.toContain('SECRET');
  });
});

describe('OAuth lookalikes (the guide: OAuth sign-in creates duplicate user)', () => {
  const plan = (users: Array<Partial<MigrationUser> & { email: string }>) => {
    const planner = new Planner({ classify });
    users.forEach((u, i) =>
      planner.plan({ row: i + 1, location: `row ${i + 1}`, ...u } as MigrationUser, []),
    );
    return planner.finish().problems.map((p) => `${p.row} ${p.code} ${p.severity}`);
  };

  it('warns when an OAuth user differs from another user only by a +tag, in either order', () => {
    expect(plan([{ email: 'ann@x.io', oauthProvider: 'Google' }, { email: 'Ann+work@x.io' }])).toEqual([
      '2 oauth_email_lookalike warning',
    ]);
    expect(plan([{ email: 'ann+work@x.io' }, { email: 'ann@x.io', oauthProvider: 'Google' }])).toEqual([
      '2 oauth_email_lookalike warning',
    ]);
    expect(
      plan([
        { email: 'ann+a@x.io', oauthProvider: 'Google' },
        { email: 'ann+b@x.io', oauthProvider: 'GitHub' },
      ]),
    ).toEqual(['2 oauth_email_lookalike warning']);
  });

  it('says nothing about +tags without an OAuth user, and warns about OAuth users imported unverified', () => {
    expect(plan([{ email: 'bob@x.io' }, { email: 'bob+1@x.io' }])).toEqual([]);
    expect(plan([{ email: 'c@x.io', oauthProvider: 'Google', emailVerified: false }])).toEqual([
      '1 oauth_unverified warning',
    ]);
    // Case-only differences stay blocking duplicates, stronger than a warning.
    expect(plan([{ email: 'D@x.io', oauthProvider: 'Google' }, { email: 'd@x.io' }])).toEqual([
      '1 duplicate_email_case blocking',
      '2 duplicate_email_case blocking',
    ]);
  });
});
