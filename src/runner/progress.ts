import type { RequestStats } from '../workos/paced-call.js';

export interface PassProgress {
  phase: string;
  done: number;
  total: number;
  usersPerSecond: number;
  rateLimited: number;
  etaSeconds: number | null;
}

/** Progress of one pass after another, throttled to five updates a second. */
export function progressReporter(onProgress: ((p: PassProgress) => void) | undefined, stats: RequestStats) {
  let phase = '';
  let total = 0;
  let done = 0;
  let startedAt = 0;
  let last = 0;
  const emit = (force: boolean): void => {
    if (!onProgress) return;
    const now = Date.now();
    if (!force && now - last < 200) return;
    last = now;
    const elapsed = (now - startedAt) / 1000;
    const usersPerSecond = elapsed > 0 ? done / elapsed : 0;
    onProgress({
      phase,
      done,
      total,
      usersPerSecond,
      rateLimited: stats.rateLimited,
      etaSeconds: usersPerSecond > 0 ? (total - done) / usersPerSecond : null,
    });
  };
  return {
    start(p: string, t: number) {
      phase = p;
      total = t;
      done = 0;
      startedAt = Date.now();
      emit(true);
    },
    tick() {
      done++;
      emit(false);
    },
    stop() {
      emit(true);
    },
  };
}

export type ProgressReporter = ReturnType<typeof progressReporter>;
