import type Database from 'better-sqlite3';

/** What one second of a run sent and got back (the run_seconds table). */
export interface RunSecond {
  /** Seconds since the run's first recorded second. */
  second: number;
  /** Write requests that left (attempts, retries included). */
  writes: number;
  /** Users created (outcome `created`) in that second. */
  created: number;
  /** Answers that were 429. */
  rateLimited: number;
  /** Backed-off retries after a 5xx or a network failure. */
  retries: number;
}

/**
 * Per-second request counts of a run, the import report's charts. One small row per second, so a
 * 200,000-user import adds a few hundred rows; the recorder batches them (one write per second).
 */
export class RunSeconds {
  constructor(private readonly db: Database.Database) {}

  /** Adds to the counts of these wall-clock seconds (unix seconds): a second may be written twice. */
  add(runId: number, buckets: ReadonlyArray<Omit<RunSecond, 'second'> & { unixSecond: number }>): void {
    const stmt = this.db.prepare(
      `INSERT INTO run_seconds (run_id, second, writes, created, rate_limited, retries)
       VALUES (@runId, @unixSecond, @writes, @created, @rateLimited, @retries)
       ON CONFLICT(run_id, second) DO UPDATE SET writes = writes + excluded.writes,
         created = created + excluded.created, rate_limited = rate_limited + excluded.rate_limited,
         retries = retries + excluded.retries`,
    );
    this.db.transaction(() => {
      for (const b of buckets) stmt.run({ runId, ...b });
    })();
  }

  /** The run's seconds in order, counted from its first; seconds without a request are filled with zeros. */
  of(runId: number): RunSecond[] {
    const rows = this.db
      .prepare<
        [number],
        { second: number; writes: number; created: number; rate_limited: number; retries: number }
      >('SELECT * FROM run_seconds WHERE run_id = ? ORDER BY second')
      .all(runId);
    if (rows.length === 0) return [];
    const first = rows[0]!.second;
    const out: RunSecond[] = [];
    for (const r of rows) {
      while (out.length < r.second - first)
        out.push({ second: out.length, writes: 0, created: 0, rateLimited: 0, retries: 0 });
      out.push({
        second: r.second - first,
        writes: r.writes,
        created: r.created,
        rateLimited: r.rate_limited,
        retries: r.retries,
      });
    }
    return out;
  }
}
