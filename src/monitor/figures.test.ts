import { describe, expect, it } from 'vitest';
import { monitorFigures, NOT_MIGRATED, type MonitorEvent } from './figures.js';

const since = new Date('2026-07-01T00:00:00Z');
const until = new Date('2026-07-01T03:00:00Z');
const at = (min: number) => new Date(since.getTime() + min * 60_000).toISOString();
const ev = (
  event: string,
  min: number,
  userId: string | null,
  email: string | null = null,
): MonitorEvent => ({
  event,
  createdAt: at(min),
  userId,
  email,
});

describe('monitorFigures', () => {
  const byId = new Map([
    ['u1', { lane: 'import-hash', hashFamily: 'bcrypt ($2b$)' }],
    ['u2', { lane: 'import-hash', hashFamily: 'LDAP {SSHA}' }],
    ['u3', { lane: 'reset', hashFamily: null }],
  ]);
  const byEmail = new Map([['two@example.com', byId.get('u2')!]]);
  const figures = monitorFigures(
    [
      ev('authentication.password_succeeded', 1, 'u1'),
      ev('authentication.password_succeeded', 2, 'u1'),
      ev('authentication.password_succeeded', 3, 'u2'),
      ev('authentication.password_failed', 4, 'u1'),
      // A failure names the user by email only when WorkOS did not find the account by id.
      ev('authentication.password_failed', 5, null, 'Two@Example.com'),
      ev('authentication.password_failed', 6, 'u3'),
      ev('authentication.password_failed', 7, null, 'stranger@example.com'),
      ev('password_reset.created', 10, 'u3'),
      ev('password_reset.created', 70, 'u3'),
      ev('password_reset.succeeded', 75, 'u3'),
      ev('user.created', 80, 'u1'),
      ev('user.created', 90, 'new-1'),
    ],
    { byId, byEmail },
    { since, until, bucketMs: 3_600_000 },
  );

  it('counts sign-ins and the success rate', () => {
    expect(figures.signIns).toEqual({ succeeded: 3, failed: 4, successRate: 3 / 7 });
  });

  it('splits failures by hash family and lane, from the journal', () => {
    expect(figures.failuresByHashFamily).toEqual({
      'bcrypt ($2b$)': 1,
      'LDAP {SSHA}': 1,
      'no hash': 1,
      [NOT_MIGRATED]: 1,
    });
    expect(figures.failuresByLane).toEqual({ 'import-hash': 2, reset: 1, [NOT_MIGRATED]: 1 });
  });

  it('buckets resets by hour and counts sign-ups only', () => {
    expect(figures.resets.perBucket).toEqual([
      { start: at(0), created: 1, succeeded: 0 },
      { start: at(60), created: 1, succeeded: 1 },
    ]);
    expect(figures.newUsers).toBe(1);
  });

  it('has no success rate without sign-ins', () => {
    expect(
      monitorFigures([], { byId, byEmail }, { since, until, bucketMs: 1 }).signIns.successRate,
    ).toBeNull();
  });
});
