import { MigratorError } from '../errors/index.js';
import type { ApiFailure } from './classify.js';
import { describeNetworkCode } from './classify.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { CallResult, WorkosClient } from './client.js';
import { systemClock, type Clock } from './clock.js';
import type { KeyedPacer } from './keyed-pacer.js';
import type { KeyedBudgetName, SharedBudgetName } from './limits.js';
import type { Pacer, PacerTicket } from './pacer.js';
import { backoffDelay, decideTransient, type RetryPolicy } from './retry-policy.js';
import type { Stopper } from './stopper.js';

/** Request counters for summaries and progress bars. */
export interface RequestStats {
  writes: number;
  reads: number;
  rateLimited: number;
  retries: number;
}

export const newRequestStats = (): RequestStats => ({ writes: 0, reads: 0, rateLimited: 0, retries: 0 });

/** What every paced call of a run shares: the client, its budgets, the policy and the stop switch. */
export interface CallContext {
  client: WorkosClient;
  pacer: Pacer;
  keyed?: KeyedPacer<KeyedBudgetName>;
  policy: RetryPolicy;
  breaker: CircuitBreaker;
  stats: RequestStats;
  stop: Stopper;
  clock?: Clock;
}

export interface CallSpec {
  /** The shared budgets the request draws on (READ or WRITE from limits.ts). */
  budgets: readonly SharedBudgetName[];
  /** A per-email budget too (authenticate, password reset, verification send). */
  key?: { budget: KeyedBudgetName; key: string };
  /**
   * `idempotent`: a lost answer or a 5xx is retried like any other hiccup (reads, updates to a
   * value). `once`: the request may have been applied, so it comes back to the caller, who must
   * find out (by lookup) before sending again — a create retried blind makes a duplicate.
   */
  retry: 'idempotent' | 'once';
}

/** The run stopped before this call could (or could again) be sent. */
export interface StoppedFailure {
  kind: 'stopped';
  why: 'interrupted' | 'unreachable' | string;
  message: string;
}

export type CallOutcome<T> =
  | { ok: true; value: T; requestId?: string; attempts: number }
  | {
      ok: false;
      failure: ApiFailure | StoppedFailure;
      attempts: number;
      /** Some attempt may have been applied by WorkOS although no success came back. */
      maybeApplied: boolean;
    };

/**
 * One WorkOS call with the whole policy, the single home of it: paced by the shared budgets (and a
 * per-email one), 429s wait for Retry-After and slow the pacer, connection failures back off and
 * feed the circuit breaker, 5xx and lost answers are retried only when the call is idempotent,
 * and a refused key stops everything. Never sends once the run has stopped.
 */
export async function pacedCall<T>(
  ctx: CallContext,
  spec: CallSpec,
  fn: () => Promise<CallResult<T>>,
): Promise<CallOutcome<T>> {
  const isWrite = spec.budgets.includes('writes');
  let attempts = 0;
  let transient = 0;
  let limited = 0;
  let maybeApplied = false;
  let last: ApiFailure | undefined;
  const stopped = (): CallOutcome<T> => {
    const why = ctx.breaker.open ? 'unreachable' : (ctx.stop.reason ?? 'interrupted');
    return {
      ok: false,
      failure: { kind: 'stopped', why, message: last ? last.message : `stopped (${why}) before sending` },
      attempts,
      maybeApplied,
    };
  };
  const backoff = async (n: number): Promise<void> => {
    ctx.stats.retries++;
    await pause(ctx, backoffDelay(n, ctx.policy));
  };

  for (;;) {
    if (ctx.stop.stopped || ctx.breaker.open) return stopped();
    const slot =
      spec.key && ctx.keyed ? await ctx.keyed.acquire(spec.key.budget, spec.key.key, ctx.stop) : undefined;
    if (slot === false) return stopped();
    const ticket = await ctx.stop.race<PacerTicket>(ctx.pacer.acquire(spec.budgets), (t) => t.done());
    if (!ticket) {
      slot?.done();
      return stopped();
    }
    if (ctx.breaker.open) {
      ticket.done();
      slot?.done();
      return stopped();
    }
    if (isWrite) ctx.stats.writes++;
    else ctx.stats.reads++;
    attempts++;
    const res = await fn();
    ticket.done();
    slot?.done();
    if (res.ok) {
      ctx.breaker.answered();
      return { ok: true, value: res.value, requestId: res.info.requestId, attempts };
    }
    const f = res.failure;
    last = f;
    if (f.kind === 'unreachable' || (f.kind === 'lost' && !res.info.answered)) {
      if (f.kind === 'lost') maybeApplied = true;
      ctx.breaker.connectionFailed(f.code);
    } else {
      ctx.breaker.answered();
    }
    if (ctx.breaker.open) return stopped();
    switch (f.kind) {
      case 'unauthorized':
        throw new MigratorError('refused', f.message);
      case 'rate_limited': {
        ctx.stats.rateLimited++;
        const fallback = backoffDelay(limited + 1, ctx.policy);
        // Only this request waits out Retry-After: a sporadic 429 must not pause every worker. The
        // pacer lowers the share itself when the 429s say the window is really full (pacer.ts).
        let wait = f.retryAfterMs ?? fallback;
        if (spec.key && ctx.keyed) ctx.keyed.hold(spec.key.budget, spec.key.key, wait);
        else wait = ctx.pacer.onRateLimited(f.retryAfterMs, fallback, spec.budgets);
        if (++limited > ctx.policy.maxRateLimited) return { ok: false, failure: f, attempts, maybeApplied };
        await pause(ctx, wait);
        continue;
      }
      case 'unreachable': {
        // Never sent: safe to send again, for creates too. The breaker decides when to give up.
        if (decideTransient(++transient, ctx.policy).retry) {
          await backoff(transient);
          continue;
        }
        return { ok: false, failure: f, attempts, maybeApplied };
      }
      case 'transient':
      case 'lost': {
        if (f.kind === 'lost' || (f.status ?? 0) >= 500) maybeApplied = true;
        if (spec.retry === 'once') return { ok: false, failure: f, attempts, maybeApplied };
        if (decideTransient(++transient, ctx.policy).retry) {
          await backoff(transient);
          continue;
        }
        return { ok: false, failure: f, attempts, maybeApplied };
      }
      default:
        return { ok: false, failure: f, attempts, maybeApplied };
    }
  }
}

/** Waits `ms` on the run's clock, or until the run stops. */
export function pause(ctx: Pick<CallContext, 'stop' | 'clock'>, ms: number): Promise<void> {
  const clock = ctx.clock ?? systemClock;
  return ctx.stop.sleep(ms, (f, m) => clock.setTimer(f, m));
}

/** The message for a run stopped by the circuit breaker: what failed, and what to do. */
export function unreachableMessage(ctx: Pick<CallContext, 'client' | 'breaker'>): string {
  const { code, streak } = ctx.breaker.lastFailure;
  return `cannot reach ${ctx.client.target.baseUrl}: ${describeNetworkCode(code)} (${streak} requests in a row got no answer)`;
}
