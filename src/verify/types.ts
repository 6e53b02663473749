/**
 * The shape `verify --json` prints and the HTML report renders: one result per check of the
 * migration guide's verification checklist, in the checklist's order.
 */
export type CheckId = 'completeness' | 'field-parity' | 'test-logins' | 'oauth' | 'resets';

export type CheckStatus = 'PASS' | 'FAIL' | 'SKIP';

export interface Offender {
  email?: string;
  localId?: string;
  workosId?: string;
  reason: string;
}

export interface CheckResult {
  id: CheckId;
  /** Human title. */
  title: string;
  status: CheckStatus;
  /** E.g. { expected, found, missing, unknownInWorkos }. */
  counts: Record<string, number>;
  /** The first MAX_OFFENDERS, in journal order. */
  offenders: Offender[];
  /** Why SKIP, or informational text. */
  note?: string;
}

export interface VerifyResult {
  ok: boolean;
  checkedAt: string;
  target: string;
  checks: CheckResult[];
}

/** How many offenders a check lists; its counts stay complete. */
export const MAX_OFFENDERS = 20;
