import { systemClock, type Clock } from './clock.js';
import type { Budget } from './limits.js';

export type { Budget } from './limits.js';
export { parseBudget, parseRate } from './limits.js';

export interface PacerOptions {
  /** Share of each limit to use (0..1]; 1 for a frozen application, less to leave a live one headroom. */
  share: number;
  clock?: Clock;
  /** Lowest share a run of 429s can push the pacer down to, as a fraction of `share`. */
  floor?: number;
  /**
   * Added to every window. Send times are logged when the answer arrives (a request is in the
   * server's window from its arrival, which lies between our send and its answer), so only the
   * millisecond rounding of the server's clock needs covering.
   */
  guardMs?: number;
}

interface BudgetState {
  name: string;
  budget: Budget;
  /** Answer times inside the window, oldest first (answers are logged as they come, so in order). */
  log: number[];
  head: number;
  /** Requests sent and not yet answered: they count, wherever they land in the server's window. */
  open: number;
  /** Earliest time the next request is due when sends are spread evenly (GCRA's theoretical arrival time). */
  due: number;
}

interface Waiter {
  names: string[];
  resolve: (ticket: PacerTicket) => void;
}

/** Proof that a request may go; call `done()` when its answer (or failure) arrives. */
export interface PacerTicket {
  done(): void;
}

/**
 * Sliding-log pacer over several budgets (writes, reads, the general per-IP limit). A request
 * starts only when every budget it draws on stays at or under limit × share over its window.
 * 429s pause everything for Retry-After and lower the share; quiet windows bring it back.
 */
export class Pacer {
  private readonly clock: Clock;
  private readonly budgets = new Map<string, BudgetState>();
  private readonly waiters: Waiter[] = [];
  private readonly baseShare: number;
  private readonly floorShare: number;
  private readonly guardMs: number;
  private currentShare: number;
  private pausedUntil = 0;
  private lastRateLimitAt = -Infinity;
  private lastRecoveryAt = 0;
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;

  constructor(budgets: Record<string, Budget>, options: PacerOptions) {
    if (!(options.share > 0 && options.share <= 1)) throw new Error('pacer share must be in (0, 1]');
    this.clock = options.clock ?? systemClock;
    this.baseShare = options.share;
    this.currentShare = options.share;
    this.floorShare = options.share * (options.floor ?? 0.25);
    this.guardMs = options.guardMs ?? 2;
    for (const [name, budget] of Object.entries(budgets)) {
      this.budgets.set(name, { name, budget, log: [], head: 0, open: 0, due: -Infinity });
    }
    this.lastRecoveryAt = this.clock.now();
  }

  get share(): number {
    return this.currentShare;
  }

  /** The number of requests each budget lets through per window at the current share. */
  allowance(name: string): number {
    const state = this.state(name);
    return Math.max(1, Math.floor(state.budget.limit * this.currentShare));
  }

  /** Sustained requests per second the named budget allows right now. */
  ratePerSecond(name: string): number {
    return (this.allowance(name) * 1000) / (this.state(name).budget.windowMs + this.guardMs);
  }

  /** Waits until a request drawing on every named budget may start. */
  acquire(names: readonly string[]): Promise<PacerTicket> {
    for (const n of names) this.state(n);
    return new Promise((resolve) => {
      this.waiters.push({ names: [...names], resolve });
      this.pump();
    });
  }

  /** How many callers are waiting for a slot. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** A 429 arrived: stop everything until Retry-After (or `fallbackMs`) and slow down. */
  onRateLimited(retryAfterMs: number | null, fallbackMs: number): void {
    const now = this.clock.now();
    const wait =
      retryAfterMs !== null && Number.isFinite(retryAfterMs) && retryAfterMs >= 0 ? retryAfterMs : fallbackMs;
    this.pausedUntil = Math.max(this.pausedUntil, now + wait);
    // One lowering per burst of 429s: answers to requests sent together arrive together.
    if (now - this.lastRateLimitAt > 1000)
      this.currentShare = Math.max(this.floorShare, this.currentShare * 0.85);
    this.lastRateLimitAt = now;
    this.lastRecoveryAt = now;
    this.pump();
  }

  private state(name: string): BudgetState {
    const state = this.budgets.get(name);
    if (!state) throw new Error(`pacer has no budget named ${name}`);
    return state;
  }

  /**
   * When a logged answer stops counting. Pruning and wake-ups both use this one expression, so
   * float rounding can never leave an entry counted yet "already expired" (a wake-up loop).
   */
  private expiry(state: BudgetState, at: number): number {
    return at + state.budget.windowMs + this.guardMs + 1;
  }

  private inWindow(state: BudgetState, now: number): number {
    while (state.head < state.log.length && this.expiry(state, state.log[state.head] as number) <= now) {
      state.head++;
    }
    if (state.head > 1024 && state.head * 2 > state.log.length) {
      state.log = state.log.slice(state.head);
      state.head = 0;
    }
    return state.log.length - state.head + state.open;
  }

  /**
   * Sends are spread evenly over the window rather than fired in one burst per window: a burst
   * queues at the server, the answers come late, and every late answer pushes its slot's next
   * turn back by that much (the log keys on answer times). Spread out, answers come fast and
   * the allowance is used almost fully.
   */
  private spacing(state: BudgetState): number {
    return (state.budget.windowMs + this.guardMs) / this.allowance(state.name);
  }

  /** A few sends may go together, so coarse timers (1 ms) do not cap the rate of fast budgets. */
  private tolerance(state: BudgetState): number {
    return this.spacing(state) * 8;
  }

  /** When the oldest logged answer leaves the window, or Infinity if only open requests fill it. */
  private nextExpiry(state: BudgetState): number {
    const oldest = state.log[state.head];
    return oldest === undefined ? Infinity : this.expiry(state, oldest);
  }

  private recover(now: number): void {
    if (this.currentShare >= this.baseShare) return;
    const longest = Math.max(...[...this.budgets.values()].map((s) => s.budget.windowMs));
    if (now - this.lastRecoveryAt >= longest) {
      this.currentShare = Math.min(this.baseShare, this.currentShare + this.baseShare * 0.05);
      this.lastRecoveryAt = now;
    }
  }

  private pump(): void {
    const now = this.clock.now();
    this.recover(now);
    let wakeAt = Infinity;
    if (now < this.pausedUntil) {
      wakeAt = this.pausedUntil;
    } else {
      for (let i = 0; i < this.waiters.length;) {
        const waiter = this.waiters[i] as Waiter;
        const states = waiter.names.map((n) => this.state(n));
        const full = states.filter((s) => this.inWindow(s, now) >= this.allowance(s.name));
        // Sub-millisecond leftovers of float arithmetic must not count as "early": a wake-up a
        // rounding error away would fire, find the same state, and reschedule itself forever.
        const early = states.filter((s) => s.due - this.tolerance(s) - now > 0.01);
        if (full.length === 0 && early.length === 0) {
          this.waiters.splice(i, 1);
          for (const s of states) {
            s.open++;
            s.due = Math.max(s.due, now) + this.spacing(s);
          }
          waiter.resolve(this.ticket(states));
          continue;
        }
        for (const s of full) wakeAt = Math.min(wakeAt, this.nextExpiry(s));
        for (const s of early) wakeAt = Math.min(wakeAt, s.due - this.tolerance(s));
        i++;
      }
    }
    if (this.waiters.length > 0 && wakeAt < Infinity) this.schedule(wakeAt, now);
  }

  private ticket(states: BudgetState[]): PacerTicket {
    let finished = false;
    return {
      done: () => {
        if (finished) return;
        finished = true;
        const at = this.clock.now();
        for (const s of states) {
          s.open--;
          s.log.push(at);
        }
        this.pump();
      },
    };
  }

  private schedule(at: number, now: number): void {
    if (this.cancelTimer && this.timerAt <= at) return;
    this.cancelTimer?.();
    this.timerAt = at;
    this.cancelTimer = this.clock.setTimer(() => {
      this.cancelTimer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, at - now);
  }
}
