import { systemClock, type Clock } from './clock.js';
import type { Budget } from './limits.js';
import type { Stopper } from './stopper.js';

/**
 * One admitted request. WorkOS counts a request when it arrives, which is after the slot was
 * taken (the shared budgets may keep it waiting): `done` on the answer moves the slot's time to
 * then, so the slot is reused one window after WorkOS surely counted it, never early.
 */
export interface KeyedSlot {
  done(): void;
}

/**
 * Per-email (or per-user, or per-key) budgets: authenticate 10/60 s, password reset 3/60 s,
 * verification send 3/60 s per email, organization deletes 50/60 s per API key. Each key keeps its
 * own sliding log of send times; a key whose log has emptied is forgotten, so memory follows the
 * keys in use within one window, not the user count.
 */
export class KeyedPacer<Name extends string> {
  private readonly logs = new Map<string, Array<{ at: number }>>();
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
  async acquire(name: Name, key: string, stop: Stopper): Promise<KeyedSlot | false> {
    const id = `${name}\0${key.toLowerCase()}`;
    const { limit, windowMs } = this.budgets[name];
    for (;;) {
      if (stop.stopped) return false;
      const now = this.clock.now();
      const log = (this.logs.get(id) ?? []).filter((e) => e.at + windowMs > now);
      const heldUntil = this.holds.get(id) ?? 0;
      if (log.length < limit && heldUntil <= now) {
        const entry = { at: now };
        log.push(entry);
        this.logs.set(id, log);
        this.holds.delete(id);
        if (++this.sinceSweep >= 1024) this.sweep(now);
        return { done: () => void (entry.at = Math.max(entry.at, this.clock.now())) };
      }
      this.logs.set(id, log);
      const oldest = Math.min(...log.map((e) => e.at));
      const wait = Math.max(heldUntil - now, log.length >= limit ? oldest + windowMs - now : 0);
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
      if (Math.max(-Infinity, ...log.map((e) => e.at)) + longest <= now) this.logs.delete(id);
    }
    for (const [id, until] of this.holds) if (until <= now) this.holds.delete(id);
  }
}
