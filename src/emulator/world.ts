import { FaultInjector } from './faults.js';
import type { LimitsOption } from './limits.js';
import { RateLimiter } from './rate-limiter.js';
import { Store } from './store.js';

export interface EmulatorConfig {
  apiKey: string;
  clientId: string;
  limits: LimitsOption;
  /** 'contract': 400 user_creation_error/email_not_available; '409': what WorkOS's own emulator answers. */
  duplicateEmail: 'contract' | '409';
  requireEmailVerification: boolean;
  /**
   * How a simulated OAuth sign-in finds the existing user: by email case-insensitively (WorkOS's
   * documented behaviour), or `exact`, the migration guide's "OAuth sign-in creates duplicate
   * user" case where a provider email differing only in case makes a second account.
   */
  oauthEmailMatch: 'case-insensitive' | 'exact';
  /** The environment's role slugs; a membership with any other is refused with 422 invalid_role. */
  roles: readonly string[];
}

/** What a new WorkOS environment starts with. */
export const DEFAULT_ROLES: readonly string[] = ['member', 'admin'];

/** Everything the routes and middleware share: the store plus the emulator's own machinery. */
export class World {
  limiter: RateLimiter;
  readonly faults = new FaultInjector();
  requests: Record<string, number> = {};
  /** Lower-cased emails whose password reset WorkOS refuses with 403 password_reset_not_allowed (control API). */
  passwordResetNotAllowed = new Set<string>();

  constructor(
    readonly config: EmulatorConfig,
    readonly store: Store,
  ) {
    this.limiter = new RateLimiter(config.limits);
  }

  /** Control-API reset: empty store, fresh windows and counters, no fault rules. */
  reset(options: { limits?: LimitsOption } = {}): void {
    this.store.reset();
    this.store.changed();
    if (options.limits !== undefined) this.config.limits = options.limits;
    this.limiter = new RateLimiter(this.config.limits);
    this.faults.clear();
    this.requests = {};
    this.passwordResetNotAllowed.clear();
  }
}
