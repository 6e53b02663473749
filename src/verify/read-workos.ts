import { MigratorError } from '../errors/index.js';
import type { JournalRow } from '../journal/journal.js';
import { chooseReadStrategy, type ReadStrategy } from '../reconcile/drift.js';
import { campaignWorkers } from '../runner/campaign.js';
import { redact } from '../workos/classify.js';
import { READ } from '../workos/limits.js';
import { pacedCall, type CallContext } from '../workos/paced-call.js';
import { readAllUsers, readUsersById } from '../workos/read-users.js';
import { findUserByEmail, findUserByExternalId, type WorkosUser } from '../workos/users.js';
import type { WorkosView } from './checks/completeness.js';

export type ReadChoice = 'auto' | 'lookups' | 'listing';

export interface VerifyRead extends WorkosView {
  strategy: ReadStrategy;
  /** What the completeness check shows about the read: how the choice was made. */
  why: string;
  /**
   * reads: requests sent; readMs: how long they took; readBoundMs: the least time the read limit
   * allows for that many reads at the pacing share (the runtime is measured against it).
   */
  stats: { reads: number; readMs: number; readBoundMs: number };
}

function readFailure(calls: CallContext, message: string): MigratorError {
  return new MigratorError(
    calls.breaker.open ? 'unreachable' : 'stopped',
    `reading users from ${calls.client.target.baseUrl} failed: ${redact(message, [calls.client.target.apiKey])}; run verify again`,
  );
}

/**
 * Reads what completeness and field parity compare, once for both. Lookups cost one read per user
 * and a listing one per 100 WorkOS users: the same per-size choice as reconcile (reconcile/drift.ts),
 * unless the caller forces one. Users whose id is gone are then looked for by external id and email,
 * so the report can say whether they were deleted or re-created.
 */
export async function readWorkosUsers(
  calls: CallContext,
  ours: readonly JournalRow[],
  choice: ReadChoice,
  windowMs: number,
): Promise<VerifyRead> {
  const budget = calls.pacer.allowance('reads');
  const auto = chooseReadStrategy(ours.length, budget, windowMs);
  const strategy: ReadStrategy =
    choice === 'auto'
      ? auto
      : { kind: choice === 'lookups' ? 'per-user' : 'listing', why: `--read ${choice} (auto: ${auto.kind})` };
  const fail = (m: string) => readFailure(calls, m);
  const readsBefore = calls.stats.reads;
  const started = performance.now();
  const byId =
    strategy.kind === 'per-user'
      ? await readUsersById(
          calls,
          ours.map((r) => r.workosId as string),
          fail,
          campaignWorkers(calls.pacer, 'reads'),
        )
      : await readAllUsers(calls, fail);
  const readMs = Math.round(performance.now() - started);
  const reads = calls.stats.reads - readsBefore;
  const complete = strategy.kind === 'listing';
  const elsewhere = await findElsewhere(calls, ours, byId, complete, fail);
  return {
    byId,
    complete,
    elsewhere,
    strategy,
    why: `${strategy.kind === 'per-user' ? 'one read per user' : 'one paginated listing'}: ${strategy.why}`,
    stats: { reads, readMs, readBoundMs: Math.round((reads * windowMs) / budget) },
  };
}

async function findElsewhere(
  calls: CallContext,
  ours: readonly JournalRow[],
  byId: ReadonlyMap<string, WorkosUser>,
  listed: boolean,
  fail: (m: string) => Error,
): Promise<Map<string, { user: WorkosUser; via: 'external id' | 'email' }>> {
  const out = new Map<string, { user: WorkosUser; via: 'external id' | 'email' }>();
  const missing = ours.filter((r) => !byId.has(r.workosId as string));
  if (missing.length === 0) return out;
  if (listed) {
    const byExternal = new Map<string, WorkosUser>();
    const byEmail = new Map<string, WorkosUser>();
    for (const u of byId.values()) {
      if (u.externalId) byExternal.set(u.externalId, u);
      byEmail.set(u.email.toLowerCase(), u);
    }
    for (const r of missing) {
      const viaExternal = r.externalId ? byExternal.get(r.externalId) : undefined;
      const viaEmail = byEmail.get(r.email.trim().toLowerCase());
      if (viaExternal) out.set(r.key, { user: viaExternal, via: 'external id' });
      else if (viaEmail) out.set(r.key, { user: viaEmail, via: 'email' });
    }
    return out;
  }
  for (const r of missing) {
    if (r.externalId) {
      const e = await pacedCall(calls, { budgets: READ, retry: 'idempotent' }, () =>
        findUserByExternalId(calls.client, r.externalId as string),
      );
      if (!e.ok) throw fail(e.failure.message);
      if (e.value) {
        out.set(r.key, { user: e.value, via: 'external id' });
        continue;
      }
    }
    const m = await pacedCall(calls, { budgets: READ, retry: 'idempotent' }, () =>
      findUserByEmail(calls.client, r.email),
    );
    if (!m.ok) throw fail(m.failure.message);
    if (m.value) out.set(r.key, { user: m.value, via: 'email' });
  }
  return out;
}
