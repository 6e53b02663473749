/**
 * The trickle migration's state in the application's own database: one row per user migrated
 * without a WorkOS password, so every process of the application agrees on who still needs the
 * old hash checked and who is done. Uses the lazy reset's handle on the app's database.
 */
import {
  checkTableName,
  createTableOnce,
  lazyResetStore,
  type LazyResetDatabase,
  type LazyResetStore,
} from '../resets/lazy-store.js';

export const DEFAULT_TRICKLE_TABLE = 'workos_migrator_trickle';

/**
 * `pending`: the old hash is still the only copy of the password; `migrating`: one process holds
 * the claim while it verifies and sets the password; `migrated`: WorkOS has it, the old hash is
 * never read again; `ineligible`: the old hash cannot be checked, or WorkOS refused the password.
 */
export const TRICKLE_STATUSES = ['pending', 'migrating', 'migrated', 'ineligible'] as const;
export type TrickleStatus = (typeof TRICKLE_STATUSES)[number];

/** The app's database as the lazy reset takes it, or a store over a connection the caller opened. */
export type TrickleDatabase = LazyResetDatabase | LazyResetStore;

export function storeOf(db: TrickleDatabase): LazyResetStore {
  return 'exec' in db ? db : lazyResetStore(db);
}

/** Column types every dialect accepts; times are epoch milliseconds. */
export function trickleTableSql(table = DEFAULT_TRICKLE_TABLE): string {
  return (
    `CREATE TABLE IF NOT EXISTS ${checkTableName(table, 'trickle migration')} (` +
    'email_key VARCHAR(320) NOT NULL PRIMARY KEY, ' +
    'workos_user_id VARCHAR(64), ' +
    "status VARCHAR(16) NOT NULL DEFAULT 'pending', " +
    'claim_id VARCHAR(64), ' +
    'claimed_at BIGINT, ' +
    'migrated_at BIGINT, ' +
    'failed_attempts INTEGER NOT NULL DEFAULT 0)'
  );
}

export interface TrickleRow {
  status: TrickleStatus;
  workosUserId: string | null;
}

export const emailKey = (email: string): string => email.trim().toLowerCase();

/** The statements the migrator runs; each is one atomic statement, so no dialect needs a transaction. */
export class TrickleTable {
  constructor(
    private readonly store: LazyResetStore,
    readonly table: string,
  ) {}

  async create(): Promise<void> {
    await createTableOnce(this.store, trickleTableSql(this.table));
  }

  async row(email: string): Promise<TrickleRow | undefined> {
    const r = await this.store.first(`SELECT status, workos_user_id FROM ${this.table} WHERE email_key = ?`, [
      emailKey(email),
    ]);
    if (!r) return undefined;
    const id = r.workos_user_id;
    return { status: r.status as TrickleStatus, workosUserId: typeof id === 'string' && id ? id : null };
  }

  /** Adds a user; an enrolled one keeps its status (a second enroll must not re-open a migrated user). */
  async enroll(email: string, workosUserId: string | null): Promise<boolean> {
    const key = emailKey(email);
    const updated = await this.store.exec(
      `UPDATE ${this.table} SET workos_user_id = COALESCE(?, workos_user_id) WHERE email_key = ?`,
      [workosUserId, key],
    );
    if (updated) return false;
    try {
      await this.store.exec(
        `INSERT INTO ${this.table} (email_key, workos_user_id, status, failed_attempts) VALUES (?, ?, 'pending', 0)`,
        [key, workosUserId],
      );
      return true;
    } catch (err) {
      // Another process enrolled the same user between the two statements: fine; anything else is not.
      if (await this.row(email)) return false;
      throw err;
    }
  }

  /**
   * The one claim: a conditional UPDATE that only one process can win, in every dialect. A claim
   * older than the lease is taken over (its process died between verifying and recording).
   */
  async claim(email: string, claimId: string, now: number, leaseMs: number): Promise<boolean> {
    const n = await this.store.exec(
      `UPDATE ${this.table} SET status = 'migrating', claim_id = ?, claimed_at = ?
       WHERE email_key = ? AND (status = 'pending' OR (status = 'migrating' AND claimed_at <= ?))`,
      [claimId, now, emailKey(email), now - leaseMs],
    );
    return n === 1;
  }

  /** Ends a claim: back to `pending` after a wrong password, or `migrated` / `ineligible`. */
  async settle(
    email: string,
    claimId: string,
    status: 'pending' | 'migrated' | 'ineligible',
    now: number,
  ): Promise<void> {
    const failed = status === 'migrated' ? 0 : 1;
    await this.store.exec(
      `UPDATE ${this.table} SET status = ?, claim_id = NULL, migrated_at = ?, failed_attempts = failed_attempts + ?
       WHERE email_key = ? AND claim_id = ?`,
      [status, status === 'migrated' ? now : null, failed, emailKey(email), claimId],
    );
  }

  /** WorkOS accepted a password: a row still pending (or left in a dead claim) is migrated. */
  async signedInWithWorkos(email: string, now: number): Promise<void> {
    await this.store.exec(
      `UPDATE ${this.table} SET status = 'migrated', claim_id = NULL, migrated_at = ?
       WHERE email_key = ? AND status IN ('pending', 'migrating')`,
      [now, emailKey(email)],
    );
  }

  async setWorkosUserId(email: string, workosUserId: string): Promise<void> {
    await this.store.exec(`UPDATE ${this.table} SET workos_user_id = ? WHERE email_key = ?`, [
      workosUserId,
      emailKey(email),
    ]);
  }

  async counts(): Promise<Record<TrickleStatus, number>> {
    const counts = Object.fromEntries(TRICKLE_STATUSES.map((s) => [s, 0])) as Record<TrickleStatus, number>;
    for (const status of TRICKLE_STATUSES) {
      const r = await this.store.first(`SELECT COUNT(*) AS n FROM ${this.table} WHERE status = ?`, [status]);
      counts[status] = Number(r?.n ?? 0);
    }
    return counts;
  }
}
