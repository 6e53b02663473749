import {
  checkTableName,
  createTableOnce,
  createTableSql,
  DEFAULT_LAZY_RESET_TABLE,
  lazyResetStore,
  type LazyResetDatabase,
} from './lazy-store.js';

/** The one WorkOS call the helper makes; an SDK instance (`new WorkOS(key)`) fits as is. */
export interface LazyResetWorkos {
  userManagement: { createPasswordReset(options: { email: string }): Promise<{ id: string }> };
}

export interface LazyResetOptions {
  db: LazyResetDatabase;
  workos: LazyResetWorkos;
  /** At most one reset email per user in this period; default 24 hours. */
  periodMs?: number;
  /** Default workos_migrator_lazy_resets. */
  table?: string;
  /** What to show after a reset was triggered (or one was sent within the period). */
  resetMessage?: string;
  /** What to show otherwise; the same for an unknown email and a wrong password. */
  invalidMessage?: string;
  now?: () => number;
}

export type LazyResetResult =
  | { outcome: 'reset_sent'; message: string }
  /** One was sent within the period: the same message, no second email. */
  | { outcome: 'reset_recently_sent'; message: string }
  | { outcome: 'invalid_credentials'; message: string };

export interface LazyReset {
  /** Records users migrated without a WorkOS password (e.g. `lazyResetCandidates()`); returns how many are new. */
  enroll(users: Iterable<{ email: string; workosUserId?: string | null }>): Promise<number>;
  /**
   * Call after a WorkOS password login failed with invalid credentials. A migrated user without a
   * WorkOS password gets one reset email (at most once per period, across every process of the
   * application); anyone else gets the plain invalid-credentials answer.
   */
  afterFailedLogin(email: string): Promise<LazyResetResult>;
  /** The user set a password (e.g. on the password_reset.succeeded webhook): no more lazy resets. */
  completed(email: string): Promise<void>;
}

export const DEFAULT_RESET_MESSAGE =
  'Your account has moved to our new sign-in system and needs a new password. We have emailed you a link to set one.';
export const DEFAULT_INVALID_MESSAGE = 'Invalid email or password.';

const emailKey = (email: string): string => email.trim().toLowerCase();

/**
 * The lazy variant of the migration guide's Step 6: instead of a batch of reset emails during the
 * import, a user whose hash could not be imported is sent one the first time a login fails. The
 * claim is a single conditional UPDATE, atomic in PostgreSQL, MySQL/MariaDB and SQLite alike, so
 * two processes handling the same failed login at once send one email, not two.
 */
export async function createLazyReset(options: LazyResetOptions): Promise<LazyReset> {
  const table = checkTableName(options.table ?? DEFAULT_LAZY_RESET_TABLE);
  const store = lazyResetStore(options.db);
  const periodMs = options.periodMs ?? 24 * 3600 * 1000;
  const now = options.now ?? Date.now;
  const resetMessage = options.resetMessage ?? DEFAULT_RESET_MESSAGE;
  const invalid: LazyResetResult = {
    outcome: 'invalid_credentials',
    message: options.invalidMessage ?? DEFAULT_INVALID_MESSAGE,
  };
  await createTableOnce(store, createTableSql(table));

  return {
    async enroll(users) {
      let n = 0;
      for (const u of users) {
        const key = emailKey(u.email);
        const id = u.workosUserId ?? null;
        if (await store.first(`SELECT email_key FROM ${table} WHERE email_key = ?`, [key])) {
          await store.exec(`UPDATE ${table} SET workos_user_id = ? WHERE email_key = ?`, [id, key]);
          continue;
        }
        try {
          n += await store.exec(`INSERT INTO ${table} (email_key, workos_user_id, resets) VALUES (?, ?, 0)`, [
            key,
            id,
          ]);
        } catch (err) {
          // Another process enrolled the same user between the two statements: fine; anything else is not.
          if (!(await store.first(`SELECT email_key FROM ${table} WHERE email_key = ?`, [key]))) throw err;
        }
      }
      return n;
    },

    async afterFailedLogin(email) {
      const key = emailKey(email);
      const at = now();
      const claimed = await store.exec(
        `UPDATE ${table} SET last_reset_at = ?, resets = resets + 1
         WHERE email_key = ? AND completed_at IS NULL AND (last_reset_at IS NULL OR last_reset_at <= ?)`,
        [at, key, at - periodMs],
      );
      if (!claimed) {
        const recent = await store.first(
          `SELECT email_key FROM ${table} WHERE email_key = ? AND completed_at IS NULL`,
          [key],
        );
        return recent ? { outcome: 'reset_recently_sent', message: resetMessage } : invalid;
      }
      try {
        await options.workos.userManagement.createPasswordReset({ email: email.trim() });
      } catch (err) {
        const status = (err as { status?: number }).status;
        // WorkOS answered and created nothing: free the claim so the next failed login tries again.
        // Without an answer the email may have gone out, so the claim stays (at most one per period).
        if (typeof status === 'number' && status < 500) {
          await store.exec(
            `UPDATE ${table} SET last_reset_at = NULL, resets = resets - 1 WHERE email_key = ? AND last_reset_at = ?`,
            [key, at],
          );
          if (status === 404) return invalid;
        }
        throw err;
      }
      return { outcome: 'reset_sent', message: resetMessage };
    },

    async completed(email) {
      await store.exec(`UPDATE ${table} SET completed_at = ? WHERE email_key = ?`, [now(), emailKey(email)]);
    },
  };
}
