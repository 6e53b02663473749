import { request } from 'node:http';
import { RateLimitExceededException } from '@workos-inc/node';
import { describe, expect, it } from 'vitest';
import { effectiveLimits, startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { call, caught, sdkFor } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends n requests, `concurrency` at a time, and returns their statuses in send order. */
async function burst(n: number, send: (i: number) => Promise<number>, concurrency = 25): Promise<number[]> {
  const statuses: number[] = [];
  for (let start = 0; start < n; start += concurrency) {
    const batch = Array.from({ length: Math.min(concurrency, n - start) }, (_, k) => send(start + k));
    statuses.push(...(await Promise.all(batch)));
  }
  return statuses;
}

/** One GET sent from another loopback address, so the emulator sees a second client IP. */
function statusFrom(localAddress: string, emu: RunningEmulator, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: emu.port,
        path,
        localAddress,
        headers: { authorization: `Bearer ${emu.apiKey}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const createUser = (emu: RunningEmulator, tag: string) => async (i: number) =>
  (await call(emu, 'POST', '/user_management/users', { email: `${tag}${i}@limits.test` })).status;

describe('rate limits', () => {
  it('documented scale: request 501 within 10 s is a 429 with JSON body and integer Retry-After', async () => {
    const emu = await startEmulator({ limits: 'documented' });
    try {
      const started = Date.now();
      const statuses = await burst(500, createUser(emu, 'doc'));
      expect(statuses.every((s) => s === 201)).toBe(true);
      const res = await call(emu, 'POST', '/user_management/users', { email: 'doc501@limits.test' });
      const elapsed = Date.now() - started;
      expect(elapsed).toBeLessThan(10_000); // otherwise the window would legitimately admit it
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({ code: 'rate_limit_exceeded' });
      const retryAfter = res.headers.get('retry-after');
      expect(retryAfter).toMatch(/^\d+$/);
      // Time until the oldest of the 500 leaves the 10 s window, rounded up.
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(Math.max(1, Math.floor((10_000 - elapsed) / 1000)));
      expect(Number(retryAfter)).toBeLessThanOrEqual(10);
      // The refused write was not created and cost no budget.
      expect((await call(emu, 'GET', '/user_management/users?email=doc501@limits.test')).body).toMatchObject({
        data: [],
      });
      const counters = emu.control.counters();
      expect(counters.rateLimited).toBe(1);
      expect(counters.maxWritesInWindow).toBe(500);
    } finally {
      await emu.close();
    }
  });

  it('scaled x2: the SDK sees RateLimitExceededException with retryAfter, and honouring it succeeds', async () => {
    // A 5 s window: the burst of 500 must fit inside it for request 501 to be refused, also on a
    // machine busy with other test files.
    const emu = await startEmulator({ limits: { scale: 2 } });
    try {
      const started = Date.now();
      expect((await burst(500, createUser(emu, 'sdk'))).filter((s) => s !== 201)).toEqual([]);
      expect(Date.now() - started).toBeLessThan(5_000); // else the window would legitimately admit it
      const workos = sdkFor(emu);
      const err = await caught(workos.userManagement.createUser({ email: 'sdk501@limits.test' }));
      expect(err).toBeInstanceOf(RateLimitExceededException);
      expect(err.status).toBe(429);
      const retryAfter = err.retryAfter as number;
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(5); // the window is 10 s / 2
      await sleep(retryAfter * 1000);
      expect((await workos.userManagement.createUser({ email: 'sdk501@limits.test' })).email).toBe(
        'sdk501@limits.test',
      );
    } finally {
      await emu.close();
    }
  });

  it('scaled x2: writes paced to the limit are never refused, and the busiest window is exactly the limit', async () => {
    // A 5 s window rather than ×10's 1 s: a burst of 500 must land inside one window for it to be
    // full, and on a machine busy with other test files 500 requests can take seconds.
    const emu = await startEmulator({ limits: { scale: 2 } });
    try {
      const counters0 = emu.control.counters();
      expect(counters0).toMatchObject({ writeLimit: 500, writeWindowMs: 5000 });
      const first = await burst(500, createUser(emu, 'p1-'));
      await sleep(counters0.writeWindowMs + 50);
      const second = await burst(500, createUser(emu, 'p2-'));
      expect([...first, ...second].filter((s) => s !== 201)).toEqual([]);
      const counters = (await call(emu, 'GET', '/_emulator/counters')).body as Record<string, unknown>;
      expect(counters.rate_limited).toBe(0);
      expect(counters.max_writes_in_window).toBe(500);
      expect(counters.accepted_writes).toBe(1000);
      expect((counters.requests as Record<string, number>)['POST /user_management/users']).toBe(1000);
    } finally {
      await emu.close();
    }
  });

  it('reads: 1,000 per 10 s per environment, then 429', async () => {
    const emu = await startEmulator();
    try {
      const statuses = await burst(
        1001,
        async () => (await call(emu, 'GET', '/user_management/users?limit=1')).status,
        50,
      );
      expect(statuses.slice(0, 1000).every((s) => s === 200)).toBe(true);
      expect(statuses[1000]).toBe(429);
    } finally {
      await emu.close();
    }
  });

  it('authenticate: 10 per 60 s per email (case-insensitive), other emails unaffected', async () => {
    const emu = await startEmulator();
    try {
      const workos = sdkFor(emu);
      const attempt = (email: string) =>
        workos.userManagement
          .authenticateWithPassword({ email, password: 'wrong password', clientId: emu.clientId })
          .catch((e: { status: number }) => e.status);
      const statuses = [];
      for (let i = 0; i < 11; i++)
        statuses.push(await attempt(i % 2 ? 'Limited@limits.test' : 'limited@limits.test'));
      expect(statuses.slice(0, 10)).toEqual(Array(10).fill(400));
      expect(statuses[10]).toBe(429);
      expect(await attempt('other@limits.test')).toBe(400);
    } finally {
      await emu.close();
    }
  });

  it('email verification send: 3 per 60 s per user', async () => {
    const emu = await startEmulator();
    try {
      const user = (await call(emu, 'POST', '/user_management/users', { email: 'ev@limits.test' })).body as {
        id: string;
      };
      const send = async () =>
        (await call(emu, 'POST', `/user_management/users/${user.id}/email_verification/send`)).status;
      expect([await send(), await send(), await send(), await send()]).toEqual([200, 200, 200, 429]);
    } finally {
      await emu.close();
    }
  });

  it('organization deletes: 50 per 60 s per API key, then 429; creates and lists are not counted', async () => {
    const emu = await startEmulator({ limits: 'documented' });
    try {
      expect(effectiveLimits('documented').organizationDeletesPerKey).toEqual({
        limit: 50,
        windowMs: 60_000,
      });
      const ids = (
        await burst(51, async (i) => {
          const r = await call(emu, 'POST', '/organizations', { name: `Org ${i}` });
          return r.status === 201 ? 0 : r.status;
        })
      ).length;
      expect(ids).toBe(51);
      const orgs = (await call(emu, 'GET', '/organizations?limit=100')).body as {
        data: Array<{ id: string }>;
      };
      expect(orgs.data).toHaveLength(51);
      const statuses: number[] = [];
      for (const o of orgs.data) statuses.push((await call(emu, 'DELETE', `/organizations/${o.id}`)).status);
      expect(statuses.slice(0, 50).filter((s) => s >= 300)).toEqual([]);
      expect(statuses[50]).toBe(429);
      expect(emu.control.counters().rateLimited).toBe(1);
      expect(
        ((await call(emu, 'GET', '/_emulator/counters')).body as { rate_limited_by_scope: object })
          .rate_limited_by_scope,
      ).toEqual({
        'organization deletes, per API key': 1,
      });
    } finally {
      await emu.close();
    }
  });

  it('general: 6,000 per 60 s per client IP, over every path, other IPs unaffected', async () => {
    // Counts stay documented at any scale; only the window shrinks (6 s at x10).
    expect(effectiveLimits({ scale: 10 }).general).toEqual({ limit: 6000, windowMs: 6000 });
    const emu = await startEmulator({ limits: 'documented' });
    try {
      const general = { limit: 6000, windowMs: 60_000 }; // the documented per-IP limit
      expect(effectiveLimits('documented').general).toEqual(general);
      const started = Date.now();
      // Organizations are outside /user_management/, so only the general budget counts them.
      const statuses = await burst(
        general.limit,
        async () => (await call(emu, 'GET', '/organizations?limit=1')).status,
        50,
      );
      expect(Date.now() - started).toBeLessThan(general.windowMs); // else the window would admit more
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const refused = await call(emu, 'GET', '/organizations?limit=1');
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'rate_limit_exceeded' });
      expect((refused.body as { message: string }).message).toContain('general, per IP');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      // The general limit covers User Management too, although its read budget is untouched.
      expect((await call(emu, 'GET', '/user_management/users?limit=1')).status).toBe(429);
      // Another client address has its own budget.
      expect(await statusFrom('127.0.0.2', emu, '/organizations?limit=1')).toBe(200);
      const counters = emu.control.counters();
      expect(counters.rateLimited).toBe(2);
      expect(counters.requests['GET /organizations']).toBe(general.limit + 2);
    } finally {
      await emu.close();
    }
  });

  it("limits: 'off' never answers 429", async () => {
    const emu = await startEmulator({ limits: 'off' });
    try {
      expect((await burst(510, createUser(emu, 'off'))).filter((s) => s !== 201)).toEqual([]);
      expect(emu.control.counters().maxWritesInWindow).toBe(510);
    } finally {
      await emu.close();
    }
  });
});
