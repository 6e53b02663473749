/**
 * The hash canary: before any user is created, verify a few known passwords against their
 * converted hashes, per hash family. One failing family means its conversion (or a project
 * parameter such as the salt order or the Firebase config) is wrong for every user in it.
 */
import { verifyPassword } from './verify.js';
import type { HashClassification, ReasonCode, WorkosHashType } from './types.js';

export interface CredentialEntry {
  email: string;
  /** Used for verification only; never copied into the report. */
  password: string;
  classification: HashClassification;
}

export type CanaryOutcome = 'passed' | 'failed' | 'not-importable';

export interface CanaryUserResult {
  email: string;
  /** The recognised source format, e.g. "Django pbkdf2_sha256". */
  family: string;
  outcome: CanaryOutcome;
  type?: WorkosHashType;
  reason?: ReasonCode;
  detail?: string;
}

export interface CanaryFamilySummary {
  family: string;
  passed: number;
  failed: number;
  notImportable: number;
}

export interface CanaryReport {
  users: CanaryUserResult[];
  families: CanaryFamilySummary[];
  passed: number;
  failed: number;
  notImportable: number;
  /** True when every importable hash verified. */
  ok: boolean;
}

/** KDFs run on libuv's thread pool (4 threads by default); more in flight only queues. */
const CONCURRENCY = 4;

export async function checkCredentials(entries: readonly CredentialEntry[]): Promise<CanaryReport> {
  const users: CanaryUserResult[] = new Array(entries.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const i = next++;
      users[i] = await checkOne(entries[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, entries.length) }, worker));

  const byFamily = new Map<string, CanaryFamilySummary>();
  for (const u of users) {
    const s = byFamily.get(u.family) ?? { family: u.family, passed: 0, failed: 0, notImportable: 0 };
    if (u.outcome === 'passed') s.passed++;
    else if (u.outcome === 'failed') s.failed++;
    else s.notImportable++;
    byFamily.set(u.family, s);
  }
  const families = [...byFamily.values()].sort((a, b) => a.family.localeCompare(b.family));
  const count = (o: CanaryOutcome) => users.filter((u) => u.outcome === o).length;
  const failed = count('failed');
  return {
    users,
    families,
    passed: count('passed'),
    failed,
    notImportable: count('not-importable'),
    ok: failed === 0,
  };
}

async function checkOne({ email, password, classification: c }: CredentialEntry): Promise<CanaryUserResult> {
  const family = c.sourceFormat ?? 'unrecognised';
  if (!c.importable) return { email, family, outcome: 'not-importable', reason: c.reason, detail: c.detail };
  let verified: boolean;
  try {
    verified = await verifyPassword(password, c.workosHash, c.type);
  } catch (err) {
    // verifyPassword answers false rather than throwing; this keeps one user from ending the check
    // of all the others should that ever break. The error's class only: never the hash or password.
    return {
      email,
      family,
      outcome: 'failed',
      type: c.type,
      detail: `the ${c.type} verifier failed on the converted hash (${err instanceof Error ? err.name : typeof err}): report it with the hash family, never the hash`,
    };
  }
  if (verified) return { email, family, outcome: 'passed', type: c.type };
  return {
    email,
    family,
    outcome: 'failed',
    type: c.type,
    detail:
      `the password does not verify against the converted ${c.type} hash: check the password, then this ` +
      "family's parameters (salt column and order, pepper, Firebase hash_config, app scrypt parameters)",
  };
}
