import { MAX_OFFENDERS, type CheckId, type CheckResult, type Offender, type VerifyResult } from './types.js';

/** The checklist's order and titles: the guide's verification steps, as they print. */
export const CHECKS: ReadonlyArray<{ id: CheckId; title: string }> = [
  { id: 'completeness', title: 'Every imported user exists in WorkOS' },
  { id: 'field-parity', title: 'Email, names, email_verified and external_id as the source says' },
  { id: 'test-logins', title: 'Test logins authenticate with their old passwords' },
  { id: 'oauth', title: 'Imported OAuth users have their identities' },
  { id: 'resets', title: 'Planned password resets sent, none failed' },
];

export const titleOf = (id: CheckId): string => CHECKS.find((c) => c.id === id)?.title ?? id;

/** Collects offenders, keeping the first MAX_OFFENDERS and counting them all. */
export class OffenderList {
  readonly items: Offender[] = [];
  total = 0;

  add(offender: Offender): void {
    this.total++;
    if (this.items.length < MAX_OFFENDERS) this.items.push(offender);
  }
}

/**
 * A check's result: FAIL when any of `failures` happened. Offenders may also list what is only
 * worth knowing (a WorkOS user the source does not know), which does not fail the check.
 */
export function verdict(
  id: CheckId,
  counts: Record<string, number>,
  offenders: OffenderList,
  failures: number,
  note?: string,
): CheckResult {
  return {
    id,
    title: titleOf(id),
    status: failures === 0 ? 'PASS' : 'FAIL',
    counts,
    offenders: offenders.items,
    ...(note ? { note } : {}),
  };
}

export function skipped(id: CheckId, note: string, counts: Record<string, number> = {}): CheckResult {
  return { id, title: titleOf(id), status: 'SKIP', counts, offenders: [], note };
}

/** The checklist: in the guide's order, ok when no check failed (SKIP is not a failure, nor a pass). */
export function assembleChecklist(target: string, checkedAt: string, results: CheckResult[]): VerifyResult {
  const order = (r: CheckResult) => CHECKS.findIndex((c) => c.id === r.id);
  const checks = [...results].sort((a, b) => order(a) - order(b));
  return { ok: checks.every((c) => c.status !== 'FAIL'), checkedAt, target, checks };
}
