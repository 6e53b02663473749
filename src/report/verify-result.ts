/**
 * What `verify --json` prints. Defined here for the report until the verify command lands; the
 * merge points these at the verify module.
 */
export interface CheckResult {
  id: 'completeness' | 'field-parity' | 'test-logins' | 'oauth' | 'resets';
  title: string;
  status: 'PASS' | 'FAIL' | 'SKIP';
  counts: Record<string, number>;
  offenders: Array<{ email?: string; localId?: string; workosId?: string; reason: string }>;
  note?: string;
}

export interface VerifyResult {
  ok: boolean;
  checkedAt: string;
  target: string;
  checks: CheckResult[];
}
