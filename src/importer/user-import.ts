import type { JournalRow, RowResult } from '../journal/journal.js';
import { OWNERSHIP_METADATA_KEY, sameEmail } from '../ownership/ownership.js';
import type { PlannedUser } from '../plan/types.js';
import { redact, type ApiFailure } from '../workos/classify.js';
import { READ, WRITE } from '../workos/limits.js';
import { pacedCall, pause, type StoppedFailure } from '../workos/paced-call.js';
import { backoffDelay, decideTransient } from '../workos/retry-policy.js';
import { createUser, findUserById } from '../workos/users.js';
import { buildCreateUserPayload } from './payload.js';
import { evidenceFor, lookup, settleFound, type ImportContext } from './resolve.js';

export interface WorkItem {
  planned: PlannedUser;
  row: JournalRow;
}

/**
 * Dual-write already created this user (strategy B): verify it by id and link, never create a
 * second one. An id from the export's column must also carry the user's email (the column may be
 * wrong); one from workos_user_map was proven ours when the outbox stored it, and its email may lag
 * behind a change still in the outbox.
 */
async function linkDualWrite(
  ctx: ImportContext,
  item: WorkItem,
  id: string,
  from: 'export' | 'map',
): Promise<RowResult | undefined> {
  const base = { key: item.row.key, row: item.row.row };
  const r = await pacedCall(ctx.calls, { budgets: READ, retry: 'idempotent' }, () =>
    findUserById(ctx.calls.client, id),
  );
  if (!r.ok) {
    if (r.failure.kind === 'stopped') return { ...base, status: item.row.status };
    return {
      ...base,
      status: 'unknown',
      errorCode: r.failure.kind,
      errorMessage: `lookup of ${id} failed: ${r.failure.message}`,
    };
  }
  if (!r.value) return undefined; // The dual-write never landed: import the user normally.
  if (from === 'map' || sameEmail(r.value.email, item.planned.user.email))
    return { ...base, status: 'linked', origin: 'dual-write', workosId: r.value.id, requestId: r.requestId };
  return {
    ...base,
    status: 'conflict',
    errorCode: 'workos_id_mismatch',
    errorMessage: `the export says this user is WorkOS user ${id}, but that user has another email; check the dual-write column`,
  };
}

/**
 * Imports one user, exactly once: durably marked in flight before the create leaves, every
 * failure mapped to a closed outcome, and any doubt (lost answer, 5xx, duplicate email) settled by
 * lookup rather than by sending again blind. A row whose create may have been applied never ends
 * `failed`: it ends `unknown`, and the next run settles it by lookup before anything else.
 */
export async function importUser(ctx: ImportContext, item: WorkItem): Promise<RowResult> {
  const { planned, row } = item;
  const base = { key: row.key, row: row.row };
  const mapped = planned.user.localId ? ctx.dualWriteIds?.get(planned.user.localId) : undefined;
  // The export's WorkOS-id column links under either strategy: a user WorkOS already has (dual-write,
  // an earlier import) is never created twice; the map's ids are strategy B's own.
  if ((ctx.strategy === 'B' && mapped) || planned.user.workosUserId) {
    const linked = mapped
      ? await linkDualWrite(ctx, item, mapped, 'map')
      : await linkDualWrite(ctx, item, planned.user.workosUserId as string, 'export');
    if (linked) return linked;
  }

  // The marker goes with every create, external id or not: it is the ownership proof of users
  // without a local id, and a second proof for the others.
  const payload = buildCreateUserPayload(planned, {
    externalId: ctx.externalIds,
    ownershipMarker: { key: OWNERSHIP_METADATA_KEY, value: ctx.journalId },
  });
  const secrets = [payload.passwordHash, planned.user.passwordHash, ctx.calls.client.target.apiKey];
  const clean = (f: ApiFailure | StoppedFailure): string => redact(f.message, secrets);
  const evidence = evidenceFor(ctx, row, {
    email: planned.user.email,
    workosUserId: mapped ?? planned.user.workosUserId,
  });
  let mayHaveCommitted = row.status === 'unknown' || row.attempts > 0;
  let marked = false;
  let attempts = 0;
  let sends = 0;
  let duplicates = 0;
  /** After a doubt the lookup could not settle: `unknown` if any create may have landed, else `failed`. */
  const giveUp = (f: ApiFailure | StoppedFailure, why: string): RowResult => ({
    ...base,
    status: mayHaveCommitted ? 'unknown' : 'failed',
    attempts,
    errorCode: 'code' in f ? f.code : f.kind,
    errorMessage: `${clean(f)} (${why})`,
    requestId: 'requestId' in f ? f.requestId : undefined,
  });

  for (;;) {
    const res = await pacedCall(ctx.calls, { budgets: WRITE, retry: 'once' }, async () => {
      if (!marked) {
        // Marked once the pacer lets it go, so only rows really about to be sent need a lookup after a crash.
        await ctx.writer.markInFlight(row.key);
        marked = true;
      }
      return createUser(ctx.calls.client, payload);
    });
    attempts += res.attempts;
    if (res.ok)
      return { ...base, status: 'created', workosId: res.value.id, requestId: res.requestId, attempts };
    if (res.maybeApplied) mayHaveCommitted = true;
    const f = res.failure;
    switch (f.kind) {
      case 'stopped':
        // Interrupted or unreachable before (another) send: the next run resolves what may have landed.
        if (!marked) return { ...base, status: row.status, attempts };
        return { ...base, status: mayHaveCommitted ? 'unknown' : 'pending', attempts, errorCode: f.why };
      case 'transient':
      case 'lost': {
        const r = await lookup(ctx, evidence);
        if (!r.ok) return giveUp(f, `lookup failed: ${clean(r.failure)}`);
        const settled = settleFound(row, r, evidence, 'created', attempts);
        if (settled) return { ...settled, requestId: f.requestId };
        const d = decideTransient(++sends, ctx.calls.policy);
        if (!d.retry) return giveUp(f, `gave up after ${sends} tries`);
        ctx.calls.stats.retries++;
        await pause(ctx.calls, d.delayMs);
        continue;
      }
      case 'duplicate_email':
      case 'external_id_taken': {
        const r = await lookup(ctx, evidence, f.kind === 'external_id_taken' ? 'external_id' : 'any');
        if (!r.ok) return giveUp(f, `lookup after ${f.code} failed: ${clean(r.failure)}`);
        const settled = settleFound(row, r, evidence, mayHaveCommitted ? 'created' : 'linked', attempts);
        if (settled) return { ...settled, requestId: f.requestId };
        // Gone between the create and the lookup (deleted, or a lagging index): try once more, then
        // leave it unknown — WorkOS said the user exists, so it must not be called failed and resent blind.
        if (++duplicates > 2) {
          mayHaveCommitted = true;
          return giveUp(f, 'WorkOS reports it exists, yet no such user could be found');
        }
        await pause(ctx.calls, backoffDelay(duplicates, ctx.calls.policy));
        continue;
      }
      case 'invalid':
        return {
          ...base,
          status: 'invalid',
          attempts,
          errorCode: f.code,
          errorMessage: clean(f),
          requestId: f.requestId,
        };
      default:
        // not_found, still rate limited, never reached: nothing was applied by this attempt.
        return giveUp(f, f.kind === 'rate_limited' ? `still rate limited after ${attempts} tries` : f.kind);
    }
  }
}
