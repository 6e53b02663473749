import type { Queryable } from '../dualwrite/database.js';
import type { WriteBackEntry, WriteBackFailure } from '../journal/write-backs.js';
import { bindValues, inlineStatement, type WriteBackStatement } from './template.js';

/** Where a batch's outcome goes once the application's transaction has committed (the journal). */
export interface WriteBackLedger {
  done(rows: readonly WriteBackEntry[]): void;
  failed(rows: readonly WriteBackFailure[]): void;
}

export interface WriteBackTotals {
  written: number;
  failed: number;
  /** The first failures, for the summary (every one is in the journal). */
  failures: Array<{ key: string; row: number; localId: string | null; email: string; error: string }>;
}

/** A database that runs a function inside one transaction (dualwrite/database.ts's handle). */
export interface TransactionalDb {
  transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
}

const KEPT_FAILURES = 20;
/** Statements per round trip: a few tens of kilobytes of SQL text. */
const SCRIPT = 250;

/**
 * Writes WorkOS ids into the application's database N users per transaction, in the order their
 * outcomes arrive, one batch at a time. A batch that fails is retried user by user, so one bad row
 * (a constraint, a type error) is reported with its reason and the others still land.
 */
export class WriteBackBatcher {
  readonly totals: WriteBackTotals = { written: 0, failed: 0, failures: [] };
  private buffer: WriteBackEntry[] = [];
  private chain: Promise<void> = Promise.resolve();
  private error: unknown;

  constructor(
    private readonly db: TransactionalDb,
    private readonly statement: WriteBackStatement,
    private readonly ledger: WriteBackLedger,
    private readonly batchSize: number,
    private readonly clean: (message: string) => string,
  ) {}

  /** Queues one user; a full batch starts its transaction behind the previous one. */
  add(entry: WriteBackEntry): void {
    this.buffer.push(entry);
    if (this.buffer.length >= this.batchSize) this.flush();
  }

  flush(): Promise<void> {
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length) {
      this.chain = this.chain
        .then(() => this.write(batch))
        .catch((err: unknown) => void (this.error ??= err));
    }
    return this.chain;
  }

  /** Writes what is queued and waits for every batch; rethrows what stopped the database. */
  async drain(): Promise<WriteBackTotals> {
    await this.flush();
    if (this.error) throw this.error;
    return this.totals;
  }

  private async write(batch: WriteBackEntry[]): Promise<void> {
    const usable: WriteBackEntry[] = [];
    const failures: WriteBackFailure[] = [];
    for (const e of batch) {
      const why = this.unusable(e);
      if (why) failures.push({ key: e.key, workosId: e.workosId, error: why });
      else usable.push(e);
    }
    let missed: WriteBackEntry[];
    try {
      missed = await this.db.transaction((q) => this.writeAll(q, usable));
    } catch {
      // One statement failed and took the transaction with it: find which, one user at a time.
      missed = [];
      for (const e of usable) {
        try {
          const n = await this.db.transaction((q) => q.run(this.statement.sql, this.values(e)));
          if (n === 0) missed.push(e);
        } catch (err) {
          failures.push({ key: e.key, workosId: e.workosId, error: this.clean((err as Error).message) });
        }
      }
    }
    for (const e of missed)
      failures.push({
        key: e.key,
        workosId: e.workosId,
        error: `no row matched (${this.statement.params.includes('local_id') ? `local id ${e.localId}` : `email ${e.email}`})`,
      });
    const failedKeys = new Set(failures.map((f) => f.key));
    const done = batch.filter((e) => !failedKeys.has(e.key));
    // The application's transaction committed before the journal hears of it. A kill between the
    // two leaves these users unmarked, and the next pass writes them again: harmless for the
    // statement a write-back is (SET workos_user_id = :workos_id is idempotent), and the only
    // order that never marks as written a row the database does not have.
    this.ledger.done(done);
    this.ledger.failed(failures);
    this.totals.written += done.length;
    this.totals.failed += failures.length;
    const byKey = new Map(batch.map((e) => [e.key, e]));
    for (const f of failures) {
      if (this.totals.failures.length >= KEPT_FAILURES) break;
      if (this.totals.failures.some((k) => k.key === f.key)) continue;
      const e = byKey.get(f.key) as WriteBackEntry;
      this.totals.failures.push({
        key: e.key,
        row: e.row,
        localId: e.localId,
        email: e.email,
        error: f.error,
      });
    }
  }

  /**
   * Every user of a batch in one transaction, the users whose values allow it in scripts of up to
   * SCRIPT statements: one round trip each instead of one per user, which matters because the
   * import's event loop is busy and every round trip waits for a turn of it. Returns the users
   * no row matched.
   */
  private async writeAll(q: Queryable, entries: readonly WriteBackEntry[]): Promise<WriteBackEntry[]> {
    const none: WriteBackEntry[] = [];
    const bound: WriteBackEntry[] = [];
    let script: Array<{ e: WriteBackEntry; sql: string }> = [];
    const send = async (): Promise<void> => {
      if (!script.length || !q.script) return;
      const counts = await q.script(script.map((s) => s.sql).join(';\n'));
      script.forEach((s, k) => {
        if (!counts[k]) none.push(s.e);
      });
      script = [];
    };
    for (const e of entries) {
      const sql = q.script ? inlineStatement(this.statement, this.named(e)) : undefined;
      if (sql === undefined) bound.push(e);
      else script.push({ e, sql });
      if (script.length >= SCRIPT) await send();
    }
    await send();
    for (const e of bound) if ((await q.run(this.statement.sql, this.values(e))) === 0) none.push(e);
    return none;
  }

  private unusable(e: WriteBackEntry): string | undefined {
    if (this.statement.params.includes('local_id') && !e.localId)
      return 'the user has no local id in the source: find the row by :email instead';
    return undefined;
  }

  private named(e: WriteBackEntry): Record<'workos_id' | 'local_id' | 'email', string | null> {
    return { workos_id: e.workosId, local_id: e.localId, email: e.email };
  }

  private values(e: WriteBackEntry): Array<string | null> {
    return bindValues(this.statement, this.named(e));
  }
}
