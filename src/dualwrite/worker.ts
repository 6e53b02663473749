import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MigratorError } from '../errors/index.js';
import { describeNetworkCode } from '../workos/classify.js';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from '../workos/circuit-breaker.js';
import { pause, type CallContext, type RequestStats } from '../workos/paced-call.js';
import { backoffDelay } from '../workos/retry-policy.js';
import type { ChangeOp } from './changes.js';
import { deliver, type DeliveryContext, type Verdict } from './deliver.js';
import { WAITING_FOR_USER, type Outbox, type OutboxRow } from './outbox.js';

export interface DrainOptions {
  signal?: AbortSignal;
  /** Keep running after the outbox is empty, delivering new rows as they come (`drain --follow`). */
  follow?: boolean;
  /** How often an idle worker looks for new rows (follow) or for rows whose backoff ended. Default 500 ms. */
  pollMs?: number;
  /** How long a claim lasts without renewal; a killed worker's rows wait this long. Default 30 s. */
  leaseMs?: number;
  /** Rows delivered at once by this worker (one per user at a time). Default 8. */
  concurrency?: number;
  /** Without --follow: give up after WorkOS was unreachable this long. Default 10 minutes. */
  patienceMs?: number;
  /** With --follow: how often changes waiting for their user are looked at again. Default 5 s. */
  waitingRecheckMs?: number;
  /** The breaker that a new one after an outage is built with (the context's own is used first). */
  breaker?: Partial<BreakerOptions>;
  /** Put failed rows back in the queue first. */
  retryFailed?: boolean;
  onDelivered?: (row: OutboxRow, verdict: Verdict) => void;
  onNotice?: (message: string) => void;
}

export interface DrainSummary {
  delivered: Record<ChangeOp, number>;
  /** Rows WorkOS refused this run (see status for the reasons). */
  failed: number;
  /** Rows waiting for their user to exist in WorkOS. */
  waiting: number;
  /** Deliveries put back for later (5xx, 429s beyond patience, unreachable). */
  retried: number;
  requests: RequestStats;
  elapsedMs: number;
}

const owner = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/**
 * Delivers the outbox until it is empty (or forever, with `follow`): rows in order per user, each
 * claimed with a lease that is renewed while it is delivered, several users at a time, through
 * the paced call. When WorkOS stops answering, the circuit breaker opens, claimed rows go back
 * untouched, and the worker waits (doubling up to 30 s) and tries again: nothing is lost, only late.
 */
export async function drainOutbox(
  outbox: Outbox,
  calls: CallContext,
  options: DrainOptions = {},
): Promise<DrainSummary> {
  const started = Date.now();
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 500;
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const patienceMs = options.patienceMs ?? 600_000;
  const recheckMs = options.waitingRecheckMs ?? 5_000;
  const breakerOptions: BreakerOptions = { ...DEFAULT_BREAKER, ...options.breaker };
  const me = owner();
  const summary: DrainSummary = {
    delivered: { create: 0, update: 0, delete: 0 },
    failed: 0,
    waiting: 0,
    retried: 0,
    requests: calls.stats,
    elapsedMs: 0,
  };
  const waitingIds = new Set<number>();
  const ctx: DeliveryContext = {
    calls,
    marker: await outbox.marker(),
    mappedId: (localId) => outbox.mappedId(localId),
  };
  if (options.retryFailed) {
    const n = await outbox.retryFailed();
    if (n) options.onNotice?.(`${n} failed change(s) put back in the queue`);
  }
  await outbox.recheckWaiting();

  const inFlight = new Set<number>();
  const heartbeat = setInterval(
    () => {
      void outbox.renew([...inFlight], me, Date.now() + leaseMs).catch(() => undefined);
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref();

  let failure: unknown;
  let outages = 0;
  let lastAnswer = Date.now();
  const apply = async (row: OutboxRow, v: Verdict): Promise<void> => {
    const now = Date.now();
    if (!(v.kind === 'retry' && v.unreachable)) {
      lastAnswer = now;
      outages = 0;
    }
    switch (v.kind) {
      case 'done':
        await outbox.complete(row, now, v);
        summary.delivered[row.op]++;
        waitingIds.delete(row.id);
        break;
      case 'failed':
        await outbox.fail(row, v.code, v.message);
        summary.failed++;
        break;
      case 'wait':
        await outbox.release(
          row,
          now + (options.follow ? recheckMs : 3_600_000),
          WAITING_FOR_USER,
          v.message,
        );
        waitingIds.add(row.id);
        break;
      case 'retry':
        // Unreachable rows go back at once: the outage wait below decides when to try again.
        await outbox.release(
          row,
          v.unreachable ? now : now + backoffDelay(row.attempts, calls.policy),
          v.code,
          v.message,
        );
        summary.retried++;
        break;
    }
    options.onDelivered?.(row, v);
  };

  const running = new Set<Promise<void>>();
  const start = (row: OutboxRow): void => {
    inFlight.add(row.id);
    const p = deliver(ctx, row)
      .then((v) => apply(row, v))
      .finally(() => {
        inFlight.delete(row.id);
        running.delete(p);
      });
    // Observed at once: a failed write-back must surface through the loop, never as an unhandled rejection.
    p.catch(() => undefined);
    running.add(p);
  };
  let lastWaitingRecheck = Date.now();
  const sleep = (ms: number): Promise<void> => pause(calls, Math.max(10, ms));

  try {
    while (!calls.stop.stopped && failure === undefined) {
      if (calls.breaker.open) {
        // Let what is in flight come back (as "stopped"), then wait out the outage and try again.
        await Promise.allSettled([...running]);
        const { code } = calls.breaker.lastFailure;
        if (!options.follow && Date.now() - lastAnswer > patienceMs)
          throw new MigratorError(
            'unreachable',
            `cannot reach ${calls.client.target.baseUrl}: ${describeNetworkCode(code)} for ${Math.round((Date.now() - lastAnswer) / 1000)}s. Nothing was lost: every undelivered change is still in the outbox; run workos-migrator dualwrite drain again once WorkOS answers`,
          );
        const wait = Math.min(30_000, 500 * 2 ** outages++);
        options.onNotice?.(
          `WorkOS unreachable (${describeNetworkCode(code)}): changes stay in the outbox; trying again in ${(wait / 1000).toFixed(1)}s`,
        );
        await sleep(wait);
        calls.breaker = new CircuitBreaker(breakerOptions);
        continue;
      }
      if (options.follow && Date.now() - lastWaitingRecheck > recheckMs) {
        lastWaitingRecheck = Date.now();
        await outbox.recheckWaiting();
      }
      const free = concurrency - running.size;
      const now = Date.now();
      const rows = free > 0 ? await outbox.claim(me, now, now + leaseMs, free) : [];
      for (const row of rows) start(row);
      if (rows.length > 0) {
        if (running.size >= concurrency) await Promise.race(running).catch((e: unknown) => (failure = e));
        continue;
      }
      if (running.size > 0) {
        // A delivery finishing makes its user's next change deliverable: look again then.
        await Promise.race([Promise.race(running).catch((e: unknown) => (failure = e)), sleep(pollMs)]);
        continue;
      }
      const due = await outbox.nextDue();
      if (due === null && !options.follow) break;
      await sleep(Math.min(pollMs, Math.max(0, (due ?? Infinity) - Date.now())));
    }
    const settled = await Promise.allSettled([...running]);
    for (const s of settled) if (s.status === 'rejected' && failure === undefined) failure = s.reason;
    if (failure !== undefined) throw failure;
  } finally {
    clearInterval(heartbeat);
  }
  summary.waiting = waitingIds.size;
  summary.elapsedMs = Date.now() - started;
  return summary;
}
