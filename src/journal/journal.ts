import { randomUUID } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Lane } from '../plan/types.js';
import { STRATEGIES, type Strategy, type UserStatus } from './statuses.js';

/** One source user as the journal keeps it. Never holds a password hash: the source is re-read for those. */
export interface JournalRow {
  row: number;
  localId: string | null;
  email: string;
  lane: Lane;
  status: UserStatus;
  workosId: string | null;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
  requestId: string | null;
  updatedAt: string;
}

export interface JournalSource {
  id: number;
  fingerprint: string;
  description: string;
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
}

/** A user as planned, before anything was sent. */
export interface PlannedRow {
  row: number;
  localId: string | null;
  email: string;
  lane: Lane;
  /** Blocking reason, for rows in the `blocked` lane. */
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** The result of one attempt, written in a batch. */
export interface RowResult {
  row: number;
  status: UserStatus;
  workosId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  requestId?: string | null;
  /** How many HTTP attempts this result consumed. */
  attempts?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  description TEXT NOT NULL,
  query TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  command TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  summary TEXT
);
CREATE TABLE IF NOT EXISTS users (
  source_id INTEGER NOT NULL REFERENCES sources(id),
  row INTEGER NOT NULL,
  local_id TEXT,
  email TEXT NOT NULL,
  lane TEXT NOT NULL,
  status TEXT NOT NULL,
  workos_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  error_code TEXT,
  error_message TEXT,
  request_id TEXT,
  run_id INTEGER,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (source_id, row)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS users_status ON users(source_id, status);
`;

interface UserRecord {
  row: number;
  local_id: string | null;
  email: string;
  lane: string;
  status: string;
  workos_id: string | null;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  request_id: string | null;
  updated_at: string;
}

function toRow(r: UserRecord): JournalRow {
  return {
    row: r.row,
    localId: r.local_id,
    email: r.email,
    lane: r.lane as Lane,
    status: r.status as UserStatus,
    workosId: r.workos_id,
    attempts: r.attempts,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    requestId: r.request_id,
    updatedAt: r.updated_at,
  };
}

const now = (): string => new Date().toISOString();

/**
 * The durable migration state: the single source of truth for resume, status, mapping export,
 * errors export and retry. SQLite in WAL mode: a committed transaction survives SIGKILL.
 */
export class Journal {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly statements;

  private constructor(path: string, db: Database.Database) {
    this.path = path;
    this.db = db;
    this.statements = {
      getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      getRow: db.prepare<[number, number], UserRecord>('SELECT * FROM users WHERE source_id = ? AND row = ?'),
      insertPlanned: db.prepare(
        `INSERT INTO users (source_id, row, local_id, email, lane, status, error_code, error_message, updated_at)
         VALUES (@sourceId, @row, @localId, @email, @lane, @status, @errorCode, @errorMessage, @now)
         ON CONFLICT(source_id, row) DO UPDATE SET
           local_id = excluded.local_id, email = excluded.email, lane = excluded.lane,
           status = excluded.status, error_code = excluded.error_code,
           error_message = excluded.error_message, updated_at = excluded.updated_at
         WHERE users.status IN ('pending', 'blocked')`,
      ),
      markInFlight: db.prepare(
        `UPDATE users SET status = 'in_flight', run_id = @runId, updated_at = @now
         WHERE source_id = @sourceId AND row = @row`,
      ),
      recordResult: db.prepare(
        `UPDATE users SET status = @status, workos_id = COALESCE(@workosId, workos_id),
           attempts = attempts + @attempts, error_code = @errorCode, error_message = @errorMessage,
           request_id = COALESCE(@requestId, request_id), updated_at = @now
         WHERE source_id = @sourceId AND row = @row`,
      ),
      countByStatus: db.prepare<[number], { status: string; n: number }>(
        'SELECT status, COUNT(*) AS n FROM users WHERE source_id = ? GROUP BY status',
      ),
      countByLane: db.prepare<[number], { lane: string; n: number }>(
        'SELECT lane, COUNT(*) AS n FROM users WHERE source_id = ? GROUP BY lane',
      ),
    };
  }

  /** Opens (or creates, mode 0600) the journal at `path`. */
  static open(path: string): Journal {
    if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
    // The file may predate us or the umask may have widened it; it holds emails and ids.
    chmodSync(path, 0o600);
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash (SIGKILL); only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // better-sqlite3 defaults to a 16 MB page cache, which a large import fills: memory would grow
    // with the source. 2 MB keeps it flat; journal writes are sequential by row, so little is lost.
    db.pragma('cache_size = -2000');
    db.exec(SCHEMA);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
    }
    const journal = new Journal(path, db);
    if (!journal.meta('journal_id')) journal.setMeta('journal_id', randomUUID());
    return journal;
  }

  close(): void {
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

  /** The source the journal currently tracks (the latest one registered). */
  currentSource(): JournalSource | undefined {
    const r = this.db
      .prepare<
        [],
        { id: number; fingerprint: string; description: string; query: string | null; created_at: string }
      >('SELECT * FROM sources ORDER BY id DESC LIMIT 1')
      .get();
    return (
      r && {
        id: r.id,
        fingerprint: r.fingerprint,
        description: r.description,
        query: r.query,
        createdAt: r.created_at,
      }
    );
  }

  addSource(fingerprint: string, description: string, query?: string): JournalSource {
    const createdAt = now();
    const info = this.db
      .prepare('INSERT INTO sources (fingerprint, description, query, created_at) VALUES (?, ?, ?, ?)')
      .run(fingerprint, description, query ?? null, createdAt);
    return { id: Number(info.lastInsertRowid), fingerprint, description, query: query ?? null, createdAt };
  }

  startRun(sourceId: number, command: string): number {
    const info = this.db
      .prepare('INSERT INTO runs (source_id, command, started_at) VALUES (?, ?, ?)')
      .run(sourceId, command, now());
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
      }));
  }

  /**
   * Records planned users in one transaction. Rows already sent keep their state: re-planning
   * on resume only refreshes rows that are still `pending` or `blocked`.
   */
  upsertPlanned(sourceId: number, rows: readonly PlannedRow[]): void {
    const t = now();
    this.db.transaction(() => {
      for (const r of rows) {
        this.statements.insertPlanned.run({
          sourceId,
          row: r.row,
          localId: r.localId,
          email: r.email,
          lane: r.lane,
          status: r.lane === 'blocked' ? 'blocked' : 'pending',
          errorCode: r.lane === 'blocked' ? (r.errorCode ?? null) : null,
          errorMessage: r.lane === 'blocked' ? (r.errorMessage ?? null) : null,
          now: t,
        });
      }
    })();
  }

  getRow(sourceId: number, row: number): JournalRow | undefined {
    const r = this.statements.getRow.get(sourceId, row);
    return r && toRow(r);
  }

  /** Durably marks rows as sent-or-about-to-be, before any request for them leaves. */
  markInFlight(sourceId: number, runId: number, rows: readonly number[]): void {
    const t = now();
    this.db.transaction(() => {
      for (const row of rows) this.statements.markInFlight.run({ sourceId, runId, row, now: t });
    })();
  }

  recordResults(sourceId: number, results: readonly RowResult[]): void {
    const t = now();
    this.db.transaction(() => {
      for (const r of results) {
        this.statements.recordResult.run({
          sourceId,
          row: r.row,
          status: r.status,
          workosId: r.workosId ?? null,
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
      `SELECT * FROM users WHERE source_id = ?${where} ORDER BY row`,
    );
    for (const r of stmt.iterate(sourceId, ...(statuses ?? []))) yield toRow(r);
  }

  countByStatus(sourceId: number): Partial<Record<UserStatus, number>> {
    const out: Partial<Record<UserStatus, number>> = {};
    for (const r of this.statements.countByStatus.all(sourceId)) out[r.status as UserStatus] = r.n;
    return out;
  }

  countByLane(sourceId: number): Partial<Record<Lane, number>> {
    const out: Partial<Record<Lane, number>> = {};
    for (const r of this.statements.countByLane.all(sourceId)) out[r.lane as Lane] = r.n;
    return out;
  }

  /** Puts rows back to `pending` so the next import attempts them again; returns how many. */
  resetToPending(sourceId: number, statuses: readonly UserStatus[], rows?: readonly number[]): number {
    const t = now();
    const placeholders = statuses.map(() => '?').join(', ');
    const stmt = this.db.prepare(
      `UPDATE users SET status = 'pending', error_code = NULL, error_message = NULL, updated_at = ?
       WHERE source_id = ? AND status IN (${placeholders})${rows ? ' AND row = ?' : ''}`,
    );
    return this.db.transaction(() => {
      if (!rows) return stmt.run(t, sourceId, ...statuses).changes;
      let n = 0;
      for (const row of rows) n += stmt.run(t, sourceId, ...statuses, row).changes;
      return n;
    })();
  }

  /** Reads every text column of every table: lets tests prove no secret was stored anywhere. */
  dumpText(): string[] {
    const out: string[] = [];
    for (const table of ['meta', 'sources', 'runs', 'users']) {
      for (const r of this.db.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]) {
        for (const v of Object.values(r)) if (typeof v === 'string') out.push(v);
      }
    }
    return out;
  }
}
