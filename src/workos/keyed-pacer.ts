import { systemClock, type Clock } from './clock.js';
import type { Budget } from './limits.js';
import type { Stopper } from './stopper.js';

/**
 * Per-email (or per-user) budgets: authenticate 10/60 s, password reset 3/60 s, verification
 * send 3/60 s per email. Each key keeps its own sliding log of send times; a key whose log has
 * emptied is forgotten, so memory follows the keys in use within one window, not the user count.
 */
export class KeyedPacer<Name extends string> {
  private readonly logs = new Map<string, number[]>();
  private readonly holds = new Map<string, number>();
  private sinceSweep = 0;

  constructor(
    private readonly budgets: Record<Name, Budget>,
    private readonly clock: Clock = systemClock,
  ) {}

  budget(name: Name): Budget {
    return this.budgets[name];
  }

  /** Waits until one more request for `key` stays within `name`'s limit; false if the run stopped first. */
  async acquire(name: Name, key: string, stop: Stopper): Promise<boolean> {
    const id = `${name}\0${key.toLowerCase()}`;
    const { limit, windowMs } = this.budgets[name];
    for (;;) {
      if (stop.stopped) return false;
      const now = this.clock.now();
      const log = (this.logs.get(id) ?? []).filter((t) => t + windowMs > now);
      const heldUntil = this.holds.get(id) ?? 0;
      if (log.length < limit && heldUntil <= now) {
        log.push(now);
        this.logs.set(id, log);
        this.holds.delete(id);
        if (++this.sinceSweep >= 1024) this.sweep(now);
        return true;
      }
      this.logs.set(id, log);
      const wait = Math.max(heldUntil - now, log.length >= limit ? (log[0] as number) + windowMs - now : 0);
      await stop.sleep(Math.max(1, wait), (fn, ms) => this.clock.setTimer(fn, ms));
    }
  }

  /** WorkOS said 429 for this key: nothing more for it until Retry-After has passed. */
  hold(name: Name, key: string, ms: number): void {
    const id = `${name}\0${key.toLowerCase()}`;
    this.holds.set(id, Math.max(this.holds.get(id) ?? 0, this.clock.now() + ms));
  }

  /** Keys currently remembered (tests: memory must not grow with the number of users). */
  get size(): number {
    return this.logs.size;
  }

  /** Forgets keys whose whole log has left the window (no timers: they would keep the process alive). */
  private sweep(now: number): void {
    this.sinceSweep = 0;
    const longest = Math.max(...Object.values<Budget>(this.budgets).map((b) => b.windowMs));
    for (const [id, log] of this.logs) {
      if ((log.at(-1) ?? -Infinity) + longest <= now) this.logs.delete(id);
    }
    for (const [id, until] of this.holds) if (until <= now) this.holds.delete(id);
  }
}
