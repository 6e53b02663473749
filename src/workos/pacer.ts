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

/*
 * What a 429 means, and what the pacer does about it.
 *
 * A 429 from a sliding-window limiter says "when this request arrived, the window held `limit`
 * requests". Our own log says how many of those were ours (n, our answers in the window less our
 * own 429s), so the rest (limit − n) belongs to someone else: the live application sharing the
 * budget under strategy B. That turns a 429 into a measurement of what is left for us: n ÷ limit.
 *
 * But a 429 may also say nothing about the window (a proxy, a hiccup, a fault rule: "sporadic"),
 * and one 429 cannot tell which it is: we rarely send at exactly our allowance (timers run late,
 * workers sleep in backoff), so a low n is no proof either. What tells them apart is density.
 * Once a window is full, the server refuses everything beyond what it admits, so the refusals come
 * together (all of them when a competitor appears, while we are still at full speed); sporadic
 * ones come one at a time, at a small steady rate. So:
 *
 *  - DENSE_429S among our last DENSE_OF answers: the window is full. The share drops straight to
 *    n ÷ limit less a margin: one step to the remainder instead of a string of ×0.85 steps that
 *    each cost more 429s. At most one drop per window: the 429s of requests that were in flight
 *    together say the same thing.
 *  - Otherwise, if we were probing (share above the last level that went a window without a 429)
 *    and this window has more 429s than that level's sporadic ones, the probe found the edge:
 *    back to that level.
 *  - Otherwise the 429 is sporadic and ignored: it costs one request's Retry-After, nothing more.
 *
 * After a drop the share holds for HOLD_WINDOWS, then probes upward one window at a time: in small
 * steps up to just past the last measured remainder, so staying converged on a steady competitor
 * costs a 429 or two per probe; beyond it each clean window doubles the step, so the full share is
 * back within a few windows once the competitor (or a burst of 429s) is gone.
 *
 * No 429 pauses everybody: the limited request waits its own Retry-After (the returned delay).
 * When the window really is full, the lowered allowance already stops new sends until enough of
 * our logged answers leave it. A global pause per sporadic 429 is what collapsed throughput: at 1%
 * of 50 writes/s, one 429 every 2 s, each stopping every worker for its 1 s Retry-After.
 */

/**
 * A window counts as full after 4 429s among our last 20 answers. Sporadic 429s at 2% (the worst
 * rate we design for) do that with probability ≈ 6e-4 per 429, about once in 180 windows at 500
 * requests a window, and a false drop is cheap: n is then close to our allowance.
 */
const DENSE_429S = 4;
const DENSE_OF = 20;
/** The step down for a full window seen before a whole window of our own sending can measure it. */
const UNMEASURED_STEP = 0.85;
/** Headroom left under a measured remainder: a steady competitor's count still wobbles by a few requests (5 of 500). */
const MARGIN = 0.01;
/** Windows to stay at a lowered share before probing upward: one to settle, one to confirm. */
const HOLD_WINDOWS = 2;
/** First upward probe (share of the limit); doubles every clean window. */
const FIRST_STEP = 0.02;

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
  /** Share of this limit in use now; lowered by 429s that show a full window, raised by probes. */
  share: number;
  /** The highest share known to have gone a whole window without a 429 (where a failed probe returns). */
  good: number;
  /** When the next upward probe may start (a hold after each lowering, one window between probes). */
  probeAt: number;
  step: number;
  /** The remainder measured at the last drop: probes stay small up to just past it. */
  measured: number;
  /** When the share was last lowered on evidence of a full window: one lowering per window. */
  loweredAt: number;
  /** Times of our 429s inside the window (they are in `log` too, but not in the server's window). */
  limited: number[];
  /** When we first sent: before a whole window of our own sending, our count measures nothing. */
  firstSendAt: number;
  /** Our 429s in the window before the current probe: sporadic ones at the known-good level. */
  baseline429: number;
  /** Answers so far, and the answer numbers of the latest DENSE_429S 429s (for their density). */
  answered: number;
  recent429: number[];
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
 * 429s that show a full window lower that budget's share to what is left of it; probes bring it
 * back (see the note above the constants).
 */
export class Pacer {
  private readonly clock: Clock;
  private readonly budgets = new Map<string, BudgetState>();
  private readonly waiters: Waiter[] = [];
  private readonly baseShare: number;
  private readonly floorShare: number;
  private readonly guardMs: number;
  private cancelTimer: (() => void) | undefined;
  private timerAt = Infinity;

  constructor(budgets: Record<string, Budget>, options: PacerOptions) {
    if (!(options.share > 0 && options.share <= 1)) throw new Error('pacer share must be in (0, 1]');
    this.clock = options.clock ?? systemClock;
    this.baseShare = options.share;
    this.floorShare = options.share * (options.floor ?? 0.25);
    this.guardMs = options.guardMs ?? 2;
    for (const [name, budget] of Object.entries(budgets)) {
      this.budgets.set(name, {
        name,
        budget,
        log: [],
        head: 0,
        open: 0,
        due: -Infinity,
        share: options.share,
        good: options.share,
        probeAt: Infinity,
        step: FIRST_STEP,
        measured: 0,
        loweredAt: -Infinity,
        limited: [],
        firstSendAt: Infinity,
        baseline429: 0,
        answered: 0,
        recent429: [],
      });
    }
  }

  /** The lowest share in force over the budgets (each budget is lowered and recovers on its own). */
  get share(): number {
    return Math.min(...[...this.budgets.values()].map((s) => s.share));
  }

  /** The share in force for one budget. */
  shareOf(name: string): number {
    return this.state(name).share;
  }

  /** The number of requests each budget lets through per window at the current share. */
  allowance(name: string): number {
    const state = this.state(name);
    return Math.max(1, Math.floor(state.budget.limit * state.share));
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

  /**
   * A request drawing on `names` (all budgets if omitted) was answered 429, and its ticket is
   * done. Returns how long that request must wait before it is retried — Retry-After, or
   * `fallbackMs` when the answer had none; other requests carry on. Lowers the share of the
   * budget the 429 most likely came from when the 429 shows that budget's window is full.
   */
  onRateLimited(retryAfterMs: number | null, fallbackMs: number, names?: readonly string[]): number {
    const now = this.clock.now();
    const wait =
      retryAfterMs !== null && Number.isFinite(retryAfterMs) && retryAfterMs >= 0 ? retryAfterMs : fallbackMs;
    const candidates = (names ?? [...this.budgets.keys()]).map((n) => this.state(n));
    // The server does not say which limit refused. The one holding our callers back is the
    // likeliest; failing that, the one we press hardest.
    let state = candidates.find((s) => this.binding(s, now));
    let pressure = -Infinity;
    if (!state)
      for (const s of candidates) {
        const p = this.inWindow(s, now) / this.allowance(s.name);
        if (p > pressure) [state, pressure] = [s, p];
      }
    if (!state) return wait;
    state.limited.push(now);
    state.recent429.push(state.answered);
    if (state.recent429.length > DENSE_429S) state.recent429.shift();
    const full =
      state.recent429.length >= DENSE_429S && (state.recent429[0] as number) > state.answered - DENSE_OF;
    if (full) {
      // One lowering per window: the 429s of requests that were in flight together say the same thing.
      if (now - state.loweredAt >= state.budget.windowMs) {
        // Within our first window, our count is low because we just started, not because someone
        // else holds the rest: step down as of old, and measure once a whole window is behind us.
        const measurable = now - state.firstSendAt >= state.budget.windowMs;
        const remainder = measurable
          ? (this.inWindow(state, now) - this.limitedInWindow(state, now)) / state.budget.limit
          : state.share * UNMEASURED_STEP;
        state.measured = remainder;
        state.share = Math.max(this.floorShare, Math.min(state.share, remainder - MARGIN));
        state.loweredAt = now;
        this.hold(state, now);
      }
    } else if (state.share > state.good && this.limitedInWindow(state, now) > state.baseline429) {
      // A probe found the edge of the remainder: back to the last level that held for a window.
      // Only 429s beyond the known-good level's sporadic ones count, or a steady trickle of
      // sporadic 429s would turn back every probe and pin the share wherever it last dropped.
      state.share = state.good;
      this.hold(state, now);
    }
    this.pump();
    return wait;
  }

  /** Whether this budget is what holds a waiting caller back right now (full, or spacing sends). */
  private binding(state: BudgetState, now: number): boolean {
    if (!this.waiters.some((w) => w.names.includes(state.name))) return false;
    return (
      this.inWindow(state, now) >= this.allowance(state.name) ||
      state.due - this.tolerance(state) - now > 0.01
    );
  }

  private hold(state: BudgetState, now: number): void {
    state.good = state.share;
    state.step = FIRST_STEP;
    state.probeAt = now + HOLD_WINDOWS * state.budget.windowMs;
  }

  private limitedInWindow(state: BudgetState, now: number): number {
    const cutoff = now - state.budget.windowMs - this.guardMs;
    while (state.limited.length > 0 && (state.limited[0] as number) <= cutoff) state.limited.shift();
    return state.limited.length;
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

  /** Raises lowered shares one probe per window; a window that passed without a 429 is the new known-good. */
  private recover(now: number): void {
    for (const s of this.budgets.values()) {
      if (s.share >= this.baseShare || now < s.probeAt) continue;
      s.good = s.share;
      s.baseline429 = this.limitedInWindow(s, now);
      s.share = Math.min(this.baseShare, s.share + s.step);
      if (s.share > s.measured + FIRST_STEP) s.step *= 2;
      s.probeAt = s.share >= this.baseShare ? Infinity : now + s.budget.windowMs;
    }
  }

  private pump(): void {
    const now = this.clock.now();
    this.recover(now);
    let wakeAt = Infinity;
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
          s.firstSendAt = Math.min(s.firstSendAt, now);
        }
        waiter.resolve(this.ticket(states));
        continue;
      }
      for (const s of full) wakeAt = Math.min(wakeAt, this.nextExpiry(s));
      for (const s of early) wakeAt = Math.min(wakeAt, s.due - this.tolerance(s));
      i++;
    }
    // A probe due while callers wait raises the allowance: wake for it too.
    if (this.waiters.length > 0)
      for (const s of this.budgets.values()) if (s.probeAt > now) wakeAt = Math.min(wakeAt, s.probeAt);
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
          s.answered++;
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
