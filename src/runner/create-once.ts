import { redact, type ApiFailure } from '../workos/classify.js';
import type { CallResult } from '../workos/client.js';
import type { SharedBudgetName } from '../workos/limits.js';
import { pacedCall, pause, type CallContext, type StoppedFailure } from '../workos/paced-call.js';
import { decideTransient } from '../workos/retry-policy.js';

/** How one object is created exactly once: its create, and how to find it when in doubt. */
export interface CreateOnceSpec<T> {
  /** Shared budgets of the create and of the lookup (organizations draw on the general limit only). */
  writeBudgets: readonly SharedBudgetName[];
  readBudgets: readonly SharedBudgetName[];
  create: () => Promise<CallResult<T>>;
  /** The object if WorkOS has it (null if not): the only way to settle a lost answer. */
  find: () => Promise<CallResult<T | null>>;
  /** Marks the row in flight, durably, before the first create leaves. */
  mark: () => Promise<void>;
  /** The row was sent before without a known outcome (in flight at a crash, unknown). */
  sentBefore: boolean;
  /** A refusal that means "it exists already" (external id taken, already a member). */
  exists?: (f: ApiFailure) => boolean;
  /** Never to appear in a message (the API key, a secret the create carries). */
  secrets?: readonly string[];
}

export type CreateOnceOutcome<T> =
  /** `created`: by this run or an earlier one whose answer was lost; `found`: it was there before. */
  | { ok: true; value: T; by: 'created' | 'found'; attempts: number; requestId?: string }
  | {
      ok: false;
      /** `pending`: nothing left; `unknown`: it may exist, settle by lookup next time; `invalid`/`failed`: refused. */
      status: 'pending' | 'unknown' | 'invalid' | 'failed';
      code: string;
      message: string;
      attempts: number;
      requestId?: string;
    };

/**
 * The import's exactly-once rule for any object it creates (the user import has its own richer
 * version with ownership proofs): a row that may have been applied is looked up before any new
 * create; a lost answer or 5xx is settled by lookup, then retried with backoff; a refusal that says
 * "exists" is settled by lookup too. Nothing is ever sent twice blind.
 */
export async function createOnce<T>(
  ctx: CallContext,
  spec: CreateOnceSpec<T>,
): Promise<CreateOnceOutcome<T>> {
  let attempts = 0;
  let mayHaveCommitted = spec.sentBefore;
  let marked = false;
  let sends = 0;
  const secrets = [ctx.client.target.apiKey, ...(spec.secrets ?? [])];
  const clean = (f: ApiFailure | StoppedFailure): string => redact(f.message, secrets);
  const code = (f: ApiFailure | StoppedFailure): string => ('code' in f ? f.code : f.kind);
  const giveUp = (f: ApiFailure | StoppedFailure, why: string): CreateOnceOutcome<T> => ({
    ok: false,
    status: mayHaveCommitted ? 'unknown' : 'failed',
    code: code(f),
    message: `${clean(f)} (${why})`,
    attempts,
    ...('requestId' in f && f.requestId ? { requestId: f.requestId } : {}),
  });
  const find = async (): Promise<
    { ok: true; value: T | null } | { ok: false; failure: ApiFailure | StoppedFailure }
  > => {
    const r = await pacedCall(ctx, { budgets: spec.readBudgets, retry: 'idempotent' }, spec.find);
    return r.ok ? { ok: true, value: r.value } : { ok: false, failure: r.failure };
  };

  if (mayHaveCommitted) {
    const r = await find();
    if (!r.ok)
      return r.failure.kind === 'stopped'
        ? { ok: false, status: 'unknown', code: 'stopped', message: clean(r.failure), attempts }
        : giveUp(r.failure, 'lookup failed');
    if (r.value) return { ok: true, value: r.value, by: 'created', attempts };
  }
  for (;;) {
    const res = await pacedCall(ctx, { budgets: spec.writeBudgets, retry: 'once' }, async () => {
      if (!marked) {
        await spec.mark();
        marked = true;
      }
      return spec.create();
    });
    attempts += res.attempts;
    if (res.ok)
      return {
        ok: true,
        value: res.value,
        by: 'created',
        attempts,
        ...(res.requestId ? { requestId: res.requestId } : {}),
      };
    if (res.maybeApplied) mayHaveCommitted = true;
    const f = res.failure;
    if (f.kind === 'stopped')
      return {
        ok: false,
        status: mayHaveCommitted ? 'unknown' : 'pending',
        code: f.why,
        message: clean(f),
        attempts,
      };
    if (f.kind === 'transient' || f.kind === 'lost' || spec.exists?.(f)) {
      const r = await find();
      if (!r.ok) return giveUp(f, `lookup failed: ${clean(r.failure)}`);
      if (r.value) return { ok: true, value: r.value, by: mayHaveCommitted ? 'created' : 'found', attempts };
      if (spec.exists?.(f)) return giveUp(f, 'WorkOS reports it exists, yet the lookup does not find it');
      const d = decideTransient(++sends, ctx.policy);
      if (!d.retry) return giveUp(f, `gave up after ${sends} tries`);
      ctx.stats.retries++;
      await pause(ctx, d.delayMs);
      continue;
    }
    // A 409 (a domain another organization holds) is the data refused, like a 422: nothing was applied.
    if (f.kind === 'invalid' || f.kind === 'duplicate_email')
      return {
        ok: false,
        status: 'invalid',
        code: f.code,
        message: clean(f),
        attempts,
        ...(f.requestId ? { requestId: f.requestId } : {}),
      };
    return giveUp(f, f.kind === 'rate_limited' ? `still rate limited after ${attempts} tries` : f.kind);
  }
}
