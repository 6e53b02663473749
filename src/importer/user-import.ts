import type { RowResult } from '../journal/journal.js';
import type { JournalRow } from '../journal/journal.js';
import type { Strategy } from '../journal/statuses.js';
import type { PlannedUser } from '../plan/types.js';
import { redact, type ApiFailure } from '../workos/classify.js';
import type { CallResult, WorkosClient } from '../workos/client.js';
import type { Pacer } from '../workos/pacer.js';
import { backoffDelay, decideTransient, type RetryPolicy } from '../workos/retry-policy.js';
import { sleep } from '../workos/clock.js';
import {
  createUser,
  findUserByEmail,
  findUserByExternalId,
  findUserById,
  type WorkosUser,
} from '../workos/users.js';
import { ImportAbortedError } from './errors.js';
import type { JournalWriter } from './journal-writer.js';
import { isProvablyOurs, type FoundUser, type OwnershipEvidence } from './ownership.js';
import { buildCreateUserPayload, externalIdOf, OWNERSHIP_METADATA_KEY } from './payload.js';

export const WRITE = ['writes', 'general'] as const;
export const READ = ['reads', 'general'] as const;

/** Request counters for the summary and the progress bar. */
export interface RequestStats {
  writes: number;
  reads: number;
  rateLimited: number;
  retries: number;
}

/** Everything one user's import needs; shared by all workers of a run. */
export interface ImportContext {
  client: WorkosClient;
  pacer: Pacer;
  writer: JournalWriter;
  policy: RetryPolicy;
  strategy: Strategy;
  externalIds: boolean;
  journalId: string;
  stats: RequestStats;
  signal: AbortSignal;
}

export interface WorkItem {
  planned: PlannedUser;
  row: JournalRow;
}

type Paced<T> = { ok: true; value: T; requestId?: string } | { ok: false; failure: ApiFailure };

function toFound(u: WorkosUser): FoundUser {
  return {
    id: u.id,
    email: u.email,
    externalId: u.externalId ?? null,
    metadata: u.metadata as Record<string, string> | undefined,
  };
}

const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

function evidenceFor(ctx: ImportContext, item: WorkItem): OwnershipEvidence {
  return {
    externalId: ctx.externalIds ? externalIdOf(item.planned) : undefined,
    knownWorkosIds: [item.row.workosId, item.planned.user.workosUserId],
    journalId: ctx.externalIds ? undefined : ctx.journalId,
  };
}

/**
 * A read (lookup) through the read budget, retried on 429 / 5xx / lost answers (reads are
 * idempotent). A refused key stops the run.
 */
async function pacedRead<T>(ctx: ImportContext, fn: () => Promise<CallResult<T>>): Promise<Paced<T>> {
  let transient = 0;
  let limited = 0;
  for (;;) {
    const ticket = await ctx.pacer.acquire(READ);
    ctx.stats.reads++;
    const res = await fn();
    ticket.done();
    if (res.ok) return { ok: true, value: res.value, requestId: res.info.requestId };
    const f = res.failure;
    if (f.kind === 'unauthorized') throw new ImportAbortedError(f.message);
    if (f.kind === 'rate_limited') {
      ctx.stats.rateLimited++;
      // Only this request waits out Retry-After; the pacer decides whether the others slow down.
      const wait = ctx.pacer.onRateLimited(f.retryAfterMs, backoffDelay(limited + 1, ctx.policy), READ);
      if (++limited > ctx.policy.maxRateLimited) return { ok: false, failure: f };
      await sleep(wait, undefined, ctx.signal);
      continue;
    }
    if (f.kind === 'transient' || f.kind === 'lost') {
      const d = decideTransient(++transient, ctx.policy);
      if (!d.retry || ctx.signal.aborted) return { ok: false, failure: f };
      ctx.stats.retries++;
      await sleep(d.delayMs, undefined, ctx.signal);
      continue;
    }
    return { ok: false, failure: f };
  }
}

type Lookup = { ok: true; found: FoundUser | null; ours: boolean } | { ok: false; failure: ApiFailure };

/** Looks the user up by external id, then by email; says whether what it found is provably ours. */
async function lookup(
  ctx: ImportContext,
  item: WorkItem,
  by: 'any' | 'email' | 'external_id' = 'any',
): Promise<Lookup> {
  const evidence = evidenceFor(ctx, item);
  if (evidence.externalId && by !== 'email') {
    const extId = evidence.externalId;
    const r = await pacedRead(ctx, () => findUserByExternalId(ctx.client, extId));
    if (!r.ok) return r;
    if (r.value) return { ok: true, found: toFound(r.value), ours: true };
    if (by === 'external_id') return { ok: true, found: null, ours: false };
  }
  const email = item.planned.user.email;
  const r = await pacedRead(ctx, () => findUserByEmail(ctx.client, email));
  if (!r.ok) return r;
  if (!r.value) return { ok: true, found: null, ours: false };
  const found = toFound(r.value);
  return { ok: true, found, ours: isProvablyOurs(found, evidence) };
}

/**
 * Found by email and not provably ours: recorded as a conflict for a person to investigate, never
 * overwritten.
 */
function emailConflict(ctx: ImportContext, item: WorkItem, found: FoundUser, attempts?: number): RowResult {
  const ours = evidenceFor(ctx, item);
  const proof = ctx.externalIds
    ? `its external_id is ${found.externalId === null ? 'empty' : `"${found.externalId}"`}, not "${ours.externalId ?? ''}"`
    : `it does not carry this journal's ${OWNERSHIP_METADATA_KEY} marker`;
  return {
    row: item.row.row,
    status: 'conflict',
    attempts,
    errorCode: 'email_exists',
    errorMessage: `WorkOS user ${found.id} already has this email and is not provably this user (${proof}); it was left untouched — investigate, then link or remove it and run retry`,
  };
}

/**
 * Settles a row that was sent before but whose answer never arrived (in_flight at a crash, or
 * unknown): found and ours → created; found and not ours → conflict; not found → pending.
 */
export async function resolveUnresolved(ctx: ImportContext, item: WorkItem): Promise<RowResult> {
  const r = await lookup(ctx, item);
  if (!r.ok) {
    return {
      row: item.row.row,
      status: 'unknown',
      errorCode: r.failure.kind,
      errorMessage: `lookup failed: ${r.failure.message}`,
    };
  }
  if (!r.found) return { row: item.row.row, status: 'pending' };
  if (r.ours) return { row: item.row.row, status: 'created', workosId: r.found.id };
  return emailConflict(ctx, item, r.found);
}

/**
 * Imports one user, exactly once: durably marked in flight before the create leaves, every
 * failure mapped to a closed outcome, and any doubt (lost answer, duplicate email) settled by
 * lookup rather than by sending again blind.
 */
export async function importUser(ctx: ImportContext, item: WorkItem): Promise<RowResult> {
  const { planned, row } = item;
  const base = { row: row.row };
  let attempts = 0;

  if (ctx.strategy === 'B' && planned.user.workosUserId) {
    // Dual-write already created this user: verify and link, never create a second one.
    const id = planned.user.workosUserId;
    const r = await pacedRead(ctx, () => findUserById(ctx.client, id));
    if (!r.ok)
      return {
        ...base,
        status: 'unknown',
        errorCode: r.failure.kind,
        errorMessage: `lookup of ${id} failed: ${r.failure.message}`,
      };
    if (r.value) {
      if (sameEmail(r.value.email, planned.user.email))
        return { ...base, status: 'linked', workosId: r.value.id, requestId: r.requestId };
      return {
        ...base,
        status: 'conflict',
        errorCode: 'workos_id_mismatch',
        errorMessage: `the export says this user is WorkOS user ${id}, but that user has another email; check the dual-write column`,
      };
    }
    // The dual-write never landed (id unknown to WorkOS): import the user normally.
  }

  const payload = buildCreateUserPayload(planned, {
    externalId: ctx.externalIds,
    ownershipMarker: { key: OWNERSHIP_METADATA_KEY, value: ctx.journalId },
  });
  const secrets = [payload.passwordHash, planned.user.passwordHash, ctx.client.target.apiKey];
  const clean = (f: ApiFailure): string => redact(f.message, secrets);
  let mayHaveCommitted = row.status === 'unknown' || row.attempts > 0;
  let transient = 0;
  let limited = 0;
  let duplicateRetries = 0;
  let lastFailure: ApiFailure | undefined;

  let marked = false;
  for (;;) {
    if (ctx.signal.aborted) {
      // Interrupted between attempts: leave it for the next run, which resolves before creating.
      if (!marked) return { ...base, status: row.status, attempts };
      return {
        ...base,
        status: mayHaveCommitted ? 'unknown' : 'pending',
        attempts,
        errorCode: lastFailure?.kind ?? null,
      };
    }
    const ticket = await ctx.pacer.acquire(WRITE);
    if (!marked) {
      // Marked once the pacer lets it go, so only rows really about to be sent need a lookup after a crash.
      await ctx.writer.markInFlight(row.row);
      marked = true;
    }
    ctx.stats.writes++;
    attempts++;
    const res = await createUser(ctx.client, payload);
    ticket.done();
    if (res.ok)
      return { ...base, status: 'created', workosId: res.value.id, requestId: res.info.requestId, attempts };
    const f = res.failure;
    lastFailure = f;
    switch (f.kind) {
      case 'unauthorized':
        throw new ImportAbortedError(f.message);
      case 'rate_limited': {
        ctx.stats.rateLimited++;
        // Only this request waits out Retry-After; the pacer decides whether the others slow down.
        const wait = ctx.pacer.onRateLimited(f.retryAfterMs, backoffDelay(limited + 1, ctx.policy), WRITE);
        if (++limited > ctx.policy.maxRateLimited) {
          return {
            ...base,
            status: 'failed',
            attempts,
            errorCode: 'rate_limited',
            errorMessage: `still rate limited after ${limited} tries`,
            requestId: f.requestId,
          };
        }
        await sleep(wait, undefined, ctx.signal);
        continue;
      }
      case 'transient':
      case 'lost': {
        if (f.kind === 'lost' || (f.status ?? 0) >= 500) mayHaveCommitted = true;
        if (mayHaveCommitted) {
          const r = await lookup(ctx, item);
          if (!r.ok) {
            return {
              ...base,
              status: 'unknown',
              attempts,
              errorCode: f.code,
              errorMessage: `${clean(f)}; lookup failed: ${clean(r.failure)}`,
              requestId: f.requestId,
            };
          }
          if (r.found && r.ours)
            return { ...base, status: 'created', workosId: r.found.id, attempts, requestId: f.requestId };
          if (r.found) return emailConflict(ctx, item, r.found, attempts);
        }
        const d = decideTransient(++transient, ctx.policy);
        if (!d.retry) {
          return {
            ...base,
            status: 'failed',
            attempts,
            errorCode: f.code,
            errorMessage: `${clean(f)} (gave up after ${transient} tries)`,
            requestId: f.requestId,
          };
        }
        ctx.stats.retries++;
        await sleep(d.delayMs, undefined, ctx.signal);
        continue;
      }
      case 'duplicate_email':
      case 'external_id_taken': {
        const r = await lookup(ctx, item, f.kind === 'external_id_taken' ? 'external_id' : 'any');
        if (!r.ok) {
          return {
            ...base,
            status: 'unknown',
            attempts,
            errorCode: f.code,
            errorMessage: `lookup after ${f.code} failed: ${clean(r.failure)}`,
          };
        }
        if (
          r.found &&
          (r.ours || (f.kind === 'external_id_taken' && sameEmail(r.found.email, planned.user.email)))
        ) {
          return {
            ...base,
            status: mayHaveCommitted ? 'created' : 'linked',
            workosId: r.found.id,
            attempts,
            requestId: f.requestId,
          };
        }
        if (r.found) {
          if (f.kind === 'external_id_taken') {
            return {
              ...base,
              status: 'conflict',
              attempts,
              errorCode: 'external_id_already_used',
              errorMessage: `WorkOS user ${r.found.id} (another email) already has this external id; check the local ids in the export`,
            };
          }
          return emailConflict(ctx, item, r.found, attempts);
        }
        // Gone between the create and the lookup (deleted, or a lagging index): try once more.
        if (++duplicateRetries > 2) {
          return {
            ...base,
            status: 'failed',
            attempts,
            errorCode: f.code,
            errorMessage: `${clean(f)}, yet no such user could be found`,
          };
        }
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
      case 'not_found':
        return {
          ...base,
          status: 'failed',
          attempts,
          errorCode: 'not_found',
          errorMessage: clean(f),
          requestId: f.requestId,
        };
    }
  }
}
