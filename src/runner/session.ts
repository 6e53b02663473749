import { Journal } from '../journal/journal.js';
import { DEFAULT_STATE_FILE } from '../journal/reports.js';
import { CircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from '../workos/circuit-breaker.js';
import { createWorkosClient, type WorkosClient, type WorkosTargetOptions } from '../workos/client.js';
import { KeyedPacer } from '../workos/keyed-pacer.js';
import {
  budgetOf,
  KEYED_BUDGETS,
  type Budget,
  type KeyedBudgetName,
  type SharedBudgetName,
} from '../workos/limits.js';
import { newRequestStats, type CallContext } from '../workos/paced-call.js';
import { Pacer } from '../workos/pacer.js';
import { preflight } from '../workos/preflight.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../workos/retry-policy.js';
import { Stopper } from '../workos/stopper.js';
import { targetIdentity } from '../workos/target-identity.js';
import { restoreWebhooks } from '../workos/webhooks.js';

/** How a command that talks to WorkOS paces and retries; parsed once from the flags. */
export interface TargetSettings {
  budgets: Record<SharedBudgetName, Budget>;
  keyedBudgets: Record<KeyedBudgetName, Budget>;
  /** Share of each shared limit to use. */
  share: number;
  policy: RetryPolicy;
  breaker: BreakerOptions;
}

export function defaultTargetSettings(overrides: Partial<TargetSettings> = {}): TargetSettings {
  return {
    budgets: {
      writes: budgetOf(undefined, 'writes'),
      reads: budgetOf(undefined, 'reads'),
      general: budgetOf(undefined, 'general'),
    },
    keyedBudgets: Object.fromEntries(
      Object.entries(KEYED_BUDGETS).map(([name, limit]) => [name, budgetOf(undefined, limit)]),
    ) as Record<KeyedBudgetName, Budget>,
    share: 0.8,
    policy: DEFAULT_RETRY_POLICY,
    breaker: DEFAULT_BREAKER,
    ...overrides,
  };
}

export interface SessionOptions {
  target: WorkosTargetOptions;
  /** Journal path; default ./workos-migrator.db. */
  state?: string;
  /** The command taking the journal (shown to a second process that is refused). */
  command: string;
  settings: TargetSettings;
  signal?: AbortSignal;
  /** Overrides the client built from `target`. */
  client?: WorkosClient;
  onNotice?: (message: string) => void;
  /**
   * false: a command that only reads the journal (a status while a campaign runs). It neither
   * takes the journal nor writes to it, so it does not re-enable paused webhooks either.
   */
  lock?: false;
  /** Refusals that need only the journal (no strategy recorded, another source): before any request. */
  check?: (journal: Journal) => void;
}

/** A journal held by this process and everything a paced WorkOS call needs. */
export interface Session {
  journal: Journal;
  calls: CallContext;
  close(): void;
}

/**
 * Opens what every command that changes WorkOS starts with: the journal, locked to this process;
 * the client, proven reachable by one read; the pacer, breaker and stop switch of the run. Webhook
 * endpoints an earlier run disabled and could not re-enable (it crashed) are re-enabled here.
 */
export async function openSession(options: SessionOptions): Promise<Session> {
  const writes = options.lock !== false;
  const journal = Journal.open(options.state ?? DEFAULT_STATE_FILE, writes ? { lock: options.command } : {});
  try {
    options.check?.(journal);
    const client = options.client ?? createWorkosClient(options.target);
    await preflight(client);
    if (writes) journal.target = JSON.stringify(targetIdentity(client.target));
    const { settings } = options;
    const calls: CallContext = {
      client,
      pacer: new Pacer(settings.budgets, { share: settings.share }),
      keyed: new KeyedPacer(settings.keyedBudgets),
      policy: settings.policy,
      breaker: new CircuitBreaker(settings.breaker),
      stats: newRequestStats(),
      stop: new Stopper(options.signal),
    };
    const leftover = writes ? journal.pausedWebhooks() : [];
    if (leftover.length > 0) {
      const r = await restoreWebhooks(calls, journal);
      options.onNotice?.(
        r.failed.length === 0
          ? `re-enabled ${r.restored.length} webhook endpoint(s) an earlier run had paused`
          : `could not re-enable webhook endpoint(s) ${r.failed.map((f) => f.id).join(', ')} an earlier run paused: enable them in the WorkOS dashboard`,
      );
    }
    return { journal, calls, close: () => journal.close() };
  } catch (err) {
    journal.close();
    throw err;
  }
}
