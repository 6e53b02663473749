import type { Journal } from '../journal/journal.js';
import type { RequestStats } from '../workos/paced-call.js';

/**
 * Writes a run's request counts per wall-clock second to the journal (run_seconds), for the
 * import report's charts of the rate and the 429s over time. Sampled at each second boundary as
 * differences of the run's counters, so the requests themselves pay nothing; one small
 * transaction per second.
 */
export function recordRunSeconds(
  journal: Journal,
  runId: number,
  stats: RequestStats,
  created: () => number,
): { stop: () => void } {
  let last = {
    writes: stats.writes,
    rateLimited: stats.rateLimited,
    retries: stats.retries,
    created: created(),
  };
  let timer: NodeJS.Timeout | undefined;
  const sample = (unixSecond: number): void => {
    const now = {
      writes: stats.writes,
      rateLimited: stats.rateLimited,
      retries: stats.retries,
      created: created(),
    };
    const delta = {
      unixSecond,
      writes: now.writes - last.writes,
      created: now.created - last.created,
      rateLimited: now.rateLimited - last.rateLimited,
      retries: now.retries - last.retries,
    };
    last = now;
    journal.seconds.add(runId, [delta]);
  };
  const schedule = (): void => {
    const ms = Date.now();
    timer = setTimeout(
      () => {
        // The second that just ended: the timer fires a few ms after its boundary.
        sample(Math.floor(Date.now() / 1000) - 1);
        schedule();
      },
      1000 - (ms % 1000) + 5,
    );
    timer.unref();
  };
  schedule();
  return {
    stop() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      // The part of the current second since the last boundary.
      sample(Math.floor(Date.now() / 1000));
    },
  };
}
