import { describe, expect, it } from 'vitest';
import { MigratorError } from '../errors/index.js';
import type { ApiFailure } from './classify.js';
import { CircuitBreaker } from './circuit-breaker.js';
import type { CallResult, WorkosClient } from './client.js';
import { ManualClock } from './clock.js';
import { KeyedPacer } from './keyed-pacer.js';
import { READ, WRITE } from './limits.js';
import { newRequestStats, pacedCall, type CallContext } from './paced-call.js';
import { Pacer } from './pacer.js';
import { Stopper } from './stopper.js';

const client = {
  target: { baseUrl: 'http://127.0.0.1:9', apiKey: 'k', isEmulator: true, isLive: false },
} as WorkosClient;
const fail = (failure: ApiFailure, answered = true): CallResult<string> => ({
  ok: false,
  failure,
  info: { answered },
});
const ok = (value: string): CallResult<string> => ({ ok: true, value, info: { answered: true } });

function context(overrides: Partial<CallContext> = {}): CallContext {
  return {
    client,
    pacer: new Pacer(
      {
        writes: { limit: 1000, windowMs: 1000 },
        reads: { limit: 1000, windowMs: 1000 },
        general: { limit: 1000, windowMs: 1000 },
      },
      { share: 1 },
    ),
    policy: { maxAttempts: 3, maxRateLimited: 3, baseDelayMs: 1, maxDelayMs: 2 },
    breaker: new CircuitBreaker({ threshold: 3, minStreakMs: 0 }),
    stats: newRequestStats(),
    stop: new Stopper(),
    ...overrides,
  };
}
const refused: ApiFailure = { kind: 'unreachable', code: 'ECONNREFUSED', message: 'could not connect' };

describe('pacedCall', () => {
  it('never sends once the run has stopped', async () => {
    const ctx = context();
    ctx.stop.stop('interrupted');
    let sent = 0;
    const r = await pacedCall(ctx, { budgets: WRITE, retry: 'once' }, async () => (sent++, ok('x')));
    expect(sent).toBe(0);
    expect(!r.ok && r.failure).toMatchObject({ kind: 'stopped', why: 'interrupted' });
  });

  it('retries a create that was never sent (connection refused), and opens the breaker on a streak', async () => {
    const ctx = context();
    const answers = [fail(refused, false), ok('user_1')];
    const first = await pacedCall(ctx, { budgets: WRITE, retry: 'once' }, async () => answers.shift()!);
    expect(first).toMatchObject({ ok: true, value: 'user_1', attempts: 2 });

    let sent = 0;
    const down = await pacedCall(
      ctx,
      { budgets: WRITE, retry: 'once' },
      async () => (sent++, fail(refused, false)),
    );
    expect(ctx.breaker.open).toBe(true);
    expect(sent).toBe(3);
    expect(!down.ok && down.failure).toMatchObject({ kind: 'stopped', why: 'unreachable' });
    // Every later call is refused without a request.
    const later = await pacedCall(ctx, { budgets: READ, retry: 'idempotent' }, async () => (sent++, ok('x')));
    expect(sent).toBe(3);
    expect(!later.ok && later.failure.kind).toBe('stopped');
  });

  it('hands a possibly-applied create back to the caller; retries an idempotent read', async () => {
    const ctx = context();
    const lost: ApiFailure = { kind: 'lost', code: 'ECONNRESET', message: 'reset' };
    const create = await pacedCall(ctx, { budgets: WRITE, retry: 'once' }, async () => fail(lost, false));
    expect(create).toMatchObject({ ok: false, maybeApplied: true, attempts: 1 });
    const answers = [fail({ kind: 'transient', status: 503, code: 'http_503', message: '503' }), ok('u')];
    const read = await pacedCall(ctx, { budgets: READ, retry: 'idempotent' }, async () => answers.shift()!);
    expect(read).toMatchObject({ ok: true, attempts: 2 });
    expect(ctx.breaker.open).toBe(false);
  });

  it('a refused key stops everything', async () => {
    const ctx = context();
    await expect(
      pacedCall(ctx, { budgets: READ, retry: 'idempotent' }, async () =>
        fail({ kind: 'unauthorized', status: 401, code: 'unauthorized', message: 'refused' }),
      ),
    ).rejects.toBeInstanceOf(MigratorError);
  });
});

describe('KeyedPacer', () => {
  it('lets 3 per email through per window, holds a key after its 429, and forgets idle keys', async () => {
    const clock = new ManualClock();
    const keyed = new KeyedPacer({ passwordReset: { limit: 3, windowMs: 60_000 } }, clock);
    const stop = new Stopper();
    const times: number[] = [];
    const sends = Array.from({ length: 4 }, () =>
      keyed.acquire('passwordReset', 'A@x.io', stop).then(() => times.push(clock.now())),
    );
    await clock.advance(0);
    expect(times).toEqual([0, 0, 0]);
    await keyed.acquire('passwordReset', 'b@x.io', stop);
    await clock.advance(60_000);
    await Promise.all(sends);
    expect(times).toEqual([0, 0, 0, 60_000]);
    keyed.hold('passwordReset', 'b@x.io', 5_000);
    let late = false;
    const held = keyed.acquire('passwordReset', 'b@x.io', stop).then(() => (late = true));
    await clock.advance(4_000);
    expect(late).toBe(false);
    await clock.advance(2_000);
    await held;
    expect(late).toBe(true);
  });

  it('reuses a slot one window after its answer, not after it was taken', async () => {
    const clock = new ManualClock();
    const keyed = new KeyedPacer({ organizationDelete: { limit: 1, windowMs: 60_000 } }, clock);
    const stop = new Stopper();
    const slot = await keyed.acquire('organizationDelete', 'key', stop);
    // The request waited on the shared budgets and its answer came 5 s after the slot was taken.
    await clock.advance(5_000);
    if (slot) slot.done();
    let second = -1;
    const next = keyed.acquire('organizationDelete', 'key', stop).then(() => (second = clock.now()));
    await clock.advance(56_000);
    expect(second).toBe(-1);
    await clock.advance(4_000);
    await next;
    expect(second).toBe(65_000);
  });

  it('gives up waiting when the run stops', async () => {
    const clock = new ManualClock();
    const keyed = new KeyedPacer({ authenticate: { limit: 1, windowMs: 60_000 } }, clock);
    const stop = new Stopper();
    expect(await keyed.acquire('authenticate', 'a@x.io', stop)).toBeTruthy();
    const second = keyed.acquire('authenticate', 'a@x.io', stop);
    await clock.advance(10);
    stop.stop('interrupted');
    expect(await second).toBe(false);
  });
});
