/**
 * Login-time ("trickle") migration for the WorkOS migration guide's Step 8: a user whose old hash
 * WorkOS cannot import keeps their password. At their first sign-in the old hash is checked here,
 * the password is set in WorkOS, and from then on WorkOS alone answers; the old hash is never read
 * again. State lives in the application's database, shared by all its processes.
 */
import { randomUUID } from 'node:crypto';
import { classifyHash } from '../hashes/registry.js';
import { isLegacyVerifiable, verifyLegacy } from '../hashes/legacy/index.js';
import type { HashInput } from '../hashes/types.js';
import { DOCUMENTED_LIMITS } from '../workos/limits.js';
import { KeyedPacer, type KeyedSlot } from '../workos/keyed-pacer.js';
import { Stopper } from '../workos/stopper.js';
import {
  DEFAULT_TRICKLE_TABLE,
  storeOf,
  TrickleTable,
  type TrickleDatabase,
  type TrickleStatus,
} from './store.js';
import { errorCode, type TrickleWorkos } from './workos.js';

export interface LoginAttempt {
  email: string;
  password: string;
  ipAddress?: string;
  userAgent?: string;
}

export type TrickleLoginResult<A> =
  /** WorkOS accepted the password itself. */
  | { outcome: 'workos'; authentication: A }
  /** The old hash matched: the password is now in WorkOS, and this is WorkOS's own sign-in. */
  | { outcome: 'migrated_now'; authentication: A }
  /** Wrong password, or no such user: one answer for both. */
  | { outcome: 'invalid_credentials'; message: string }
  /** WorkOS refused, and the old hash cannot help (not a trickle user, not checkable, password refused). */
  | { outcome: 'not_eligible'; message: string; reason: NotEligibleReason }
  /** This process already sent this email's authenticate budget (10 per 60 s) within the wait it may take. */
  | { outcome: 'rate_limited'; message: string };

export type NotEligibleReason =
  | 'not_a_trickle_user'
  | 'no_legacy_credential'
  | 'legacy_not_verifiable'
  | 'password_refused_by_workos'
  /** An earlier sign-in found one of the above: the old hash is not consulted again. */
  | 'ineligible';

export interface TrickleMigratorOptions<A> {
  workos: TrickleWorkos<A>;
  /** The AuthKit client id (`client_…`). */
  clientId: string;
  db: TrickleDatabase;
  /** The old hash, from the application's user store; null when the user has none. Read only on a claim. */
  getLegacyCredential(email: string): Promise<HashInput | null | undefined>;
  /** After the password is in WorkOS: e.g. delete the old hash. Never receives the password. */
  onMigrated?(user: { email: string; workosUserId: string }): void | Promise<void>;
  /** Default workos_migrator_trickle. */
  table?: string;
  /** A claim older than this is taken over (its process died); default 30 s. */
  leaseMs?: number;
  /** How long a login may wait for this email's authenticate budget; default 2 s. */
  maxBudgetWaitMs?: number;
  /** What a wrong password (or an unknown email) is told. */
  invalidMessage?: string;
  now?: () => number;
}

export interface TrickleMigrator<A> {
  /** Records users migrated without a WorkOS password (`trickleCandidates()`); returns how many are new. */
  enroll(users: Iterable<{ email: string; workosUserId?: string | null }>): Promise<number>;
  login(attempt: LoginAttempt): Promise<TrickleLoginResult<A>>;
  /** Users per state: pending (old hash still needed), migrating, migrated, ineligible. */
  counts(): Promise<Record<TrickleStatus, number>>;
}

export const DEFAULT_TRICKLE_INVALID_MESSAGE = 'Invalid email or password.';
const WAIT_STEP_MS = 50;

export async function createTrickleMigrator<A>(
  options: TrickleMigratorOptions<A>,
): Promise<TrickleMigrator<A>> {
  const table = new TrickleTable(storeOf(options.db), options.table ?? DEFAULT_TRICKLE_TABLE);
  await table.create();
  const now = options.now ?? Date.now;
  const leaseMs = options.leaseMs ?? 30_000;
  const message = options.invalidMessage ?? DEFAULT_TRICKLE_INVALID_MESSAGE;
  const invalid = { outcome: 'invalid_credentials', message } as const;
  const notEligible = (reason: NotEligibleReason) => ({ outcome: 'not_eligible', message, reason }) as const;
  const pacer = new KeyedPacer({ authenticate: DOCUMENTED_LIMITS.authenticatePerEmail });
  const { workos } = options;

  /** One WorkOS sign-in within the per-email budget; undefined when it said invalid credentials. */
  async function authenticate(a: LoginAttempt): Promise<A | undefined | 'rate_limited'> {
    const stop = new Stopper();
    const timer = setTimeout(() => stop.stop('budget wait'), options.maxBudgetWaitMs ?? 2000);
    let slot: KeyedSlot | false;
    try {
      slot = await pacer.acquire('authenticate', a.email, stop);
      if (!slot) return 'rate_limited';
    } finally {
      clearTimeout(timer);
    }
    try {
      return await workos.userManagement.authenticateWithPassword({
        clientId: options.clientId,
        email: a.email,
        password: a.password,
        ...(a.ipAddress ? { ipAddress: a.ipAddress } : {}),
        ...(a.userAgent ? { userAgent: a.userAgent } : {}),
      });
    } catch (err) {
      const code = errorCode(err);
      if (code === 'invalid_credentials' || code === 'invalid_grant') return undefined;
      const { status, retryAfter } = err as { status?: number; retryAfter?: number | null };
      if (status === 429) {
        pacer.hold('authenticate', a.email, Math.max(1, retryAfter ?? 1) * 1000);
        return 'rate_limited';
      }
      throw err;
    } finally {
      slot.done();
    }
  }

  async function workosUserId(email: string, known: string | null): Promise<string | undefined> {
    if (known) return known;
    const list = await workos.userManagement.listUsers({ email: email.trim() });
    const id = list.data[0]?.id;
    if (id) await table.setWorkosUserId(email, id);
    return id;
  }

  /** Holding the claim: check the old hash, set the password, record it. */
  async function migrate(a: LoginAttempt, claimId: string, knownId: string | null) {
    const settle = (status: 'pending' | 'migrated' | 'ineligible') =>
      table.settle(a.email, claimId, status, now());
    try {
      const credential = await options.getLegacyCredential(a.email);
      if (!credential?.hash) {
        await settle('ineligible');
        return notEligible('no_legacy_credential');
      }
      const classified = classifyHash(credential);
      if (!isLegacyVerifiable(classified)) {
        await settle('ineligible');
        return notEligible('legacy_not_verifiable');
      }
      if (!(await verifyLegacy(classified, a.password))) {
        await settle('pending');
        return invalid;
      }
      const userId = await workosUserId(a.email, knownId);
      if (!userId) {
        await settle('ineligible');
        return notEligible('not_a_trickle_user');
      }
      try {
        await workos.userManagement.updateUser({ userId, password: a.password });
      } catch (err) {
        // The password policy refused it (too short, breached): only a reset can move this user.
        if (errorCode(err) === 'password_strength_error') {
          await settle('ineligible');
          return notEligible('password_refused_by_workos');
        }
        throw err;
      }
      await settle('migrated');
      await options.onMigrated?.({ email: a.email, workosUserId: userId });
      return 'migrated' as const;
    } catch (err) {
      // Unknown outcome (network, 5xx): free the claim; the next login tries WorkOS first anyway.
      await settle('pending').catch(() => undefined);
      throw err;
    }
  }

  return {
    async enroll(users) {
      let n = 0;
      for (const u of users) if (await table.enroll(u.email, u.workosUserId ?? null)) n++;
      return n;
    },

    async login(a) {
      const first = await authenticate(a);
      if (first === 'rate_limited') return { outcome: 'rate_limited', message };
      if (first) {
        // WorkOS has a password for this user, however it got there (this migrator, a lost answer
        // to its update, a reset): the old hash is done, and no reset should be handed over for it.
        await table.signedInWithWorkos(a.email, now());
        return { outcome: 'workos', authentication: first };
      }
      let waited = false;
      for (;;) {
        const row = await table.row(a.email);
        if (!row) return notEligible('not_a_trickle_user');
        if (row.status === 'ineligible') return notEligible('ineligible');
        if (row.status === 'migrated') {
          // WorkOS has the password and refused this one: wrong. Only after waiting on another
          // process's claim is it worth asking again (that process may have just set it).
          if (!waited) return invalid;
          const again = await authenticate(a);
          if (again === 'rate_limited') return { outcome: 'rate_limited', message };
          return again ? { outcome: 'workos', authentication: again } : invalid;
        }
        const claimId = randomUUID();
        if (await table.claim(a.email, claimId, now(), leaseMs)) {
          const done = await migrate(a, claimId, row.workosUserId);
          if (done !== 'migrated') return done;
          const signedIn = await authenticate(a);
          if (signedIn === 'rate_limited') return { outcome: 'rate_limited', message };
          if (!signedIn) throw new Error('WorkOS refused the password it was just given');
          return { outcome: 'migrated_now', authentication: signedIn };
        }
        // Another process holds the claim for this user: wait for it to settle, then look again.
        await new Promise((r) => setTimeout(r, WAIT_STEP_MS));
        waited = true;
      }
    },

    counts: () => table.counts(),
  };
}
