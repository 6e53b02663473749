import { effectiveLimits, type EffectiveLimits, type Limit, type LimitsOption } from './limits.js';
import { KeyedSlidingWindows, maxInAnyWindow, SlidingWindow } from './sliding-window.js';

export interface LimitedRequest {
  ip: string;
  method: string;
  path: string;
  /** The lower-cased email of authenticate / password_reset / magic_auth bodies. */
  email?: string;
  /** The user id of email_verification/send. */
  userId?: string;
  /** The bearer token, for the limits WorkOS counts per API key. */
  apiKey?: string;
}

export type LimitDecision = { ok: true } | { ok: false; waitMs: number; scope: string };

type Bucket = { scope: string; window: SlidingWindow };

/**
 * Which documented budgets a request draws on, and whether all of them admit it. A request is
 * logged in every bucket only when every bucket admits it, so a refusal costs no budget.
 */
export class RateLimiter {
  readonly limits: EffectiveLimits;
  private general: KeyedSlidingWindows;
  private reads: SlidingWindow;
  private writes: SlidingWindow;
  private perKey: Record<
    'authenticate' | 'passwordReset' | 'magicAuth' | 'emailVerification' | 'organizationDelete',
    KeyedSlidingWindows
  >;
  /** Every accepted write under /user_management/, kept to compute the busiest window exactly. */
  readonly acceptedWrites: number[] = [];
  rejected = 0;
  readonly rejectedByScope: Record<string, number> = {};

  constructor(option: LimitsOption = 'documented') {
    this.limits = effectiveLimits(option);
    const keyed = (l: Limit) => new KeyedSlidingWindows(l.limit, l.windowMs);
    this.general = keyed(this.limits.general);
    this.reads = new SlidingWindow(this.limits.reads.limit, this.limits.reads.windowMs);
    this.writes = new SlidingWindow(this.limits.writes.limit, this.limits.writes.windowMs);
    this.perKey = {
      authenticate: keyed(this.limits.authenticatePerEmail),
      passwordReset: keyed(this.limits.passwordResetPerEmail),
      magicAuth: keyed(this.limits.magicAuthPerEmail),
      emailVerification: keyed(this.limits.emailVerificationPerUser),
      organizationDelete: keyed(this.limits.organizationDeletesPerKey),
    };
  }

  private buckets(req: LimitedRequest): Bucket[] {
    const out: Bucket[] = [{ scope: 'general, per IP', window: this.general.get(req.ip) }];
    if (req.method === 'DELETE' && /^\/organizations\/[^/]+$/.test(req.path))
      out.push({
        scope: 'organization deletes, per API key',
        window: this.perKey.organizationDelete.get(req.apiKey ?? ''),
      });
    if (!req.path.startsWith('/user_management/')) return out;
    if (req.method === 'GET') out.push({ scope: 'reads, per environment', window: this.reads });
    else out.push({ scope: 'writes, per environment', window: this.writes });
    if (req.method !== 'POST') return out;
    if (req.path === '/user_management/authenticate' && req.email)
      out.push({ scope: 'authenticate, per email', window: this.perKey.authenticate.get(req.email) });
    if (req.path === '/user_management/password_reset' && req.email)
      out.push({ scope: 'password reset, per email', window: this.perKey.passwordReset.get(req.email) });
    if (req.path === '/user_management/magic_auth' && req.email)
      out.push({ scope: 'magic auth, per email', window: this.perKey.magicAuth.get(req.email) });
    if (req.userId && /^\/user_management\/users\/[^/]+\/email_verification\/send$/.test(req.path))
      out.push({
        scope: 'email verification, per user',
        window: this.perKey.emailVerification.get(req.userId),
      });
    return out;
  }

  check(req: LimitedRequest, now = Date.now()): LimitDecision {
    const isWrite = req.path.startsWith('/user_management/') && req.method !== 'GET';
    if (this.limits.enabled) {
      const buckets = this.buckets(req);
      let worst: { waitMs: number; scope: string } | undefined;
      for (const b of buckets) {
        const waitMs = b.window.waitMs(now);
        if (waitMs > 0 && (!worst || waitMs > worst.waitMs)) worst = { waitMs, scope: b.scope };
      }
      if (worst) {
        this.rejected++;
        this.rejectedByScope[worst.scope] = (this.rejectedByScope[worst.scope] ?? 0) + 1;
        return { ok: false, ...worst };
      }
      for (const b of buckets) b.window.record(now);
    }
    if (isWrite) this.acceptedWrites.push(now);
    return { ok: true };
  }

  /** The highest number of accepted writes inside any window of the (effective) write-limit length. */
  maxWritesInAnyWindow(): number {
    return maxInAnyWindow(this.acceptedWrites, this.limits.writes.windowMs);
  }
}
