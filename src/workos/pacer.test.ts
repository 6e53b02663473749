import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock, sleep } from './clock.js';
import { Pacer, parseBudget, parseRate, type PacerTicket } from './pacer.js';

/** Drives `total` requests through the pacer; each answer takes `latency(i)` ms. Returns send/answer times. */
async function drive(
  pacer: Pacer,
  clock: ManualClock,
  total: number,
  latency: (i: number) => number,
  names = ['writes'],
) {
  const sends: number[] = [];
  const answers: number[] = [];
  let i = 0;
  const worker = async (): Promise<void> => {
    while (i < total) {
      const n = i++;
      const ticket: PacerTicket = await pacer.acquire(names);
      sends.push(clock.now());
      await new Promise<void>((resolve) => clock.setTimer(resolve, latency(n)));
      answers.push(clock.now());
      ticket.done();
    }
  };
  const workers = Array.from({ length: 16 }, worker);
  let settled = false;
  void Promise.all(workers).then(() => (settled = true));
  let steps = 0;
  while (!settled) {
    await clock.advance(50);
    // A stalled pacer would spin here forever on microtasks, out of reach of the test timeout.
    if (++steps > 20_000)
      throw new Error(
        `pacer stalled: ${sends.length}/${total} sent, ${pacer.waiting} waiting at t=${clock.now()}`,
      );
  }
  return { sends, answers };
}

/** The most requests whose [send, answer] interval could fall inside one window of the server. */
function maxInWindow(sends: number[], answers: number[], windowMs: number): number {
  // A request can be counted at any moment between its send and its answer; the worst case for a
  // window starting at t counts every request whose interval reaches into [t, t + window).
  let max = 0;
  for (const t of answers) {
    const n = sends.filter((s, k) => s < t + windowMs && (answers[k] as number) >= t).length;
    max = Math.max(max, n);
  }
  return max;
}

describe('parseBudget / parseRate', () => {
  it('reads the documented notation', () => {
    expect(parseBudget('500/10s')).toEqual({ limit: 500, windowMs: 10_000 });
    expect(parseBudget('6000/1m')).toEqual({ limit: 6000, windowMs: 60_000 });
    expect(parseBudget('50/500ms')).toEqual({ limit: 50, windowMs: 500 });
    expect(() => parseBudget('fast')).toThrow(/500\/10s/);
    expect(parseRate('80%')).toBeCloseTo(0.8);
    expect(parseRate('1')).toBe(1);
    expect(() => parseRate('150%')).toThrow(/between/);
  });
});

describe('Pacer', () => {
  it('never lets more than limit × share requests into any window, whatever the latency', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 5, max: 40 }),
        fc.constantFrom(0.5, 0.8, 1),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 30 }),
        async (limit, share, latencies) => {
          const clock = new ManualClock(1_000_000);
          const pacer = new Pacer({ writes: { limit, windowMs: 1000 } }, { share, clock });
          const { sends, answers } = await drive(
            pacer,
            clock,
            limit * 3,
            (i) => latencies[i % latencies.length] as number,
          );
          expect(maxInWindow(sends, answers, 1000)).toBeLessThanOrEqual(
            Math.max(1, Math.floor(limit * share)),
          );
        },
      ),
      { numRuns: 25 },
    );
  });

  it('uses the allowance fully, spread evenly rather than in one burst per window', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer({ writes: { limit: 100, windowMs: 1000 } }, { share: 1, clock, guardMs: 0 });
    const { sends } = await drive(pacer, clock, 500, () => 2);
    const span = (sends.at(-1) as number) - (sends[0] as number);
    // 500 requests at 100/s: at least 4 s (the limit), and no more than 3% slower than it.
    expect(span).toBeGreaterThanOrEqual(4000);
    expect(499 / (span / 1000)).toBeGreaterThanOrEqual(97);
    // Spread: never more than the small burst tolerance plus the even share in any 100 ms.
    let busiest = 0;
    for (const t of sends) busiest = Math.max(busiest, sends.filter((x) => x >= t && x < t + 100).length);
    expect(busiest).toBeLessThanOrEqual(8 + 10 + 1);
  });

  it('draws on every named budget: the tighter one governs', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(
      { writes: { limit: 50, windowMs: 1000 }, general: { limit: 20, windowMs: 1000 } },
      { share: 1, clock },
    );
    const { sends, answers } = await drive(pacer, clock, 60, () => 5, ['writes', 'general']);
    expect(maxInWindow(sends, answers, 1000)).toBeLessThanOrEqual(20);
  });

  it('a 429 holds back only the limited request, for Retry-After or the fallback', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer({ writes: { limit: 100, windowMs: 1000 } }, { share: 1, clock });
    expect(pacer.onRateLimited(3000, 500, ['writes'])).toBe(3000);
    // Missing or unparseable Retry-After falls back to the caller's backoff.
    expect(pacer.onRateLimited(Number.NaN, 700)).toBe(700);
    expect(pacer.onRateLimited(null, 700, ['writes'])).toBe(700);
    let granted = false;
    void pacer.acquire(['writes']).then((t) => {
      granted = true;
      t.done();
    });
    await clock.advance(1);
    expect(granted).toBe(true);
    expect(pacer.share).toBe(1);
  });

  it('sporadic 429s (one every 2 s at 50 writes/s) cost under 15% of a minute, and do not lower the share', async () => {
    const sim = await simulate({ durationMs: 60_000, sporadic: (k) => k % 100 === 99 });
    expect(sim.injected).toBeGreaterThanOrEqual(25);
    expect(sim.acceptedBetween(0, 60_000) / 60).toBeGreaterThanOrEqual(0.85 * 50);
    expect(sim.pacer.share).toBe(1);
  });

  it('after a burst of 429s, the share drops and is back within a few windows', async () => {
    // 30 requests in a row refused at t = 20 s: dense enough to read as a full window.
    const sim = await simulate({
      durationMs: 120_000,
      sporadic: (_k, at) => at >= 20_000 && at < 20_700,
      probeAt: [21_000, 20_000 + 7 * 10_000],
    });
    expect(sim.injected).toBeGreaterThanOrEqual(20);
    const [during, after] = sim.probes;
    expect(during).toBeLessThan(1);
    expect(during).toBeGreaterThan(0.8);
    expect(after).toBe(1);
  });

  it('recovers from a drop even while sporadic 429s (2%) keep coming', async () => {
    // Under a steady trickle of sporadic 429s, a rule that turned back every probe on any 429
    // would pin the share wherever the burst left it.
    const sim = await simulate({
      durationMs: 200_000,
      sporadic: (k, at) => (at >= 20_000 && at < 20_700) || k % 50 === 49,
      probeAt: [21_000, 20_000 + 15 * 10_000],
    });
    const [during, after] = sim.probes;
    expect(during).toBeLessThan(1);
    expect(after).toBe(1);
  });

  it('converges on what a steady competitor leaves of the window, with few 429s once there', async () => {
    // The live application uses 30% of 500 writes / 10 s; the first minute is for converging.
    const sim = await simulate({ durationMs: 300_000, competitorPerSecond: 15 });
    const rate = sim.acceptedBetween(CONVERGED_AT, 300_000) / 240;
    expect(rate).toBeGreaterThanOrEqual(35 * 0.9);
    expect(rate).toBeLessThanOrEqual(35 * 1.1);
    const requests = sim.requestsBetween(CONVERGED_AT, 300_000);
    const limited = sim.limitedBetween(CONVERGED_AT, 300_000);
    expect(limited / requests).toBeLessThanOrEqual(0.01);
    // Our probes cost the competitor little once we have converged (its first minute is the price
    // of starting at full speed before the window was known to be shared).
    expect(sim.competitorLimitedAfter).toBeLessThanOrEqual(sim.competitorSent * 0.01);
  });
});

interface SimOptions {
  durationMs: number;
  /** Our k-th request (0-based) sent at `at` is refused by a fault, not by the window. */
  sporadic?: (k: number, at: number) => boolean;
  /** Another client's steady writes into the same server window. */
  competitorPerSecond?: number;
  /** Times at which to record the pacer's share. */
  probeAt?: number[];
}

/**
 * Our workers against a simulated WorkOS write limit (500 / 10 s, sliding window keyed on
 * arrival, Retry-After in whole seconds ≥ 1 like the real one), on a fake clock. Each 429 is
 * handled as the importer does: ticket done, wait what onRateLimited returns, retry.
 */
async function simulate(options: SimOptions) {
  const limit = 500;
  const windowMs = 10_000;
  const latencyMs = 20;
  const clock = new ManualClock(0);
  const pacer = new Pacer(
    { writes: { limit, windowMs }, general: { limit: 6000, windowMs: 60_000 } },
    { share: 1, clock },
  );
  const server: number[] = [];
  const count = (now: number): number => {
    while (server.length > 0 && (server[0] as number) <= now - windowMs) server.shift();
    return server.length;
  };
  const ours: Array<{ at: number; ok: boolean }> = [];
  let injected = 0;
  let competitorSent = 0;
  let competitorLimited = 0;
  let competitorLimitedAfter = 0;
  const probes: number[] = [];
  for (const at of options.probeAt ?? []) clock.setTimer(() => probes.push(pacer.shareOf('writes')), at);
  if (options.competitorPerSecond) {
    const every = 1000 / options.competitorPerSecond;
    const tick = (): void => {
      if (clock.now() >= options.durationMs) return;
      competitorSent++;
      if (count(clock.now()) < limit) server.push(clock.now());
      else {
        competitorLimited++;
        if (clock.now() >= CONVERGED_AT) competitorLimitedAfter++;
      }
      clock.setTimer(tick, every);
    };
    clock.setTimer(tick, 0);
  }
  let k = 0;
  const worker = async (): Promise<void> => {
    while (clock.now() < options.durationMs) {
      const ticket = await pacer.acquire(['writes', 'general']);
      const at = clock.now();
      let retryAfterMs: number | null = null;
      if (options.sporadic?.(k++, at)) {
        injected++;
        retryAfterMs = 1000;
      } else if (count(at) >= limit) {
        const blocking = server[server.length - limit] as number;
        retryAfterMs = Math.max(1, Math.ceil((blocking + windowMs - at) / 1000)) * 1000;
      } else server.push(at);
      ours.push({ at, ok: retryAfterMs === null });
      await sleep(latencyMs, clock);
      ticket.done();
      if (retryAfterMs !== null) await sleep(pacer.onRateLimited(retryAfterMs, 500, WRITE), clock);
    }
  };
  let settled = false;
  void Promise.all(Array.from({ length: 25 }, worker)).then(() => (settled = true));
  while (!settled) await clock.advance(100);
  const between = (from: number, to: number, ok?: boolean): number =>
    ours.filter((r) => r.at >= from && r.at < to && (ok === undefined || r.ok === ok)).length;
  return {
    pacer,
    injected,
    probes,
    competitorSent,
    competitorLimited,
    competitorLimitedAfter,
    acceptedBetween: (from: number, to: number) => between(from, to, true),
    limitedBetween: (from: number, to: number) => between(from, to, false),
    requestsBetween: (from: number, to: number) => between(from, to),
  };
}

const WRITE = ['writes', 'general'];
/** "After the first minute": six windows of the simulated 10 s write limit. */
const CONVERGED_AT = 60_000;
