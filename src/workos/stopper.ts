/**
 * A run's stop switch: Ctrl-C, a fatal error or an open circuit breaker flip it, and everything
 * waiting (a pacer slot, a backoff sleep) wakes at once. One listener on the caller's AbortSignal
 * however many workers wait — an AbortSignal with a listener per sleeping worker trips Node's
 * MaxListenersExceededWarning at the eleventh.
 */
export class Stopper {
  private readonly callbacks = new Set<() => void>();
  private why: string | undefined;

  constructor(signal?: AbortSignal) {
    if (signal?.aborted) this.stop('interrupted');
    else signal?.addEventListener('abort', () => this.stop('interrupted'), { once: true });
  }

  get stopped(): boolean {
    return this.why !== undefined;
  }

  /** Why the run stopped, once it has: `interrupted` for Ctrl-C, else what the stopper was told. */
  get reason(): string | undefined {
    return this.why;
  }

  stop(reason: string): void {
    if (this.why !== undefined) return;
    this.why = reason;
    for (const cb of [...this.callbacks]) cb();
    this.callbacks.clear();
  }

  /** Calls `cb` once when the run stops (at once if it has); returns the unsubscribe. */
  onStop(cb: () => void): () => void {
    if (this.stopped) {
      cb();
      return () => undefined;
    }
    this.callbacks.add(cb);
    return () => this.callbacks.delete(cb);
  }

  /** Resolves after `ms`, or as soon as the run stops. */
  sleep(ms: number, setTimer: (fn: () => void, ms: number) => () => void): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve();
      let off = (): boolean => false;
      const cancel = setTimer(() => {
        off();
        resolve();
      }, ms);
      off = this.onStop(() => {
        cancel();
        resolve();
      }) as () => boolean;
    });
  }

  /** The value of `wait`, or null if the run stops first (then `onLate` gets the value when it comes). */
  async race<T>(wait: Promise<T>, onLate: (value: T) => void): Promise<T | null> {
    if (this.stopped) {
      void wait.then(onLate);
      return null;
    }
    let off: () => unknown = () => undefined;
    const stopped = new Promise<null>((resolve) => {
      off = this.onStop(() => resolve(null));
    });
    const winner = await Promise.race([wait.then((v) => ({ v })), stopped]);
    off();
    if (winner === null) {
      void wait.then(onLate);
      return null;
    }
    return winner.v;
  }
}
