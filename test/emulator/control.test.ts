import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { call, loadVectors, sdkFor } from './helpers.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());

const control = (method: string, path: string, body?: unknown) =>
  call(emu, method, path, body, { authorization: '' });

describe('control API (/_emulator/), no API key needed', () => {
  it('GET /health answers 200', async () => {
    expect((await control('GET', '/health')).status).toBe(200);
  });

  it('seeds users with hashes, reporting bad entries by index and code while the rest go on', async () => {
    const argon = loadVectors().find((v) => v.id === 'argon2id-m4096-min')!;
    const res = await control('POST', '/_emulator/users', {
      users: [
        { email: 'one@seed.test', passwordHash: argon.workos_hash, passwordHashType: 'argon2' },
        { email: 'ONE@seed.test' },
        {
          email: 'two@seed.test',
          password_hash: '$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$aGFzaA',
          password_hash_type: 'argon2',
        },
        { first_name: 'no email' },
        { email: 'three@seed.test', first_name: 'Three' },
      ],
    });
    expect(res.status).toBe(207);
    const body = res.body as {
      created: Array<{ index: number }>;
      errors: Array<{ index: number; code: string; message: string }>;
    };
    expect(body.created.map((c) => c.index)).toEqual([0, 4]);
    expect(body.errors.map((e) => [e.index, e.code])).toEqual([
      [1, 'user_creation_error'],
      [2, 'invalid_password_hash'],
      [3, 'invalid_request_parameters'],
    ]);
    expect(body.errors[1]!.message).toMatch(/4,?096|m=|memory/i); // names the out-of-range parameter
    const ok = await sdkFor(emu).userManagement.authenticateWithPassword({
      email: 'one@seed.test',
      password: argon.password,
      clientId: emu.clientId,
    });
    expect(ok.user.email).toBe('one@seed.test');
  });

  it('counts requests per route, and reset empties the world and can change the limits', async () => {
    await call(emu, 'GET', '/user_management/users?limit=5');
    await call(emu, 'GET', '/user_management/users?limit=5');
    await call(emu, 'POST', '/_emulator/faults', { path: '/events', kind: '5xx', count: 1 });
    const before = (await control('GET', '/_emulator/counters')).body as Record<string, unknown>;
    expect((before.requests as Record<string, number>)['GET /user_management/users']).toBeGreaterThanOrEqual(
      2,
    );
    expect(before.users).toBeGreaterThan(0);
    expect(before.limits).toMatchObject({
      enabled: true,
      scale: 1,
      writes: { limit: 500, windowMs: 10_000 },
    });

    const reset = await control('POST', '/_emulator/reset', { limits: { scale: 10 } });
    expect(reset.status).toBe(200);
    const after = (await control('GET', '/_emulator/counters')).body as Record<string, unknown>;
    expect(after).toMatchObject({
      requests: {},
      users: 0,
      events: 0,
      rate_limited: 0,
      faults: [],
      write_window_ms: 1000,
      limits: { scale: 10, writes: { limit: 500, windowMs: 1000 } },
    });
    expect((await call(emu, 'GET', '/user_management/users')).body).toMatchObject({ data: [] });

    const bad = await control('POST', '/_emulator/reset', { limits: 'fast' });
    expect(bad.status).toBe(422);
  });
});
