import type Database from 'better-sqlite3';

/** A user whose WorkOS id belongs in the application's database. */
export interface WriteBackEntry {
  key: string;
  /** For messages: where the user stood in the source. */
  row: number;
  localId: string | null;
  email: string;
  workosId: string;
}

export interface WriteBackFailure {
  key: string;
  workosId: string;
  error: string;
}

/**
 * Which users had their WorkOS id written into the application's database, per target (a database
 * and statement). `done` is recorded only after the application's transaction committed, so the
 * journal never claims a write the database does not have; a failed row is tried again by the
 * next pass, and a user linked to another id since is written again.
 */
export class WriteBacks {
  private readonly statements;

  constructor(db: Database.Database) {
    this.statements = {
      pending: db.prepare<
        [string, number, string, number],
        { key: string; row: number; local_id: string | null; email: string; workos_id: string }
      >(
        `SELECT u.key, u.row, u.local_id, u.email, u.workos_id FROM users u
         LEFT JOIN write_backs w ON w.source_id = u.source_id AND w.target = ? AND w.key = u.key
         WHERE u.source_id = ? AND u.status IN ('created', 'linked') AND u.workos_id IS NOT NULL
           AND (w.key IS NULL OR w.status != 'done' OR w.workos_id != u.workos_id)
           AND u.key > ? ORDER BY u.key LIMIT ?`,
      ),
      isDone: db.prepare<[number, string, string, string], { n: number }>(
        `SELECT 1 AS n FROM write_backs
         WHERE source_id = ? AND target = ? AND key = ? AND workos_id = ? AND status = 'done'`,
      ),
      upsert: db.prepare(
        `INSERT INTO write_backs (source_id, target, key, workos_id, status, error, updated_at)
         VALUES (@sourceId, @target, @key, @workosId, @status, @error, @now)
         ON CONFLICT (source_id, target, key) DO UPDATE SET workos_id = excluded.workos_id,
           status = excluded.status, error = excluded.error, updated_at = excluded.updated_at`,
      ),
      counts: db.prepare<[number, string], { status: string; n: number }>(
        'SELECT status, COUNT(*) AS n FROM write_backs WHERE source_id = ? AND target = ? GROUP BY status',
      ),
    };
    this.record = db.transaction(
      (sourceId: number, target: string, status: 'done' | 'failed', rows: readonly WriteBackFailure[]) => {
        const now = new Date().toISOString();
        for (const r of rows)
          this.statements.upsert.run({
            sourceId,
            target,
            key: r.key,
            workosId: r.workosId,
            status,
            error: r.error || null,
            now,
          });
      },
    );
  }

  private readonly record: (
    sourceId: number,
    target: string,
    status: 'done' | 'failed',
    rows: readonly WriteBackFailure[],
  ) => void;

  /** Users in WorkOS whose id this target does not hold yet, a page at a time (writes may come between pages). */
  *pending(sourceId: number, target: string, pageSize = 1000): IterableIterator<WriteBackEntry> {
    let after = '';
    for (;;) {
      const page = this.statements.pending.all(target, sourceId, after, pageSize);
      for (const r of page)
        yield { key: r.key, row: r.row, localId: r.local_id, email: r.email, workosId: r.workos_id };
      if (page.length < pageSize) return;
      after = page.at(-1)?.key as string;
    }
  }

  isDone(sourceId: number, target: string, key: string, workosId: string): boolean {
    return this.statements.isDone.get(sourceId, target, key, workosId) !== undefined;
  }

  markDone(sourceId: number, target: string, rows: ReadonlyArray<{ key: string; workosId: string }>): void {
    if (rows.length)
      this.record(
        sourceId,
        target,
        'done',
        rows.map((r) => ({ ...r, error: '' })),
      );
  }

  markFailed(sourceId: number, target: string, rows: readonly WriteBackFailure[]): void {
    if (rows.length) this.record(sourceId, target, 'failed', rows);
  }

  counts(sourceId: number, target: string): { done: number; failed: number } {
    const out = { done: 0, failed: 0 };
    for (const r of this.statements.counts.all(sourceId, target))
      if (r.status === 'done' || r.status === 'failed') out[r.status] = r.n;
    return out;
  }
}
