/**
 * Stops a run against a WorkOS that does not answer at all. Connection refused, reset or timed
 * out on request after request means retrying only piles up lookups and leaves rows `unknown`;
 * better to stop, leave what was never sent `pending`, and say how to resume. Any answer from
 * the server — even a 5xx — proves it is there and closes the streak.
 */
export interface BreakerOptions {
  /** Connection-level failures in a row before the breaker opens. */
  threshold: number;
  /** …and the streak must have lasted this long, so one burst of parallel failures is not enough. */
  minStreakMs: number;
  now?: () => number;
}

export const DEFAULT_BREAKER: BreakerOptions = { threshold: 8, minStreakMs: 2_000 };

export class CircuitBreaker {
  private streak = 0;
  private streakStartedAt = 0;
  private lastCode = '';
  private opened = false;
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions = DEFAULT_BREAKER) {
    this.now = options.now ?? Date.now;
  }

  get open(): boolean {
    return this.opened;
  }

  /** What the failures said, for the message: e.g. `ECONNREFUSED`, and how many in a row. */
  get lastFailure(): { code: string; streak: number } {
    return { code: this.lastCode, streak: this.streak };
  }

  /** The server answered (whatever it said). */
  answered(): void {
    this.streak = 0;
  }

  /** A request got no answer at all; returns true when this failure opened the breaker. */
  connectionFailed(code: string): boolean {
    if (this.opened) return false;
    if (this.streak === 0) this.streakStartedAt = this.now();
    this.streak++;
    this.lastCode = code;
    if (
      this.streak >= this.options.threshold &&
      this.now() - this.streakStartedAt >= this.options.minStreakMs
    ) {
      this.opened = true;
      return true;
    }
    return false;
  }
}
