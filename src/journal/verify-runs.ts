import type Database from 'better-sqlite3';

/** One `verify` run as the journal keeps it: the verdict per check, never an offender's data. */
export interface VerifyRunRecord {
  checkedAt: string;
  /** The WorkOS base URL checked. */
  target: string;
  ok: boolean;
  checks: Array<{ id: string; status: 'PASS' | 'FAIL' | 'SKIP' }>;
}

/** The `verify_runs` table: cutover-check requires the newest one to have passed, recently. */
export class VerifyRuns {
  constructor(private readonly db: Database.Database) {}

  record(run: VerifyRunRecord): void {
    this.db
      .prepare('INSERT INTO verify_runs (checked_at, target, ok, checks) VALUES (?, ?, ?, ?)')
      .run(run.checkedAt, run.target, run.ok ? 1 : 0, JSON.stringify(run.checks));
  }

  last(): VerifyRunRecord | undefined {
    const r = this.db
      .prepare<[], { checked_at: string; target: string; ok: number; checks: string }>(
        'SELECT * FROM verify_runs ORDER BY id DESC LIMIT 1',
      )
      .get();
    if (!r) return undefined;
    return {
      checkedAt: r.checked_at,
      target: r.target,
      ok: r.ok === 1,
      checks: JSON.parse(r.checks) as VerifyRunRecord['checks'],
    };
  }
}
