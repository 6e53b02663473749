/**
 * A sliding-window log: the timestamps of accepted requests. A request at time t is admitted when
 * fewer than `limit` accepted requests have timestamps in (t - windowMs, t]. Rejected requests are
 * not logged, so a client hammering a full window does not push its own reopening further away.
 */
export class SlidingWindow {
  private log: number[] = [];
  private head = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private trim(now: number): void {
    while (this.head < this.log.length && (this.log[this.head] as number) <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.log.length) {
      this.log = this.log.slice(this.head);
      this.head = 0;
    }
  }

  /** How many accepted requests are inside the window ending at `now`. */
  count(now: number): number {
    this.trim(now);
    return this.log.length - this.head;
  }

  /** 0 when a request at `now` would be admitted; otherwise milliseconds until it would be. */
  waitMs(now: number): number {
    const n = this.count(now);
    if (n < this.limit) return 0;
    // The window admits again when the entry that keeps it full falls out of it.
    const blocking = this.log[this.log.length - this.limit] as number;
    return blocking + this.windowMs - now;
  }

  record(now: number): void {
    this.log.push(now);
  }
}

/** Per-key windows (per email, per user) that forget keys whose windows have emptied. */
export class KeyedSlidingWindows {
  private windows = new Map<string, SlidingWindow>();

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  get(key: string): SlidingWindow {
    let w = this.windows.get(key);
    if (!w) {
      w = new SlidingWindow(this.limit, this.windowMs);
      this.windows.set(key, w);
      if (this.windows.size > 10_000) this.sweep(Date.now());
    }
    return w;
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) if (w.count(now) === 0) this.windows.delete(k);
  }
}

/** Retry-After in whole seconds, rounded up and at least 1 (the SDK parses it with Number()). */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/**
 * The largest number of timestamps inside any window of `windowMs` (half-open, like the limiter:
 * two events exactly `windowMs` apart are never in the same window). Timestamps must be sorted.
 */
export function maxInAnyWindow(sortedTimestamps: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sortedTimestamps.length; end++) {
    const t = sortedTimestamps[end] as number;
    while ((sortedTimestamps[start] as number) <= t - windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
