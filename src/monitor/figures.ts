/** One event as monitor reads it: its type, time and who it concerns. */
export interface MonitorEvent {
  event: string;
  createdAt: string;
  userId: string | null;
  email: string | null;
}

/** What the journal knows of a user, to say where a failing sign-in comes from. */
export interface KnownUser {
  lane: string;
  hashFamily: string | null;
}

export interface MonitorFigures {
  since: string;
  until: string;
  signIns: { succeeded: number; failed: number; successRate: number | null };
  /** Failed password sign-ins per source hash family ("no hash" for users imported without one). */
  failuresByHashFamily: Record<string, number>;
  failuresByLane: Record<string, number>;
  resets: {
    created: number;
    succeeded: number;
    perBucket: Array<{ start: string; created: number; succeeded: number }>;
  };
  /** Users WorkOS created that the migration did not: sign-ups since cutover. */
  newUsers: number;
}

export const MONITORED_EVENTS = [
  'authentication.password_succeeded',
  'authentication.password_failed',
  'password_reset.created',
  'password_reset.succeeded',
  'user.created',
] as const;

/** Not in the journal: an email nobody migrated, or a user who signed up in WorkOS. */
export const NOT_MIGRATED = 'not migrated';

/**
 * A row without a family had no hash, except an imported hash planned by a journal older than the
 * family column: that one is unknown, not "no hash".
 */
const familyOf = (u: KnownUser): string =>
  u.hashFamily ?? (u.lane === 'import-hash' ? 'not recorded (planned by an older version)' : 'no hash');

/**
 * The figures after cutover (pure): password sign-in success rate, failures split by the failing
 * user's source hash family and lane (a spike on one family points at a bad conversion), resets per
 * time bucket, new users.
 */
export function monitorFigures(
  events: Iterable<MonitorEvent>,
  lookup: { byId: ReadonlyMap<string, KnownUser>; byEmail: ReadonlyMap<string, KnownUser> },
  window: { since: Date; until: Date; bucketMs: number },
): MonitorFigures {
  const f: MonitorFigures = {
    since: window.since.toISOString(),
    until: window.until.toISOString(),
    signIns: { succeeded: 0, failed: 0, successRate: null },
    failuresByHashFamily: {},
    failuresByLane: {},
    resets: { created: 0, succeeded: 0, perBucket: [] },
    newUsers: 0,
  };
  const buckets = new Map<number, { created: number; succeeded: number }>();
  const bucket = (at: string) => {
    const start =
      window.since.getTime() +
      Math.floor((Date.parse(at) - window.since.getTime()) / window.bucketMs) * window.bucketMs;
    let b = buckets.get(start);
    if (!b) buckets.set(start, (b = { created: 0, succeeded: 0 }));
    return b;
  };
  const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  for (const e of events) {
    switch (e.event) {
      case 'authentication.password_succeeded':
        f.signIns.succeeded++;
        break;
      case 'authentication.password_failed': {
        f.signIns.failed++;
        const known =
          (e.userId ? lookup.byId.get(e.userId) : undefined) ??
          (e.email ? lookup.byEmail.get(e.email.trim().toLowerCase()) : undefined);
        bump(f.failuresByHashFamily, known ? familyOf(known) : NOT_MIGRATED);
        bump(f.failuresByLane, known ? known.lane : NOT_MIGRATED);
        break;
      }
      case 'password_reset.created':
        f.resets.created++;
        bucket(e.createdAt).created++;
        break;
      case 'password_reset.succeeded':
        f.resets.succeeded++;
        bucket(e.createdAt).succeeded++;
        break;
      case 'user.created':
        if (!e.userId || !lookup.byId.has(e.userId)) f.newUsers++;
        break;
    }
  }
  const total = f.signIns.succeeded + f.signIns.failed;
  f.signIns.successRate = total ? f.signIns.succeeded / total : null;
  f.resets.perBucket = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, b]) => ({ start: new Date(start).toISOString(), ...b }));
  return f;
}
