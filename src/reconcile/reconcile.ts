import { mapSourceUsers } from '../assess/index.js';
import { readUserMap, undeliveredUsers } from '../dualwrite/commands.js';
import { isDatabaseUrl } from '../dualwrite/tables.js';
import { MigratorError } from '../errors/index.js';
import { identityKey } from '../journal/identity.js';
import { appendMigrationLog } from '../journal/migration-log.js';
import { DEFAULT_STATE_FILE } from '../journal/reports.js';
import { parseImportSettings, type ImportSettingsInput } from '../importer/settings.js';
import type { PlanOptions } from '../plan/types.js';
import { runPass } from '../runner/run-pass.js';
import { openSession } from '../runner/session.js';
import { redact } from '../workos/classify.js';
import type { WorkosClient, WorkosTargetOptions } from '../workos/client.js';
import { WRITE } from '../workos/limits.js';
import { readAllUsers, readUsersById } from '../workos/read-users.js';
import { pacedCall, unreachableMessage, type CallContext } from '../workos/paced-call.js';
import { updateUser } from '../workos/users.js';
import {
  chooseReadStrategy,
  compareUser,
  fixFor,
  type ComparableUser,
  type FieldDrift,
  type ReadStrategy,
} from './drift.js';

export interface ReconcileOptions
  extends
    WorkosTargetOptions,
    Pick<
      ImportSettingsInput,
      'readLimit' | 'writeLimit' | 'generalLimit' | 'rate' | 'retryPolicy' | 'breaker'
    > {
  source: string;
  format?: PlanOptions['format'];
  query?: string;
  map?: string;
  preset?: string;
  params?: Record<string, string>;
  /** Journal path (its mapping is one source of WorkOS ids, and the flag is recorded there). */
  state?: string;
  /** The application database whose workos_user_map holds dual-write's ids (default: the source, when it is a database). */
  dualWriteDb?: string;
  dualWriteTable?: string;
  dualWriteMapTable?: string;
  /** Update WorkOS from the source where they differ. */
  fix?: boolean;
  /** Directory of migration.log (default: the working directory). */
  logDir?: string;
  signal?: AbortSignal;
  client?: WorkosClient;
}

export interface UserDrift {
  localId: string | null;
  email: string;
  location: string;
  workosId: string;
  /** Empty when WorkOS has no user with this id. */
  fields: FieldDrift[];
  missing: boolean;
  /** Undelivered outbox changes for this user: the drift may still be in transit. */
  inOutbox: boolean;
  fixed?: boolean;
  fixError?: string;
}

export interface ReconcileReport {
  source: string;
  /** Source users that have a WorkOS id (journal mapping, workos_user_map or the export's column). */
  compared: number;
  withoutWorkosId: number;
  read: ReadStrategy;
  drift: UserDrift[];
  fixed: number;
  remaining: number;
  /** Set when this run found no drift at all: recorded in the journal and migration.log. */
  dualWriteTested: boolean;
  migrationLog?: string;
  requests: { reads: number; writes: number; rateLimited: number };
  exitCode: 0 | 1;
}

interface Target {
  user: ComparableUser;
  localId: string | null;
  location: string;
  workosId: string;
}

/**
 * The WorkOS migration guide's sync verification: every source user with a WorkOS id is compared
 * with WorkOS (email, names, email_verified), drift reported per field and, with `fix`, WorkOS
 * updated from the source. A run that finds nothing records `dual_write_tested=true`.
 */
export async function runReconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const settings = parseImportSettings(options);
  const session = await openSession({
    target: options,
    state: options.state ?? DEFAULT_STATE_FILE,
    command: options.fix ? 'reconcile --fix' : 'reconcile',
    settings: settings.target,
    signal: options.signal,
    client: options.client,
  });
  const { journal, calls } = session;
  try {
    const dwDb = options.dualWriteDb ?? (isDatabaseUrl(options.source) ? options.source : undefined);
    const tables = { table: options.dualWriteTable, mapTable: options.dualWriteMapTable };
    const map = dwDb ? await readUserMap(dwDb, { ...tables, optional: !options.dualWriteDb }) : undefined;
    const inOutbox = dwDb && map ? await undeliveredUsers(dwDb, tables) : new Set<string>();
    const source = journal.currentSource();

    const targets: Target[] = [];
    let without = 0;
    await mapSourceUsers(
      {
        source: options.source,
        format: options.format,
        query: options.query ?? source?.query ?? undefined,
        map: options.map,
        preset: options.preset,
        params: options.params,
      },
      ({ user }) => {
        const row = source ? journal.getByKey(source.id, identityKey(user)) : undefined;
        const workosId =
          (user.localId ? map?.get(user.localId) : undefined) ?? row?.workosId ?? user.workosUserId;
        if (!workosId) {
          without++;
          return;
        }
        targets.push({
          user: {
            email: user.email,
            firstName: user.firstName,
            lastName: user.lastName,
            emailVerified: user.emailVerified,
          },
          localId: user.localId ?? null,
          location: user.location,
          workosId,
        });
      },
    );

    const reads = settings.target.budgets.reads;
    const read = chooseReadStrategy(targets.length, calls.pacer.allowance('reads'), reads.windowMs);
    const fail = (message: string) => readFailure(calls, message);
    const found =
      read.kind === 'per-user'
        ? await readUsersById(
            calls,
            targets.map((t) => t.workosId),
            fail,
          )
        : await readAllUsers(calls, fail);
    if (calls.breaker.open)
      throw new MigratorError(
        'unreachable',
        `${unreachableMessage(calls)}; nothing was fixed. Run reconcile again once WorkOS answers`,
      );

    const drift: UserDrift[] = [];
    for (const t of targets) {
      const w = found.get(t.workosId);
      const fields = w
        ? compareUser(t.user, {
            email: w.email,
            firstName: w.firstName,
            lastName: w.lastName,
            emailVerified: w.emailVerified,
          })
        : [];
      if (w && fields.length === 0) continue;
      drift.push({
        localId: t.localId,
        email: t.user.email,
        location: t.location,
        workosId: t.workosId,
        fields,
        missing: !w,
        inOutbox: t.localId !== null && inOutbox.has(t.localId),
      });
    }
    let fixed = 0;
    if (options.fix) {
      const byId = new Map(targets.map((t) => [t.workosId, t]));
      await runPass<UserDrift, UserDrift>({
        workers: 8,
        stop: calls.stop,
        feed: async (push) => {
          for (const d of drift) if (!d.missing && !(await push(d))) return;
        },
        handle: (d) => fixOne(calls, byId.get(d.workosId) as Target, d),
        record: (d) => {
          if (d.fixed) fixed++;
        },
      });
    }
    const remaining = drift.length - fixed;
    const clean = drift.length === 0 && !calls.stop.stopped;
    let migrationLog: string | undefined;
    if (clean) {
      journal.setFlag('dual_write_tested', 'true');
      migrationLog = appendMigrationLog('dual_write_tested', 'true', options.logDir);
    }
    return {
      source: options.source,
      compared: targets.length,
      withoutWorkosId: without,
      read,
      drift,
      fixed,
      remaining,
      dualWriteTested: clean,
      migrationLog,
      requests: {
        reads: calls.stats.reads,
        writes: calls.stats.writes,
        rateLimited: calls.stats.rateLimited,
      },
      exitCode: remaining === 0 ? 0 : 1,
    };
  } finally {
    session.close();
  }
}

function readFailure(calls: CallContext, message: string): MigratorError {
  return new MigratorError(
    calls.breaker.open ? 'unreachable' : 'stopped',
    `reading users from ${calls.client.target.baseUrl} failed: ${redact(message, [calls.client.target.apiKey])}; nothing was fixed. Run reconcile again`,
  );
}

/** Updates WorkOS from the source and checks the answer: fixed only when WorkOS now equals the source. */
async function fixOne(calls: CallContext, t: Target, d: UserDrift): Promise<UserDrift> {
  const r = await pacedCall(calls, { budgets: WRITE, retry: 'idempotent' }, () =>
    updateUser(calls.client, t.workosId, fixFor(t.user, d.fields)),
  );
  if (!r.ok) {
    d.fixError = `${r.failure.kind === 'stopped' ? 'not sent' : 'WorkOS refused the update'}: ${redact(r.failure.message, [calls.client.target.apiKey])}`;
    return d;
  }
  const w = r.value;
  const left = compareUser(t.user, {
    email: w.email,
    firstName: w.firstName,
    lastName: w.lastName,
    emailVerified: w.emailVerified,
  });
  d.fixed = left.length === 0;
  if (!d.fixed) d.fixError = `still differs after the update: ${left.map((f) => f.field).join(', ')}`;
  return d;
}
