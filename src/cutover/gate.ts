import type { VerifyRunRecord } from '../journal/verify-runs.js';
import {
  ATTENTION_STATUSES,
  STRATEGY_DESCRIPTIONS,
  UNRESOLVED_STATUSES,
  type Strategy,
  type UserStatus,
} from '../journal/statuses.js';

/** The checklist flags the guide's own shell checks grep migration.log for. */
export const CUTOVER_FLAGS = {
  oauth_provider_configured:
    'the OAuth providers your users sign in with are configured in WorkOS (the guide, Step 7)',
  dual_write_tested: 'dual-write was tested: a reconcile found no drift (strategy B)',
} as const;
export type CutoverFlag = keyof typeof CUTOVER_FLAGS;

/** What the gate decides on, gathered from the journal and migration.log. */
export interface CutoverFacts {
  statuses: Partial<Record<UserStatus, number>>;
  /** Imported users of the oauth lane: oauth_provider_configured applies when there are any. */
  oauthUsers: number;
  /** Imported users whose hash was imported: then the last verify must have logged test users in. */
  hashUsers?: number;
  strategy?: Strategy;
  /** STRATEGY_CHOICE= as migration.log has it last. */
  logStrategy?: string;
  /** Each flag's value, from the journal or migration.log (either counts: both record the same step). */
  flags: Partial<Record<CutoverFlag, string>>;
  lastVerify?: VerifyRunRecord;
  now: Date;
  maxAgeMs: number;
}

export interface GateItem {
  id: 'users-final' | 'no-failures' | 'strategy' | CutoverFlag | 'verify';
  ok: boolean;
  /** Why it holds or what to do. */
  reason: string;
}

export interface GateVerdict {
  go: boolean;
  items: GateItem[];
}

const sum = (counts: Partial<Record<UserStatus, number>>, statuses: readonly UserStatus[]) =>
  statuses.reduce((n, s) => n + (counts[s] ?? 0), 0);

const list = (counts: Partial<Record<UserStatus, number>>, statuses: readonly UserStatus[]) =>
  statuses
    .filter((s) => counts[s])
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');

function formatAge(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 1 ? `${h.toFixed(1)} h` : `${Math.round(ms / 60_000)} min`;
}

/**
 * The Step 8 gate (pure): go only when every user is settled, nothing needs a person, the strategy
 * is recorded (and migration.log agrees), the flags that apply are set, and the last verify passed
 * within `maxAgeMs`. Each item says why, so a no-go names what to do.
 */
export function cutoverGate(f: CutoverFacts): GateVerdict {
  const items: GateItem[] = [];
  const unsettled = sum(f.statuses, ['pending', ...UNRESOLVED_STATUSES]);
  items.push({
    id: 'users-final',
    ok: unsettled === 0,
    reason: unsettled
      ? `${list(f.statuses, ['pending', ...UNRESOLVED_STATUSES])} user(s) not settled: run the import (or retry) again`
      : 'every user is in a final state',
  });
  const attention = sum(f.statuses, ATTENTION_STATUSES);
  items.push({
    id: 'no-failures',
    ok: attention === 0,
    reason: attention
      ? `${list(f.statuses, ATTENTION_STATUSES)}: resolve them ("workos-migrator errors export", fix, "workos-migrator retry")`
      : 'no conflicts, failures, invalid or blocked users',
  });
  const agree = f.logStrategy === undefined || f.logStrategy === f.strategy;
  items.push({
    id: 'strategy',
    ok: f.strategy !== undefined && agree,
    reason: !f.strategy
      ? 'no strategy recorded: "workos-migrator strategy set big-bang|dual-write"'
      : !agree
        ? `the journal says strategy ${f.strategy}, migration.log says STRATEGY_CHOICE=${f.logStrategy}: set it again with "workos-migrator strategy set"`
        : `strategy ${f.strategy} (${STRATEGY_DESCRIPTIONS[f.strategy]})`,
  });
  const applies: Record<CutoverFlag, boolean> = {
    oauth_provider_configured: f.oauthUsers > 0,
    dual_write_tested: f.strategy === 'B',
  };
  for (const name of Object.keys(CUTOVER_FLAGS) as CutoverFlag[]) {
    if (!applies[name]) continue;
    const set = f.flags[name] === 'true';
    items.push({
      id: name,
      ok: set,
      reason: set
        ? `${name}=true`
        : `${name} not set: once ${CUTOVER_FLAGS[name]}, run "workos-migrator flag set ${name}"${name === 'dual_write_tested' ? ' (or a reconcile without drift sets it)' : ''}`,
    });
  }
  const v = f.lastVerify;
  const age = v ? f.now.getTime() - Date.parse(v.checkedAt) : Infinity;
  // Imported hashes are proven only by logging in: a verify that skipped that proves nothing of them.
  const loginsSkipped =
    (f.hashUsers ?? 0) > 0 && v?.checks.find((c) => c.id === 'test-logins')?.status !== 'PASS';
  items.push({
    id: 'verify',
    ok: Boolean(v?.ok) && age <= f.maxAgeMs && !loginsSkipped,
    reason: !v
      ? 'verify has not run: "workos-migrator verify --credentials test-users.csv"'
      : loginsSkipped && v.ok
        ? `the last verify logged no test user in, and ${f.hashUsers} user(s) had their hash imported: run verify --credentials test-users.csv`
        : !v.ok
          ? `the last verify (${v.checkedAt}) failed: ${v.checks
              .filter((c) => c.status === 'FAIL')
              .map((c) => c.id)
              .join(', ')}; fix and run verify again`
          : age > f.maxAgeMs
            ? `the last verify passed ${formatAge(age)} ago, more than ${formatAge(f.maxAgeMs)}: run verify again`
            : `verify passed ${formatAge(age)} ago (${v.checkedAt})`,
  });
  return { go: items.every((i) => i.ok), items };
}
