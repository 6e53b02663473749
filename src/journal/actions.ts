import type Database from 'better-sqlite3';

/**
 * Follow-up campaigns over imported users, one journal row per user and action: a password reset
 * email, marking an email verified, a verification email, an undo's delete. The same discipline as the creates:
 * `in_flight` is written durably (synchronous = FULL) before the request leaves, so a crash leaves
 * a trace the next run settles instead of sending twice.
 */
export const USER_ACTIONS = [
  'password_reset',
  'mark_verified',
  'verification_email',
  'user_delete',
  'totp_factor',
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

/**
 * `planned`: to do. `lazy`: left to the application (reset on first failed login). `in_flight`:
 * marked, the request may have left. `done`: WorkOS confirmed it. `unknown`: the request left, no
 * answer came and nothing WorkOS lets us read settled it: never repeated without being asked.
 * `failed`: WorkOS answered that nothing was applied (safe to try again). `gone`: the user is no
 * longer in WorkOS (404). `not_allowed`: WorkOS refuses it for this user (403). `skipped`: not
 * needed after all (already verified).
 */
export const ACTION_STATUSES = [
  'planned',
  'lazy',
  'in_flight',
  'done',
  'unknown',
  'failed',
  'gone',
  'not_allowed',
  'skipped',
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export interface ActionRow {
  key: string;
  action: UserAction;
  email: string;
  workosId: string | null;
  lane: string;
  mode: string | null;
  status: ActionStatus;
  /** The WorkOS object it made (password_reset_…), never its token. */
  refId: string | null;
  attempts: number;
  errorCode: string | null;
  errorMessage: string | null;
  requestId: string | null;
  runId: number | null;
  plannedAt: string;
  plannedFor: string | null;
  markedAt: string | null;
  doneAt: string | null;
}

export interface PlannedAction {
  key: string;
  email: string;
  workosId: string | null;
  lane: string;
  mode?: string | null;
  status: 'planned' | 'lazy';
  plannedFor?: string | null;
}

export interface ActionResult {
  key: string;
  status: ActionStatus;
  refId?: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  requestId?: string | null;
  attempts?: number;
}

interface Record_ {
  key: string;
  action: string;
  email: string;
  workos_id: string | null;
  lane: string;
  mode: string | null;
  status: string;
  ref_id: string | null;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  request_id: string | null;
  run_id: number | null;
  planned_at: string;
  planned_for: string | null;
  marked_at: string | null;
  done_at: string | null;
}

const toRow = (r: Record_): ActionRow => ({
  key: r.key,
  action: r.action as UserAction,
  email: r.email,
  workosId: r.workos_id,
  lane: r.lane,
  mode: r.mode,
  status: r.status as ActionStatus,
  refId: r.ref_id,
  attempts: r.attempts,
  errorCode: r.error_code,
  errorMessage: r.error_message,
  requestId: r.request_id,
  runId: r.run_id,
  plannedAt: r.planned_at,
  plannedFor: r.planned_for,
  markedAt: r.marked_at,
  doneAt: r.done_at,
});

/** The `user_actions` table of a journal (a schema migration adds it). */
export class UserActions {
  constructor(private readonly db: Database.Database) {}

  /**
   * Plans rows in one transaction. A row that already left (in flight, done, unknown, gone, not
   * allowed) keeps its state: planning again never re-arms a sent email. Returns how many changed.
   */
  plan(sourceId: number, action: UserAction, rows: readonly PlannedAction[]): number {
    const t = new Date().toISOString();
    const stmt = this.db.prepare(
      `INSERT INTO user_actions (source_id, key, action, email, workos_id, lane, mode, status, planned_at, planned_for, updated_at)
       VALUES (@sourceId, @key, @action, @email, @workosId, @lane, @mode, @status, @t, @plannedFor, @t)
       ON CONFLICT(source_id, action, key) DO UPDATE SET
         email = excluded.email, workos_id = excluded.workos_id, lane = excluded.lane, mode = excluded.mode,
         status = excluded.status, planned_for = excluded.planned_for, updated_at = excluded.updated_at
       WHERE user_actions.status IN ('planned', 'lazy', 'failed')`,
    );
    return this.db.transaction(() => {
      let n = 0;
      for (const r of rows)
        n += stmt.run({
          sourceId,
          action,
          key: r.key,
          email: r.email,
          workosId: r.workosId,
          lane: r.lane,
          mode: r.mode ?? null,
          status: r.status,
          plannedFor: r.plannedFor ?? null,
          t,
        }).changes;
      return n;
    })();
  }

  get(sourceId: number, action: UserAction, key: string): ActionRow | undefined {
    const r = this.db
      .prepare<[number, string, string], Record_>(
        'SELECT * FROM user_actions WHERE source_id = ? AND action = ? AND key = ?',
      )
      .get(sourceId, action, key);
    return r && toRow(r);
  }

  /** Rows with these statuses, a page at a time (the caller writes between pages). */
  *rowsPaged(
    sourceId: number,
    action: UserAction,
    statuses: readonly ActionStatus[],
    pageSize = 500,
  ): IterableIterator<ActionRow> {
    const stmt = this.db.prepare<unknown[], Record_>(
      `SELECT * FROM user_actions WHERE source_id = ? AND action = ? AND status IN (${statuses.map(() => '?').join(', ')})
       AND key > ? ORDER BY key LIMIT ?`,
    );
    let after = '';
    for (;;) {
      const page = stmt.all(sourceId, action, ...statuses, after, pageSize);
      for (const r of page) yield toRow(r);
      if (page.length < pageSize) return;
      after = (page.at(-1) as Record_).key;
    }
  }

  all(sourceId: number, action: UserAction): ActionRow[] {
    return this.db
      .prepare<[number, string], Record_>(
        'SELECT * FROM user_actions WHERE source_id = ? AND action = ? ORDER BY key',
      )
      .all(sourceId, action)
      .map(toRow);
  }

  countByStatus(sourceId: number, action: UserAction): Partial<Record<ActionStatus, number>> {
    const out: Partial<Record<ActionStatus, number>> = {};
    for (const r of this.db
      .prepare<[number, string], { status: string; n: number }>(
        'SELECT status, COUNT(*) AS n FROM user_actions WHERE source_id = ? AND action = ? GROUP BY status',
      )
      .all(sourceId, action))
      out[r.status as ActionStatus] = r.n;
    return out;
  }

  /** Durably marks rows in flight, in one transaction, before any of their requests leaves. */
  markInFlight(sourceId: number, action: UserAction, runId: number, keys: readonly string[]): void {
    const t = new Date().toISOString();
    const stmt = this.db.prepare(
      `UPDATE user_actions SET status = 'in_flight', run_id = ?, marked_at = ?, updated_at = ?
       WHERE source_id = ? AND action = ? AND key = ?`,
    );
    this.db.transaction(() => {
      for (const key of keys) stmt.run(runId, t, t, sourceId, action, key);
    })();
  }

  recordResults(sourceId: number, action: UserAction, results: readonly ActionResult[]): void {
    const t = new Date().toISOString();
    const stmt = this.db.prepare(
      `UPDATE user_actions SET status = @status, ref_id = COALESCE(@refId, ref_id),
         attempts = attempts + @attempts, error_code = @errorCode, error_message = @errorMessage,
         request_id = COALESCE(@requestId, request_id),
         done_at = CASE WHEN @status = 'done' THEN COALESCE(done_at, @t) ELSE done_at END, updated_at = @t
       WHERE source_id = @sourceId AND action = @action AND key = @key`,
    );
    this.db.transaction(() => {
      for (const r of results)
        stmt.run({
          sourceId,
          action,
          key: r.key,
          status: r.status,
          refId: r.refId ?? null,
          attempts: r.attempts ?? 0,
          errorCode: r.errorCode ?? null,
          errorMessage: r.errorMessage ?? null,
          requestId: r.requestId ?? null,
          t,
        });
    })();
  }

  /** Puts rows of these statuses back to `planned` (e.g. `--resend-unknown`); returns how many. */
  replan(sourceId: number, action: UserAction, statuses: readonly ActionStatus[]): number {
    return this.db
      .prepare(
        `UPDATE user_actions SET status = 'planned', error_code = NULL, error_message = NULL, updated_at = ?
         WHERE source_id = ? AND action = ? AND status IN (${statuses.map(() => '?').join(', ')})`,
      )
      .run(new Date().toISOString(), sourceId, action, ...statuses).changes;
  }
}
