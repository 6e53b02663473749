import { describe, expect, it } from 'vitest';
import { backoffDelay, decideTransient, DEFAULT_RETRY_POLICY, retryAfterMs } from './retry-policy.js';

describe('retry policy', () => {
  it('backs off exponentially with jitter inside [half, full] of the step, capped', () => {
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, p, () => 0)).toBe(50);
    expect(backoffDelay(1, p, () => 1)).toBe(100);
    expect(backoffDelay(3, p, () => 0)).toBe(200);
    expect(backoffDelay(3, p, () => 1)).toBe(400);
    expect(backoffDelay(10, p, () => 1)).toBe(1000);
    const samples = Array.from({ length: 50 }, () => backoffDelay(2, p));
    expect(new Set(samples).size).toBeGreaterThan(1);
  });

  it('gives up after maxAttempts', () => {
    const p = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
    expect(decideTransient(1, p).retry).toBe(true);
    expect(decideTransient(2, p).retry).toBe(true);
    expect(decideTransient(3, p)).toEqual({ retry: false });
  });

  it('turns Retry-After seconds into ms and rejects what is not a number', () => {
    expect(retryAfterMs(2)).toBe(2000);
    expect(retryAfterMs(0)).toBe(0);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs(Number.NaN)).toBeNull();
    expect(retryAfterMs(-1)).toBeNull();
  });
});
