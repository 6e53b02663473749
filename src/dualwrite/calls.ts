import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from '../workos/circuit-breaker.js';
import { createWorkosClient, type WorkosClient } from '../workos/client.js';
import { budgetOf, parseRate, type Budget } from '../workos/limits.js';
import { newRequestStats, type CallContext } from '../workos/paced-call.js';
import { Pacer } from '../workos/pacer.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../workos/retry-policy.js';
import { Stopper } from '../workos/stopper.js';

/** Where the outbox delivers: the real API (key here or in WORKOS_API_KEY) or a local emulator. */
export type DualWriteTarget = { apiKey?: string } | { emulator: string; apiKey?: string };

/** How the worker paces; the same budgets and flags as the import. */
export interface PaceOptions {
  writeLimit?: string | Budget;
  readLimit?: string | Budget;
  generalLimit?: string | Budget;
  /**
   * Share of each limit, default 20%: the worker runs beside the live application and, until
   * cutover, beside an import at its default 80% — together they stay at the limit, not over it.
   */
  rate?: string | number;
  retryPolicy?: Partial<RetryPolicy>;
  breaker?: Partial<BreakerOptions>;
  /** Replaces the client built from the target (tests, proxies). */
  client?: WorkosClient;
}

export const DEFAULT_DUAL_WRITE_SHARE = 0.2;

/**
 * The paced-call context of a worker: what `openSession` builds for the import, without the
 * journal (the outbox lives in the application's database, and this must load without it).
 */
export function workerCalls(
  target: DualWriteTarget,
  pace: PaceOptions = {},
  signal?: AbortSignal,
): CallContext {
  const client =
    pace.client ??
    createWorkosClient({
      apiKey: target.apiKey,
      emulatorUrl: 'emulator' in target ? target.emulator : undefined,
    });
  const share =
    pace.rate === undefined
      ? DEFAULT_DUAL_WRITE_SHARE
      : typeof pace.rate === 'number'
        ? pace.rate
        : parseRate(pace.rate);
  return {
    client,
    pacer: new Pacer(
      {
        writes: budgetOf(pace.writeLimit, 'writes'),
        reads: budgetOf(pace.readLimit, 'reads'),
        general: budgetOf(pace.generalLimit, 'general'),
      },
      { share },
    ),
    policy: { ...DEFAULT_RETRY_POLICY, ...pace.retryPolicy },
    breaker: new CircuitBreaker({ ...DEFAULT_BREAKER, ...pace.breaker }),
    stats: newRequestStats(),
    stop: new Stopper(signal),
  };
}
