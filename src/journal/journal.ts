import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Lane } from '../plan/types.js';
import { UserActions } from './actions.js';
import { VerifyRuns } from './verify-runs.js';
import { WriteBacks } from './write-backs.js';
import { OrgRecords } from './organizations.js';
import { duplicateKey } from './identity.js';
import { acquireLock, releaseLock } from './lock.js';
import { RunSeconds } from './run-seconds.js';
import { migrate } from './schema.js';
import { STRATEGIES, type Origin, type Strategy, type UserStatus } from './statuses.js';

/** One source user as the journal keeps it. Never holds a password hash: the source is re-read for those. */
/** Where a row's create stands: the columns users, organizations and memberships share. */
export interface SentState {
  /** Who the row is (identity.ts for users): its key, stable when the source's order changes. */
  key: string;
  status: UserStatus;
  origin: Origin | null;
  workosId: string | null;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
  requestId: string | null;
  /** The run that sent the create (in flight). */
  runId: number | null;
}

export interface JournalRow extends SentState {
  /** Where the user stood in the source when it was last planned. */
  row: number;
  localId: string | null;
  /** The external id the user is (or would be) sent with. */
  externalId: string | null;
  email: string;
  lane: Lane;
  /** The source hash format's name (e.g. "bcrypt ($2b$)"), null without a hash; never the hash. */
  hashFamily: string | null;
  /** The run that created the user. */
  createdRun: number | null;
  /** The last run whose planning saw this user in the source. */
  seenRun: number | null;
  updatedAt: string;
}

export interface JournalSource {
  id: number;
  fingerprint: string;
  /** For people: the path or redacted URL, with the query. */
  description: string;
  /** For re-reading: the path or redacted URL alone (null for journals older than this field). */
  location: string | null;
  query: string | null;
  createdAt: string;
}

export interface JournalRun {
  id: number;
  sourceId: number;
  command: string;
  startedAt: string;
  finishedAt: string | null;
  summary: string | null;
  /** The WorkOS environment the run talked to (see workos/target-identity.ts), as JSON; null for runs recorded before the journal kept it. */
  target: string | null;
}

/** A user as planned, before anything was sent. */
export interface PlannedRow {
  key: string;
  row: number;
  localId: string | null;
  externalId?: string | null;
  email: string;
  lane: Lane;
  hashFamily?: string | null;
  /** Blocking reason, for rows in the `blocked` lane. */
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** The result of one attempt, written in a batch. */
export interface RowResult {
  key: string;
  /** For messages only. */
  row: number;
  status: UserStatus;
  workosId?: string | null;
  /** Defaults from the status: created → created, linked → linked. */
  origin?: Origin | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  requestId?: string | null;
  /** How many HTTP attempts this result consumed. */
  attempts?: number;
}

export interface OpenOptions {
  /** Take the journal for this command (import, retry, …): a second process is refused. */
  lock?: string;
}

interface UserRecord {
  key: string;
  row: number;
  local_id: string | null;
  external_id: string | null;
  email: string;
  lane: string;
  hash_family: string | null;
  status: string;
  origin: string | null;
  workos_id: string | null;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  request_id: string | null;
  run_id: number | null;
  created_run: number | null;
  seen_run: number | null;
  updated_at: string;
}

interface SourceRecord {
  id: number;
  fingerprint: string;
  description: string;
  location: string | null;
  query: string | null;
  created_at: string;
}

function toRow(r: UserRecord): JournalRow {
  return {
    key: r.key,
    row: r.row,
    localId: r.local_id,
    externalId: r.external_id,
    email: r.email,
    lane: r.lane as Lane,
    hashFamily: r.hash_family,
    status: r.status as UserStatus,
    origin: r.origin as Origin | null,
    workosId: r.workos_id,
    attempts: r.attempts,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    requestId: r.request_id,
    runId: r.run_id,
    createdRun: r.created_run,
    seenRun: r.seen_run,
    updatedAt: r.updated_at,
  };
}

function toSource(r: SourceRecord): JournalSource {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    description: r.description,
    location: r.location,
    query: r.query,
    createdAt: r.created_at,
  };
}

const now = (): string => new Date().toISOString();

/**
 * The durable migration state: the single source of truth for resume, status, mapping export,
 * errors export and retry. SQLite in WAL mode with synchronous = FULL: a committed transaction
 * survives SIGKILL and a power cut alike, which the in-flight marks need (a create must never
 * leave before its mark is on disk). Marks and results are batched, so the fsyncs stay few.
 */
export class Journal {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly statements;
  private locked = false;
  /** Follow-up campaigns per user (password resets, email verification): actions.ts. */
  readonly actions: UserActions;
  /** Per-second request counts of each run (the import report's charts). */
  readonly seconds: RunSeconds;
  /**
   * The WorkOS environment this process talks to (JSON, no secret), set by the session once the
   * target answered: every run started afterwards records it, so undo can refuse another one.
   */
  target: string | null = null;
  /** The verdicts of `verify`, newest last: verify-runs.ts. */
  readonly verifyRuns: VerifyRuns;
  /** Which users' WorkOS ids were written into the application's database: write-backs.ts. */
  readonly writeBacks: WriteBacks;
  /** Organizations and memberships: organizations.ts. */
  readonly orgs: OrgRecords;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
    this.actions = new UserActions(db);
    this.seconds = new RunSeconds(db);
    this.verifyRuns = new VerifyRuns(db);
    this.writeBacks = new WriteBacks(db);
    this.orgs = new OrgRecords(db);
    const planColumns = `(source_id, key, row, local_id, external_id, email, lane, hash_family, status, error_code, error_message, seen_run, updated_at)
         VALUES (@sourceId, @key, @row, @localId, @externalId, @email, @lane, @hashFamily, @status, @errorCode, @errorMessage, @runId, @now)`;
    const refreshable = `users.status IN ('pending', 'blocked')`;
    this.statements = {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      getByKey: db.prepare<[number, string], UserRecord>(
        'SELECT * FROM users WHERE source_id = ? AND key = ?',
      ),
      getAt: db.prepare<[number, number], UserRecord>(
        'SELECT * FROM users WHERE source_id = ? AND row = ? ORDER BY seen_run DESC LIMIT 1',
      ),
      // A row already seen by this run's planning is a second record with the same identity:
      // the update is skipped (no change) and the caller files it under its duplicate key.
      plan: db.prepare(
        `INSERT INTO users ${planColumns}
         ON CONFLICT(source_id, key) DO UPDATE SET
           row = excluded.row, seen_run = excluded.seen_run, updated_at = excluded.updated_at,
           local_id = CASE WHEN ${refreshable} THEN excluded.local_id ELSE users.local_id END,
           external_id = CASE WHEN ${refreshable} THEN excluded.external_id ELSE users.external_id END,
           email = CASE WHEN ${refreshable} THEN excluded.email ELSE users.email END,
           lane = CASE WHEN ${refreshable} THEN excluded.lane ELSE users.lane END,
           hash_family = CASE WHEN ${refreshable} THEN excluded.hash_family ELSE users.hash_family END,
           error_code = CASE WHEN ${refreshable} THEN excluded.error_code ELSE users.error_code END,
           error_message = CASE WHEN ${refreshable} THEN excluded.error_message ELSE users.error_message END,
           status = CASE WHEN ${refreshable} THEN excluded.status ELSE users.status END
         WHERE users.seen_run IS NOT excluded.seen_run`,
      ),
      revise: db.prepare(
        `UPDATE users SET lane = @lane, status = @status, error_code = @errorCode, error_message = @errorMessage,
           updated_at = @now
         WHERE source_id = @sourceId AND row = @row AND seen_run = @runId AND status IN ('pending', 'blocked')`,
      ),
      markInFlight: db.prepare(
        `UPDATE users SET status = 'in_flight', run_id = @runId, updated_at = @now
         WHERE source_id = @sourceId AND key = @key`,
      ),
      recordResult: db.prepare(
        `UPDATE users SET status = @status, workos_id = COALESCE(@workosId, workos_id),
           origin = COALESCE(@origin, origin),
           created_run = CASE WHEN @origin = 'created' THEN COALESCE(created_run, run_id, @runId) ELSE created_run END,
           attempts = attempts + @attempts, error_code = @errorCode, error_message = @errorMessage,
           request_id = COALESCE(@requestId, request_id), updated_at = @now
         WHERE source_id = @sourceId AND key = @key`,
      ),
      countByStatus: db.prepare<[number], { status: string; n: number }>(
        'SELECT status, COUNT(*) AS n FROM users WHERE source_id = ? GROUP BY status',
      ),
      countByLane: db.prepare<[number], { lane: string; n: number }>(
        'SELECT lane, COUNT(*) AS n FROM users WHERE source_id = ? GROUP BY lane',
      ),
    };
  }

  /** Opens (or creates, mode 0600) the journal at `path`, bringing its schema up to date. */
  static open(path: string, options: OpenOptions = {}): Journal {
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    // The file may predate us or the umask may have widened it; it holds emails and ids.
    chmodSync(path, 0o600);
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      // better-sqlite3 defaults to a 16 MB page cache, which a large import fills: memory would grow
      // with the source. 2 MB keeps it flat; journal writes are sequential by row, so little is lost.
      db.pragma('cache_size = -2000');
      migrate(db, path);
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
      }
      const journal = new Journal(path, db);
      if (options.lock) {
        acquireLock(db, path, options.lock);
        journal.locked = true;
      }
      if (!journal.meta('journal_id')) journal.setMeta('journal_id', randomUUID());
      return journal;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  close(): void {
    if (!this.db.open) return;
    if (this.locked) releaseLock(this.db);
    this.db.close();
  }

  private meta(key: string): string | undefined {
    return this.statements.getMeta.get(key)?.value;
  }

  private setMeta(key: string, value: string): void {
    this.statements.setMeta.run(key, value);
  }

  /** A random id minted when the journal was created; marks users this journal created (see ownership). */
  get journalId(): string {
    return this.meta('journal_id') as string;
  }

  get strategy(): Strategy | undefined {
    const value = this.meta('strategy');
    return (STRATEGIES as readonly string[]).includes(value ?? '') ? (value as Strategy) : undefined;
  }

  get strategySetAt(): string | undefined {
    return this.meta('strategy_set_at');
  }

  setStrategy(strategy: Strategy): void {
    this.db.transaction(() => {
      this.setMeta('strategy', strategy);
      this.setMeta('strategy_set_at', now());
    })();
  }

  /**
   * A flag of the migration guide's checklist (`dual_write_tested`, …), kept in the meta table
   * beside the strategy, with when it was set.
   */
  flag(name: string): string | undefined {
    return this.meta(`flag:${name}`);
  }

  /** When the flag was last set (ISO time). */
  flagSetAt(name: string): string | undefined {
    return this.meta(`flag:${name}:set_at`);
  }

  setFlag(name: string, value: string): void {
    this.db.transaction(() => {
      this.setMeta(`flag:${name}`, value);
      this.setMeta(`flag:${name}:set_at`, now());
    })();
  }

  /** The source the journal currently tracks (the latest one registered). */
  currentSource(): JournalSource | undefined {
    const r = this.db.prepare<[], SourceRecord>('SELECT * FROM sources ORDER BY id DESC LIMIT 1').get();
    return r && toSource(r);
  }

  /** How the last import read this source (see importer/reading-fingerprint.ts), as JSON. */
  sourceReading(sourceId: number): string | undefined {
    return this.meta(`reading:${sourceId}`);
  }

  setSourceReading(sourceId: number, json: string): void {
    this.setMeta(`reading:${sourceId}`, json);
  }

  addSource(fingerprint: string, description: string, location: string, query?: string): JournalSource {
    const createdAt = now();
    const info = this.db
      .prepare(
        'INSERT INTO sources (fingerprint, description, location, query, created_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run(fingerprint, description, location, query ?? null, createdAt);
    return {
      id: Number(info.lastInsertRowid),
      fingerprint,
      description,
      location,
      query: query ?? null,
      createdAt,
    };
  }

  startRun(sourceId: number, command: string): number {
    const info = this.db
      .prepare('INSERT INTO runs (source_id, command, started_at, target) VALUES (?, ?, ?, ?)')
      .run(sourceId, command, now(), this.target);
    return Number(info.lastInsertRowid);
  }

  finishRun(runId: number, summary: unknown): void {
    this.db
      .prepare('UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?')
      .run(now(), JSON.stringify(summary), runId);
  }

  runs(): JournalRun[] {
    return this.db
      .prepare<
        [],
        {
          id: number;
          source_id: number;
          command: string;
          started_at: string;
          finished_at: string | null;
          summary: string | null;
          target: string | null;
        }
      >('SELECT * FROM runs ORDER BY id')
      .all()
      .map((r) => ({
        id: r.id,
        sourceId: r.source_id,
        command: r.command,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        summary: r.summary,
        target: r.target,
      }));
  }

  /**
   * Records what this run's planning saw, in one transaction. Rows already sent keep their state
   * (only `pending` and `blocked` rows take the new plan), but every row seen is stamped with the
   * run, so rows the source no longer has can be told apart (dropUnseen). A second record with an
   * identity already planned in this run is filed under its duplicate key.
   */
  recordPlan(sourceId: number, runId: number, rows: readonly PlannedRow[]): void {
    const t = now();
    this.db.transaction(() => {
      for (const r of rows) {
        const values = {
          sourceId,
          runId,
          key: r.key,
          row: r.row,
          localId: r.localId,
          externalId: r.externalId ?? null,
          email: r.email,
          lane: r.lane,
          hashFamily: r.hashFamily ?? null,
          status: r.lane === 'blocked' ? 'blocked' : 'pending',
          errorCode: r.lane === 'blocked' ? (r.errorCode ?? null) : null,
          errorMessage: r.lane === 'blocked' ? (r.errorMessage ?? null) : null,
          now: t,
        };
        if (this.statements.plan.run(values).changes === 0) {
          this.statements.plan.run({ ...values, key: duplicateKey(r.key, r.row) });
        }
      }
    })();
  }

  /** A lane change found after the row was planned (the first of a duplicate pair): by position in this run. */
  revisePlan(
    sourceId: number,
    runId: number,
    revisions: ReadonlyArray<{
      row: number;
      lane: Lane;
      errorCode: string | null;
      errorMessage: string | null;
    }>,
  ): void {
    const t = now();
    this.db.transaction(() => {
      for (const r of revisions) {
        this.statements.revise.run({
          sourceId,
          runId,
          row: r.row,
          lane: r.lane,
          status: r.lane === 'blocked' ? 'blocked' : 'pending',
          errorCode: r.errorCode,
          errorMessage: r.errorMessage,
          now: t,
        });
      }
    })();
  }

  /**
   * Forgets planned rows this run's planning did not see: users removed from the source before
   * they were sent (nothing of them is in WorkOS). Rows that were sent stay, whatever the source
   * says now. Returns how many were dropped.
   */
  dropUnseen(sourceId: number, runId: number): number {
    return this.db
      .prepare(
        `DELETE FROM users WHERE source_id = ? AND seen_run IS NOT ? AND status IN ('pending', 'blocked')`,
      )
      .run(sourceId, runId).changes;
  }

  /** Sent users the last planning no longer found in the source. */
  countUnseen(sourceId: number, runId: number): number {
    return (
      this.db
        .prepare<[number, number], { n: number }>(
          'SELECT COUNT(*) AS n FROM users WHERE source_id = ? AND seen_run IS NOT ?',
        )
        .get(sourceId, runId)?.n ?? 0
    );
  }

  getByKey(sourceId: number, key: string): JournalRow | undefined {
    const r = this.statements.getByKey.get(sourceId, key);
    return r && toRow(r);
  }

  /** The row planned at this position (the latest planning's, if positions moved). */
  getAt(sourceId: number, row: number): JournalRow | undefined {
    const r = this.statements.getAt.get(sourceId, row);
    return r && toRow(r);
  }

  /** Durably marks rows as sent-or-about-to-be, before any request for them leaves. */
  markInFlight(sourceId: number, runId: number, keys: readonly string[]): void {
    const t = now();
    this.db.transaction(() => {
      for (const key of keys) this.statements.markInFlight.run({ sourceId, runId, key, now: t });
    })();
  }

  recordResults(sourceId: number, runId: number, results: readonly RowResult[]): void {
    const t = now();
    this.db.transaction(() => {
      for (const r of results) {
        const origin =
          r.origin !== undefined
            ? r.origin
            : r.status === 'created'
              ? 'created'
              : r.status === 'linked'
                ? 'linked'
                : null;
        this.statements.recordResult.run({
          sourceId,
          runId,
          key: r.key,
          status: r.status,
          workosId: r.workosId ?? null,
          origin,
          attempts: r.attempts ?? 0,
          errorCode: r.errorCode ?? null,
          errorMessage: r.errorMessage ?? null,
          requestId: r.requestId ?? null,
          now: t,
        });
      }
    })();
  }

  /** Streams rows in source order, optionally only those with the given statuses. */
  *rows(sourceId: number, statuses?: readonly UserStatus[]): IterableIterator<JournalRow> {
    const where = statuses ? ` AND status IN (${statuses.map(() => '?').join(', ')})` : '';
    const stmt = this.db.prepare<unknown[], UserRecord>(
      `SELECT * FROM users WHERE source_id = ?${where} ORDER BY row, key`,
    );
    for (const r of stmt.iterate(sourceId, ...(statuses ?? []))) yield toRow(r);
  }

  /**
   * Rows with these statuses, read a page at a time: unlike `rows`, the caller may write to the
   * journal between pages (an open SQLite iterator keeps the connection busy).
   */
  *rowsPaged(
    sourceId: number,
    statuses: readonly UserStatus[],
    pageSize = 500,
  ): IterableIterator<JournalRow> {
    const stmt = this.db.prepare<unknown[], UserRecord>(
      `SELECT * FROM users WHERE source_id = ? AND status IN (${statuses.map(() => '?').join(', ')})
       AND key > ? ORDER BY key LIMIT ?`,
    );
    let after = '';
    for (;;) {
      const page = stmt.all(sourceId, ...statuses, after, pageSize);
      for (const r of page) yield toRow(r);
      if (page.length < pageSize) return;
      after = (page.at(-1) as UserRecord).key;
    }
  }

  countByStatus(sourceId: number): Partial<Record<UserStatus, number>> {
    const out: Partial<Record<UserStatus, number>> = {};
    for (const r of this.statements.countByStatus.all(sourceId)) out[r.status as UserStatus] = r.n;
    return out;
  }

  /** Users per source hash family and status ("no hash" for users planned without one). */
  countByHashFamily(sourceId: number): Record<string, Partial<Record<UserStatus, number>>> {
    const out: Record<string, Partial<Record<UserStatus, number>>> = {};
    const rows = this.db
      .prepare<[number], { family: string; status: string; n: number }>(
        `SELECT COALESCE(hash_family, 'no hash') AS family, status, COUNT(*) AS n FROM users
         WHERE source_id = ? GROUP BY family, status ORDER BY family, status`,
      )
      .all(sourceId);
    for (const r of rows) (out[r.family] ??= {})[r.status as UserStatus] = r.n;
    return out;
  }

  countByLane(sourceId: number): Partial<Record<Lane, number>> {
    const out: Partial<Record<Lane, number>> = {};
    for (const r of this.statements.countByLane.all(sourceId)) out[r.lane as Lane] = r.n;
    return out;
  }

  /** Puts rows back to `pending` so the next import attempts them again; returns how many. */
  resetToPending(sourceId: number, statuses: readonly UserStatus[], keys?: readonly string[]): number {
    const t = now();
    const placeholders = statuses.map(() => '?').join(', ');
    const stmt = this.db.prepare(
      `UPDATE users SET status = 'pending', error_code = NULL, error_message = NULL, updated_at = ?
       WHERE source_id = ? AND status IN (${placeholders})${keys ? ' AND key = ?' : ''}`,
    );
    return this.db.transaction(() => {
      if (!keys) return stmt.run(t, sourceId, ...statuses).changes;
      let n = 0;
      for (const key of keys) n += stmt.run(t, sourceId, ...statuses, key).changes;
      return n;
    })();
  }

  /**
   * Rows whose WorkOS user an undo deleted: back to `pending` with no WorkOS id, so a later import
   * creates them again. Only rows a run created: a linked or dual-write user is never forgotten.
   */
  forgetDeleted(sourceId: number, workosIds: readonly string[]): number {
    const stmt = this.db.prepare(
      `UPDATE users SET status = 'pending', workos_id = NULL, origin = NULL, created_run = NULL, run_id = NULL,
         error_code = NULL, error_message = NULL, updated_at = ?
       WHERE source_id = ? AND workos_id = ? AND origin = 'created'`,
    );
    const t = now();
    return this.db.transaction(() => {
      let n = 0;
      for (const id of workosIds) n += stmt.run(t, sourceId, id).changes;
      return n;
    })();
  }

  /** Rows a run created that are in WorkOS now: what undoing it deletes. */
  createdBy(sourceId: number, runId: number): JournalRow[] {
    return this.db
      .prepare<[number, number], UserRecord>(
        `SELECT * FROM users WHERE source_id = ? AND origin = 'created' AND created_run = ?
         AND workos_id IS NOT NULL ORDER BY row, key`,
      )
      .all(sourceId, runId)
      .map(toRow);
  }

  /** Webhook endpoints a run disabled and has not re-enabled yet: kept here so a crash cannot lose them. */
  pausedWebhooks(): string[] {
    return this.db
      .prepare<[], { endpoint_id: string }>('SELECT endpoint_id FROM paused_webhooks ORDER BY paused_at')
      .all()
      .map((r) => r.endpoint_id);
  }

  recordPausedWebhook(endpointId: string, runId: number | null): void {
    this.db
      .prepare('INSERT OR IGNORE INTO paused_webhooks (endpoint_id, run_id, paused_at) VALUES (?, ?, ?)')
      .run(endpointId, runId, now());
  }

  clearPausedWebhook(endpointId: string): void {
    this.db.prepare('DELETE FROM paused_webhooks WHERE endpoint_id = ?').run(endpointId);
  }

  /** Reads every text column of every table: lets tests prove no secret was stored anywhere. */
  dumpText(): string[] {
    const out: string[] = [];
    const tables = this.db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((t) => t.name);
    for (const table of tables) {
      for (const r of this.db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]) {
        for (const v of Object.values(r)) if (typeof v === 'string') out.push(v);
      }
    }
    return out;
  }
}
