import type { Stopper } from '../workos/stopper.js';
import { BoundedQueue } from './async-queue.js';

export interface PassOptions<Item, Result> {
  /** Feeds items; `push` waits while the queue is full, so the feeder runs only as fast as the workers. */
  feed: (push: (item: Item) => Promise<boolean>) => Promise<void>;
  handle: (item: Item) => Promise<Result>;
  /** Called for every result, in completion order (journal writes, counters, progress). */
  record: (result: Result) => void;
  workers: number;
  stop: Stopper;
}

/**
 * A worker pass: one feeder, a bounded queue and N workers, stopping cleanly on Ctrl-C or a
 * fatal error. The import's send passes, and every later pass over journal rows (resets,
 * verification, undo), are this loop with another feeder and handler. An item already popped
 * is always handled to a result, so nothing is dropped half-done; items still queued when the
 * run stops are simply not started, and stay as the journal has them.
 */
export async function runPass<Item, Result>(options: PassOptions<Item, Result>): Promise<void> {
  const { stop } = options;
  const queue = new BoundedQueue<Item>(options.workers * 2);
  const offStop = stop.onStop(() => queue.clear());
  let fatal: unknown;
  const fail = (err: unknown): void => {
    fatal ??= err;
    stop.stop('failed');
  };
  const workers = Array.from({ length: options.workers }, async () => {
    for (;;) {
      const item = await queue.pop();
      if (item === undefined) return;
      try {
        options.record(await options.handle(item));
      } catch (err) {
        fail(err);
      }
    }
  });
  try {
    await options.feed(async (item) => {
      if (stop.stopped) return false;
      await queue.push(item);
      return !stop.stopped;
    });
  } catch (err) {
    fail(err);
  }
  queue.close();
  await Promise.all(workers);
  offStop();
  if (fatal) throw fatal;
}
