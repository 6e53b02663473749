import type { ActionResult, ActionRow } from '../journal/actions.js';
import { identityKey } from '../journal/identity.js';
import type { Journal } from '../journal/journal.js';
import { DONE_STATUSES } from '../journal/statuses.js';
import type { MigrationUser } from '../model/user.js';
import { totpVerdictOf } from '../plan/totp-check.js';
import type { PlanOptions } from '../plan/types.js';
import { ActionWriter } from '../runner/campaign.js';
import { createOnce } from '../runner/create-once.js';
import type { ProgressReporter } from '../runner/progress.js';
import { runPass } from '../runner/run-pass.js';
import { READ, WRITE } from '../workos/limits.js';
import type { CallContext } from '../workos/paced-call.js';
import { enrollTotpFactor, listTotpFactors } from '../workos/organizations.js';

export interface FactorPassDeps {
  journal: Journal;
  sourceId: number;
  runId: number;
  calls: CallContext;
  workers: number;
  progress: ProgressReporter;
  count: (status: string) => void;
  /** Re-reads the source: the secret is taken from it at send time and never stored. */
  streamUsers: (options: PlanOptions, sink: (user: MigrationUser) => void | Promise<void>) => Promise<void>;
  planOptions: PlanOptions;
}

interface FactorItem {
  row: ActionRow;
  secret: string;
}

const OPEN = new Set(['planned', 'in_flight', 'unknown', 'failed']);

/**
 * Enrols each imported user's authenticator secret as a TOTP factor, once: the row is marked in
 * flight before the request leaves, and one sent before is settled by listing the user's factors
 * first. A secret WorkOS cannot take is recorded as skipped with its reason (the user enrols
 * again); the secret itself lives only in memory between the source and the request.
 */
export async function factorsPass(deps: FactorPassDeps): Promise<void> {
  const { journal, sourceId, runId, calls } = deps;
  const writer = new ActionWriter(journal, sourceId, 'totp_factor', runId);
  deps.progress.start('factors', 0);
  try {
    await runPass<FactorItem, ActionResult>({
      workers: deps.workers,
      stop: calls.stop,
      feed: async (push) => {
        const stopped = new Error('stopped');
        try {
          await deps.streamUsers(deps.planOptions, async (user) => {
            if (!user.totpSecret) return;
            const key = identityKey(user);
            const userRow = journal.getByKey(sourceId, key);
            if (!userRow?.workosId || !DONE_STATUSES.includes(userRow.status)) return;
            let row = journal.actions.get(sourceId, 'totp_factor', key);
            const verdict = totpVerdictOf(user);
            if (!row) {
              const base = { key, email: userRow.email, workosId: userRow.workosId, lane: userRow.lane };
              journal.actions.plan(sourceId, 'totp_factor', [{ ...base, status: 'planned' }]);
              if (verdict && !verdict.importable) {
                journal.actions.recordResults(sourceId, 'totp_factor', [
                  {
                    key,
                    status: 'skipped',
                    errorCode: verdict.code,
                    errorMessage: `${verdict.reason}: the user must enrol again`,
                  },
                ]);
                deps.count('skipped');
                return;
              }
              row = journal.actions.get(sourceId, 'totp_factor', key);
            }
            if (!row || !OPEN.has(row.status) || !verdict?.importable) return;
            if (!(await push({ row, secret: verdict.base32 }))) throw stopped;
          });
        } catch (err) {
          if (err !== stopped) throw err;
        }
      },
      handle: async ({ row, secret }) => {
        const userId = row.workosId as string;
        const out = await createOnce(calls, {
          writeBudgets: WRITE,
          readBudgets: READ,
          sentBefore: row.status === 'in_flight' || row.status === 'unknown',
          mark: () => writer.markInFlight(row.key),
          create: () => enrollTotpFactor(calls.client, userId, secret),
          find: async () => {
            const r = await listTotpFactors(calls.client, userId);
            return r.ok ? { ...r, value: r.value[0] ? { id: r.value[0].id } : null } : r;
          },
          secrets: [secret],
        });
        if (out.ok)
          return {
            key: row.key,
            status: 'done',
            refId: out.value.id,
            attempts: out.attempts,
            requestId: out.requestId ?? null,
          };
        const status = out.status === 'pending' ? 'planned' : out.status === 'unknown' ? 'unknown' : 'failed';
        return {
          key: row.key,
          status,
          errorCode: out.code,
          errorMessage: out.message,
          attempts: out.attempts,
          requestId: out.requestId ?? null,
        };
      },
      record: (r) => {
        writer.record(r);
        deps.count(r.status);
        deps.progress.tick();
      },
    });
  } finally {
    writer.flush();
    deps.progress.stop();
  }
}
