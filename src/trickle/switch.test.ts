import { describe, expect, it } from 'vitest';
import {
  createLoginSwitch,
  rolloutBucket,
  SIGNUPS_CLOSED,
  type LoginPath,
  type PathResult,
} from './switch.js';

/** A path that remembers its sessions and what it was asked. */
function fakePath(name: string): LoginPath & { calls: string[] } {
  const sessions = new Map<string, { id: string; email: string }>();
  const calls: string[] = [];
  const signIn = async (email: string): Promise<PathResult> => {
    const token = `${name}-${sessions.size}`;
    sessions.set(token, { id: `${name}:${email}`, email });
    return { ok: true, token, user: { id: `${name}:${email}`, email } };
  };
  return {
    calls,
    login: async (c) => (calls.push(`login ${c.email}`), signIn(c.email)),
    signup: async (s) => (calls.push(`signup ${s.email}`), signIn(s.email)),
    session: async (t) => sessions.get(t) ?? null,
    logout: async (t) => void sessions.delete(t),
  };
}

const emails = Array.from({ length: 1000 }, (_, i) => `user${i}@example.com`);

describe('createLoginSwitch', () => {
  it('buckets users stably, case-insensitively, and about evenly', () => {
    expect(rolloutBucket('A@Example.com ')).toBe(rolloutBucket('a@example.com'));
    const sw = createLoginSwitch({ legacy: fakePath('l'), workos: fakePath('w'), rollout: 50 });
    const onWorkos = emails.filter((e) => sw.pathFor(e) === 'workos').length;
    expect(onWorkos).toBeGreaterThan(450);
    expect(onWorkos).toBeLessThan(550);
    // Raising the rollout only moves users onto WorkOS, never back.
    sw.setRollout(60);
    expect(emails.filter((e) => sw.pathFor(e) === 'workos').length).toBeGreaterThan(onWorkos);
    sw.setRollout(0);
    expect(emails.some((e) => sw.pathFor(e) === 'workos')).toBe(false);
    sw.setRollout(100);
    expect(emails.every((e) => sw.pathFor(e) === 'workos')).toBe(true);
  });

  it('takes a predicate instead of a percentage, and refuses a percentage out of range', () => {
    const sw = createLoginSwitch({
      legacy: fakePath('l'),
      workos: fakePath('w'),
      rollout: (e) => e.endsWith('@staff.example.com'),
    });
    expect(sw.pathFor('a@staff.example.com')).toBe('workos');
    expect(sw.pathFor('a@example.com')).toBe('legacy');
    expect(() => sw.setRollout(101)).toThrow(RangeError);
    expect(() => sw.setRollout(Number.NaN)).toThrow(RangeError);
  });

  it('checks and ends a session on the path that issued it, whatever the rollout is now', async () => {
    const legacy = fakePath('l');
    const workos = fakePath('w');
    const sw = createLoginSwitch({ legacy, workos, rollout: 100 });
    const r = await sw.login({ email: 'a@example.com', password: 'x' });
    expect(r).toMatchObject({ ok: true, path: 'workos' });
    const token = r.ok ? r.token : '';
    sw.setRollout(0);
    expect(await sw.session(token)).toMatchObject({ path: 'workos', email: 'a@example.com' });
    await sw.logout(token);
    expect(await sw.session(token)).toBeNull();
    expect(await sw.session('forged')).toBeNull();
    expect(legacy.calls).toEqual([]);
  });

  it('keeps sign-ups closed under strategy A and sends them down the user’s path under B', async () => {
    const a = createLoginSwitch({ legacy: fakePath('l'), workos: fakePath('w'), rollout: 100 });
    expect(await a.signup({ email: 'n@example.com', password: 'x' })).toEqual({
      ok: false,
      status: 403,
      message: SIGNUPS_CLOSED,
      path: null,
    });
    const workos = fakePath('w');
    const b = createLoginSwitch({ legacy: fakePath('l'), workos, rollout: 100, strategy: 'B' });
    expect(await b.signup({ email: 'n@example.com', password: 'x' })).toMatchObject({
      ok: true,
      path: 'workos',
    });
    expect(workos.calls).toEqual(['signup n@example.com']);
  });
});
