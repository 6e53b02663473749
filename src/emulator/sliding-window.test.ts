import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxInAnyWindow, retryAfterSeconds, SlidingWindow } from './sliding-window.js';
import { effectiveLimits, parseLimitsFlag } from './limits.js';

describe('SlidingWindow', () => {
  it('admits limit requests per window and says how long until the next one fits', () => {
    const w = new SlidingWindow(3, 1000);
    for (const t of [0, 100, 200]) {
      expect(w.waitMs(t)).toBe(0);
      w.record(t);
    }
    expect(w.waitMs(500)).toBe(500); // the entry at 0 leaves the window at 1000
    expect(w.waitMs(999)).toBe(1);
    expect(w.waitMs(1000)).toBe(0);
  });

  it('is a sliding log, not a fixed bucket: a burst at a bucket edge is still limited', () => {
    const w = new SlidingWindow(2, 1000);
    w.record(900);
    w.record(950);
    expect(w.waitMs(1050)).toBe(850); // a fixed 1 s bucket would have reset at 1000
  });

  it('never lets more than limit accepted requests into any window', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 10 }),
        (gaps, limit) => {
          const w = new SlidingWindow(limit, 100);
          const accepted: number[] = [];
          let t = 0;
          for (const g of gaps) {
            t += g;
            if (w.waitMs(t) === 0) {
              w.record(t);
              accepted.push(t);
            }
          }
          expect(maxInAnyWindow(accepted, 100)).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });
});

describe('maxInAnyWindow', () => {
  it('counts the busiest half-open window', () => {
    expect(maxInAnyWindow([], 10)).toBe(0);
    expect(maxInAnyWindow([0, 5, 9, 10, 11], 10)).toBe(4); // 5, 9, 10, 11
    expect(maxInAnyWindow([0, 10, 20], 10)).toBe(1);
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least 1', () => {
    expect(retryAfterSeconds(1)).toBe(1);
    expect(retryAfterSeconds(1000)).toBe(1);
    expect(retryAfterSeconds(1001)).toBe(2);
    expect(retryAfterSeconds(0)).toBe(1);
  });
});

describe('limits', () => {
  it('documented values match docs/workos-contract.md#rate-limits', () => {
    const l = effectiveLimits('documented');
    expect(l.writes).toEqual({ limit: 500, windowMs: 10_000 });
    expect(l.reads).toEqual({ limit: 1000, windowMs: 10_000 });
    expect(l.authenticatePerEmail).toEqual({ limit: 10, windowMs: 60_000 });
    expect(l.passwordResetPerEmail).toEqual({ limit: 3, windowMs: 60_000 });
  });
  it('scale divides windows and keeps counts', () => {
    const l = effectiveLimits({ scale: 10 });
    expect(l.writes).toEqual({ limit: 500, windowMs: 1000 });
    expect(l.enabled).toBe(true);
    expect(effectiveLimits('off').enabled).toBe(false);
  });
  it('parses the CLI flag', () => {
    expect(parseLimitsFlag('x20')).toEqual({ scale: 20 });
    expect(parseLimitsFlag('off')).toBe('off');
    expect(() => parseLimitsFlag('fast')).toThrow(/--limits/);
  });
});
