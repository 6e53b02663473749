import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';

let emu: RunningEmulator;
const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

beforeAll(async () => {
  emu = await startEmulator({ limits: { scale: 10 } });
  await emu.control.seedUsers([
    { email: 'Ann@Example.com', first_name: 'Ann' },
    { email: 'refused@example.com' },
  ]);
});
afterAll(() => emu.close());

describe('password resets for a migration', () => {
  it('exposes the tokens to tests, refuses chosen emails with the 403 of the spec, and limits 3 per email', async () => {
    const created = await api('POST', '/user_management/password_reset', { email: 'ann@example.com' });
    expect(created.status).toBe(201);
    const listed = await api('GET', '/_emulator/password_resets?email=ANN@example.com');
    const data = listed.body.data as Array<{ id: string; password_reset_token: string }>;
    expect(data.map((r) => r.id)).toEqual([created.body.id]);
    expect(data[0]?.password_reset_token).toBe(created.body.password_reset_token);

    await api('POST', '/_emulator/password_reset_not_allowed', { emails: ['Refused@example.com'] });
    const refused = await api('POST', '/user_management/password_reset', { email: 'refused@example.com' });
    expect(refused).toEqual({
      status: 403,
      body: { code: 'password_reset_not_allowed', message: 'Request could not be processed.' },
    });

    await api('POST', '/user_management/password_reset', { email: 'ann@example.com' });
    await api('POST', '/user_management/password_reset', { email: 'ann@example.com' });
    const limited = await api('POST', '/user_management/password_reset', { email: 'ann@example.com' });
    expect(limited.status).toBe(429);
    const counters = await api('GET', '/_emulator/counters');
    expect(counters.body.rate_limited_by_scope).toEqual({ 'password reset, per email': 1 });
  });
});

describe('simulated OAuth sign-in', () => {
  it('links by email case-insensitively, or makes a case-variant duplicate under exact matching', async () => {
    const ann = (await api('GET', '/user_management/users?email=ann@example.com')).body.data as Array<{
      id: string;
    }>;
    const linked = await api('POST', '/_emulator/oauth_sign_in', {
      provider: 'GoogleOAuth',
      email: 'ann@example.com',
    });
    expect((linked.body.user as { id: string }).id).toBe(ann[0]?.id);
    const dup = await api('POST', '/_emulator/oauth_sign_in', {
      provider: 'GitHubOAuth',
      email: 'ann@example.com',
      email_match: 'exact',
    });
    expect(dup.body.created_user).toBe(true);
    expect((dup.body.user as { id: string }).id).not.toBe(ann[0]?.id);
    // The first account keeps the address for lookups; the duplicate is still listed.
    const byEmail = (await api('GET', '/user_management/users?email=ANN@example.com')).body.data as Array<{
      id: string;
    }>;
    expect(byEmail.map((u) => u.id)).toEqual([ann[0]?.id]);
    const all = (await api('GET', '/user_management/users?limit=100')).body.data as unknown[];
    expect(all).toHaveLength(3);
  });
});
