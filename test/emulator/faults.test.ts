import { GenericServerException, RateLimitExceededException } from '@workos-inc/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { call, caught, sdkFor } from './helpers.js';

let emu: RunningEmulator;
let workos: ReturnType<typeof sdkFor>;

/** Fault rules go through the HTTP control API, as a rehearsing engineer would add them. */
async function addFault(rule: Record<string, unknown>): Promise<{ id: string }> {
  const res = await call(emu, 'POST', '/_emulator/faults', rule);
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

const usersNamed = async (email: string) => (await workos.userManagement.listUsers({ email })).data;

beforeAll(async () => {
  emu = await startEmulator({ limits: 'off' });
  workos = sdkFor(emu);
});
afterAll(() => emu.close());
beforeEach(async () => {
  expect((await call(emu, 'DELETE', '/_emulator/faults')).status).toBe(204);
});

describe('fault injection, observed through @workos-inc/node', () => {
  it('5xx: a JSON error the SDK maps to GenericServerException; nothing is created; the next call succeeds', async () => {
    await addFault({ method: 'POST', path: '/user_management/users', kind: '5xx', status: 503, count: 1 });
    const err = await caught(workos.userManagement.createUser({ email: 'five@faults.test' }));
    expect(err).toBeInstanceOf(GenericServerException);
    expect(err.status).toBe(503);
    expect((err.rawData as { code: string }).code).toBe('server_error');
    expect(await usersNamed('five@faults.test')).toEqual([]);
    expect((await workos.userManagement.createUser({ email: 'five@faults.test' })).email).toBe(
      'five@faults.test',
    );
  });

  it('latency: fixed delay plus jitter, and an SDK timeout shorter than it fails the call', async () => {
    await addFault({
      path: '/user_management/users/*',
      kind: 'latency',
      latencyMs: 300,
      jitterMs: 100,
      count: 2,
    });
    const user = await workos.userManagement.createUser({ email: 'slow@faults.test' });
    const started = Date.now();
    expect((await workos.userManagement.getUser(user.id)).id).toBe(user.id);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(295);
    expect(elapsed).toBeLessThan(2000);

    const impatient = new (workos.constructor as new (...a: unknown[]) => typeof workos)(emu.apiKey, {
      apiHostname: '127.0.0.1',
      port: emu.port,
      https: false,
      clientId: emu.clientId,
      timeout: 100,
    });
    const timedOut = await caught(impatient.userManagement.getUser(user.id));
    expect(timedOut.status).toBe(408);
    // Rule exhausted: no delay any more (below the fault's fixed 300 ms, however busy the machine).
    const t = Date.now();
    await workos.userManagement.getUser(user.id);
    expect(Date.now() - t).toBeLessThan(295);
  });

  it('reset: the connection is destroyed before the handler, so nothing is committed', async () => {
    await addFault({ method: 'POST', path: '/user_management/users', kind: 'reset', count: 1 });
    const err = await caught(workos.userManagement.createUser({ email: 'reset@faults.test' }));
    expect(err.message).toMatch(/fetch failed/);
    expect(err).not.toBeInstanceOf(GenericServerException);
    expect(await usersNamed('reset@faults.test')).toEqual([]);
  });

  it('commit then drop: the user is created but the caller sees a network failure', async () => {
    await addFault({ method: 'POST', path: '/user_management/users', kind: 'commit_then_drop', count: 1 });
    const err = await caught(
      workos.userManagement.createUser({ email: 'ghost@faults.test', externalId: 'ghost-1' }),
    );
    expect(err.message).toMatch(/fetch failed/);
    const found = await usersNamed('ghost@faults.test');
    expect(found).toHaveLength(1);
    expect((await workos.userManagement.getUserByExternalId('ghost-1')).id).toBe(found[0]!.id);
    // A naive retry now meets the duplicate: exactly what an importer must resolve by looking up first.
    const retry = await caught(workos.userManagement.createUser({ email: 'ghost@faults.test' }));
    expect(retry.code).toBe('user_creation_error');
  });

  it("rate_limit: the limiter's 429 and Retry-After, nothing created, no window consumed", async () => {
    await addFault({
      method: 'POST',
      path: '/user_management/users',
      kind: 'rate_limit',
      retryAfter: 3,
      count: 1,
    });
    const raw = await call(emu, 'POST', '/user_management/users', { email: 'busy@faults.test' });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('3');
    expect((raw.body as { code: string }).code).toBe('rate_limit_exceeded');
    expect(await usersNamed('busy@faults.test')).toEqual([]);

    await addFault({ method: 'POST', path: '/user_management/users', kind: 'rate_limit', count: 1 });
    const err = await caught(workos.userManagement.createUser({ email: 'busy@faults.test' }));
    expect(err).toBeInstanceOf(RateLimitExceededException);
    // Retry-After defaults to 1 s, as the limiter's shortest answer.
    expect(err.retryAfter).toBe(1);
    const counters = (await call(emu, 'GET', '/_emulator/counters')).body as { rate_limited: number };
    expect(counters.rate_limited).toBe(0);
    expect((await workos.userManagement.createUser({ email: 'busy@faults.test' })).email).toBe(
      'busy@faults.test',
    );
  });

  it('rejects a rate_limit rule whose Retry-After is not whole seconds', async () => {
    const res = await call(emu, 'POST', '/_emulator/faults', {
      path: '/user_management/users',
      kind: 'rate_limit',
      retryAfter: 1.5,
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toMatch(/'retryAfter'/);
  });

  it('probability: 0 never fires, 1 always fires; counters show how often each rule fired', async () => {
    const never = await addFault({
      method: 'GET',
      path: '/user_management/users',
      kind: '5xx',
      probability: 0,
    });
    for (let i = 0; i < 5; i++) await workos.userManagement.listUsers();
    const always = await addFault({
      method: 'GET',
      path: '/organizations',
      kind: '5xx',
      status: 502,
      probability: 1,
    });
    for (let i = 0; i < 3; i++)
      expect((await caught(workos.organizations.listOrganizations())).status).toBe(502);
    const counters = (await call(emu, 'GET', '/_emulator/counters')).body as {
      faults: Array<{ id: string; fired: number }>;
    };
    expect(counters.faults).toEqual([
      { id: never.id, fired: 0 },
      { id: always.id, fired: 3 },
    ]);
  });

  it('rejects a malformed rule with a 422 that names the field', async () => {
    const res = await call(emu, 'POST', '/_emulator/faults', { path: '/x', kind: 'explode' });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toMatch(/'kind'/);
  });
});
