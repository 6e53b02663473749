import { describe, expect, it } from 'vitest';
import { OrgPlanner } from './org-planner.js';

const plan = (users: Array<[string, unknown[]]>, roles?: string[]) => {
  const p = new OrgPlanner(roles);
  users.forEach(([key, entries], i) => p.addUserEntries(entries, key, i + 1, `element ${i + 1}`));
  return p.finish();
};
const codes = (r: ReturnType<typeof plan>) => r.problems.map((p) => [p.row, p.code, p.severity]);

describe('OrgPlanner', () => {
  it('creates each organization once and one membership per user and organization, roles counted', () => {
    const r = plan([
      [
        'id:1',
        [
          { id: 'o1', name: 'Acme', domains: ['Acme.test'], role: 'admin' },
          { id: 'o2', name: 'Beta' },
        ],
      ],
      ['id:2', [{ id: 'o1', name: 'Acme', role: 'member' }]],
    ]);
    expect(r.organizations.map((o) => [o.key, o.name, o.domains, o.status])).toEqual([
      ['o1', 'Acme', ['acme.test'], 'pending'],
      ['o2', 'Beta', [], 'pending'],
    ]);
    expect(r.memberships.map((m) => [m.userKey, m.orgKey, m.role, m.status])).toEqual([
      ['id:1', 'o1', 'admin', 'pending'],
      ['id:1', 'o2', null, 'pending'],
      ['id:2', 'o1', 'member', 'pending'],
    ]);
    expect(r.roles).toEqual({ admin: 1, '(default)': 1, member: 1 });
    expect(r.problems).toEqual([]);
  });

  it.each([
    [
      'a domain two organizations claim blocks the later one and its members',
      [
        ['id:1', [{ id: 'a', name: 'A', domains: ['x.test'] }]],
        ['id:2', [{ id: 'b', name: 'B', domains: ['X.test'] }]],
      ],
      [[2, 'domain_claimed_twice', 'blocking']],
    ],
    [
      'a shared name is a warning',
      [
        ['id:1', [{ id: 'a', name: 'Same' }]],
        ['id:2', [{ id: 'b', name: 'same' }]],
      ],
      [[2, 'duplicate_organization_name', 'warning']],
    ],
    [
      'an organization without a name anywhere is blocked',
      [['id:1', [{ id: 'a' }]]],
      [[1, 'organization_without_name', 'blocking']],
    ],
    [
      'an entry without id or not an object is reported, the others planned',
      [['id:1', [{ name: 'No id' }, 'text', { id: 'a', name: 'A' }]]],
      [
        [1, 'invalid_organization', 'warning'],
        [1, 'invalid_organization', 'warning'],
      ],
    ],
    [
      'one id with two names keeps the first',
      [
        ['id:1', [{ id: 'a', name: 'A' }]],
        ['id:2', [{ id: 'a', name: 'B' }]],
      ],
      [[2, 'organization_name_differs', 'warning']],
    ],
    [
      'a user listed twice in one organization with two roles keeps the first',
      [
        [
          'id:1',
          [
            { id: 'a', name: 'A', role: 'admin' },
            { id: 'a', name: 'A', role: 'member' },
          ],
        ],
      ],
      [[1, 'duplicate_membership', 'warning']],
    ],
  ] as Array<[string, Array<[string, unknown[]]>, unknown[]]>)('%s', (_, users, expected) => {
    expect(codes(plan(users))).toEqual(expected);
  });

  it('blocks memberships of a blocked organization, and a role the environment lacks', () => {
    const r = plan(
      [
        ['id:1', [{ id: 'a', name: 'A', domains: ['x.test'], role: 'admin' }]],
        [
          'id:2',
          [
            { id: 'b', name: 'B', domains: ['x.test'], role: 'member' },
            { id: 'a', role: 'owner' },
          ],
        ],
      ],
      ['member', 'admin'],
    );
    expect(r.organizations.find((o) => o.key === 'b')?.status).toBe('blocked');
    expect(r.memberships.map((m) => [m.userKey, m.orgKey, m.status, m.errorCode ?? null])).toEqual([
      ['id:1', 'a', 'pending', null],
      ['id:2', 'b', 'blocked', 'organization_blocked'],
      ['id:2', 'a', 'blocked', 'unknown_role'],
    ]);
  });

  it('reports a membership in an organization no record describes', () => {
    const p = new OrgPlanner();
    p.addMembership({ userKey: 'id:1', orgId: 'ghost', row: 3, location: 'line 3' });
    const r = p.finish();
    expect(r.memberships[0]?.status).toBe('blocked');
    expect(codes(r)).toEqual([[3, 'unknown_organization', 'warning']]);
  });
});
