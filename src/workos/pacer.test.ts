import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
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

  it('pauses for Retry-After, lowers the share after a 429, and recovers after quiet windows', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer({ writes: { limit: 100, windowMs: 1000 } }, { share: 1, clock });
    pacer.onRateLimited(3000, 500);
    expect(pacer.share).toBeCloseTo(0.85);
    let granted = false;
    void pacer.acquire(['writes']).then((t) => {
      granted = true;
      t.done();
    });
    await clock.advance(2999);
    expect(granted).toBe(false);
    await clock.advance(2);
    expect(granted).toBe(true);
    // Missing or unparseable Retry-After falls back to the caller's backoff.
    pacer.onRateLimited(Number.NaN, 700);
    let second = false;
    void pacer.acquire(['writes']).then((t) => {
      second = true;
      t.done();
    });
    await clock.advance(650);
    expect(second).toBe(false);
    await clock.advance(100);
    expect(second).toBe(true);
    for (let w = 0; w < 10; w++) {
      await clock.advance(1001);
      const t = await pacer.acquire(['writes']);
      t.done();
    }
    expect(pacer.share).toBe(1);
  });
});
