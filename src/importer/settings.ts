import { usageError } from '../errors/index.js';
import type { UserStatus } from '../journal/statuses.js';
import type { MigrationUser } from '../model/user.js';
import type { PlanOptions } from '../plan/types.js';
import { defaultTargetSettings, type TargetSettings } from '../runner/session.js';
import { budgetOf, parseRate, type Budget } from '../workos/limits.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../workos/retry-policy.js';
import type { BreakerOptions } from '../workos/circuit-breaker.js';

/** How an import is called: what the CLI flags say, as a library user would pass them. */
export interface ImportSelection {
  /** Canary: send at most this many users in this run. */
  limit?: number;
  /** Canary: only these emails (case-insensitive). */
  only?: Iterable<string>;
}

export interface ImportSettingsInput extends ImportSelection {
  writeLimit?: string | Budget;
  readLimit?: string | Budget;
  generalLimit?: string | Budget;
  /** WorkOS's organization-delete limit per API key (undo); default the documented 50/60s. */
  organizationDeleteLimit?: string | Budget;
  /** Share of each limit, `80%` or 0.8; default 80% (a live app keeps headroom), 100% for a frozen app. */
  rate?: string | number;
  retryPolicy?: Partial<RetryPolicy>;
  breaker?: Partial<BreakerOptions>;
  /** Send external_id = local id (default true). */
  externalId?: boolean;
  /** Upper bound on requests in flight. */
  maxConcurrency?: number;
  retryStatuses?: readonly UserStatus[];
}

/** The parsed, checked settings of one import: each part goes only where it is needed. */
export interface ImportSettings {
  target: TargetSettings;
  /** Picks the users this run may send (canary); `limit` caps how many. */
  selected: (user: MigrationUser) => boolean;
  limit: number;
  onlyCount: number;
  externalIds: boolean;
  maxConcurrency: number;
  retryStatuses: readonly UserStatus[];
}

export function parseImportSettings(input: ImportSettingsInput): ImportSettings {
  if (input.limit !== undefined && !(Number.isInteger(input.limit) && input.limit > 0)) {
    throw usageError(`--limit must be a positive whole number; got ${input.limit}`);
  }
  const only = input.only
    ? new Set([...input.only].map((e) => e.trim().toLowerCase()).filter(Boolean))
    : undefined;
  const share =
    input.rate === undefined ? 0.8 : typeof input.rate === 'number' ? input.rate : parseRate(input.rate);
  if (!(share > 0 && share <= 1)) throw usageError(`--rate must be a share between 0 and 1; got ${share}`);
  const defaults = defaultTargetSettings();
  return {
    target: {
      ...defaults,
      budgets: {
        writes: budgetOf(input.writeLimit, 'writes'),
        reads: budgetOf(input.readLimit, 'reads'),
        general: budgetOf(input.generalLimit, 'general'),
      },
      keyedBudgets: {
        ...defaults.keyedBudgets,
        organizationDelete: budgetOf(input.organizationDeleteLimit, 'organizationDeletesPerKey'),
      },
      share,
      policy: { ...DEFAULT_RETRY_POLICY, ...input.retryPolicy },
      breaker: { ...defaults.breaker, ...input.breaker },
    },
    selected: (user) => !only || only.has(user.email.trim().toLowerCase()),
    limit: input.limit ?? Infinity,
    onlyCount: only?.size ?? Infinity,
    externalIds: input.externalId !== false,
    maxConcurrency: input.maxConcurrency ?? 64,
    retryStatuses: input.retryStatuses ?? [],
  };
}

/** What the planner and the send passes read: the source and how to map it. */
export function planOptionsOf(
  options: Pick<
    PlanOptions,
    'source' | 'format' | 'query' | 'map' | 'preset' | 'params' | 'noPasswords' | 'strict' | 'trickle'
  >,
  storedQuery?: string | null,
): PlanOptions {
  return {
    source: options.source,
    format: options.format,
    query: options.query ?? storedQuery ?? undefined,
    map: options.map,
    preset: options.preset,
    params: options.params,
    noPasswords: options.noPasswords,
    strict: options.strict,
    trickle: options.trickle,
  };
}
