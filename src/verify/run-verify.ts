import { MigratorError, usageError } from '../errors/index.js';
import { identityKey } from '../journal/identity.js';
import type { Journal, JournalRow } from '../journal/journal.js';
import { journalSourceLocation } from '../journal/reports.js';
import { planOptionsOf } from '../importer/settings.js';
import { streamSourceUsers } from '../importer/source-users.js';
import { identitiesOf } from '../oauth/check.js';
import type { SourceOverride } from '../plan/types.js';
import type { ComparableUser } from '../reconcile/drift.js';
import {
  campaignSettings,
  importedSource,
  type CampaignOptions,
  openCampaignSession,
  requireJournalFile,
} from '../runner/campaign.js';
import { readCredentialsFile } from '../sources/credentials-file.js';
import { EMULATOR_DEFAULT_CLIENT_ID } from '../workos/client.js';
import type { CallContext } from '../workos/paced-call.js';
import { unreachableMessage } from '../workos/paced-call.js';
import { assembleChecklist, skipped } from './checklist.js';
import { checkCompleteness, imported } from './checks/completeness.js';
import { checkFieldParity } from './checks/field-parity.js';
import { checkOAuthIdentities, type OAuthUserIdentities } from './checks/oauth.js';
import { checkResets } from './checks/resets.js';
import { checkTestLogins } from './checks/test-logins.js';
import { checkOrganizations } from '../organizations/verify-check.js';
import { readWorkosUsers, type ReadChoice } from './read-workos.js';
import { runTestLogins } from './test-logins.js';
import type { CheckResult, VerifyResult } from './types.js';

/** The export to compare fields with is `source` (default: the one the journal recorded). */
export interface VerifyOptions extends CampaignOptions, SourceOverride {
  /** CSV `email,password` of known accounts: each is logged in through WorkOS. */
  credentials?: string;
  /** The AuthKit client id for test logins (default WORKOS_CLIENT_ID; the emulator's own). */
  clientId?: string;
  /** Compare external_id too (default true; false when the import ran with --no-external-id). */
  externalId?: boolean;
  /** How to read WorkOS: per-size choice (default), one read per user, or one listing. */
  read?: ReadChoice;
  stdin?: NodeJS.ReadableStream;
}

export interface VerifyReport extends VerifyResult {
  exitCode: 0 | 1;
}

/**
 * The migration guide's verification checklist, every check automatic and exact: completeness,
 * field parity, test logins, OAuth identities, resets. Reads only; the verdict is recorded in the
 * journal for cutover-check.
 */
export async function runVerify(options: VerifyOptions = {}): Promise<VerifyReport> {
  requireJournalFile(options.state);
  const located = locateSource(options);
  const credentials = options.credentials
    ? await readCredentialsFile(options.credentials, options.stdin)
    : undefined;
  const settings = campaignSettings(options);
  const session = await openCampaignSession(options, 'verify', settings);
  try {
    const { journal, calls } = session;
    const source = importedSource(journal);
    const rows = [...journal.rows(source.id)];
    const ours = imported(rows);
    const view = await readWorkosUsers(calls, ours, options.read ?? 'auto', settings.budgets.reads.windowMs);
    stopIfUnreachable(calls);
    const complete = checkCompleteness(rows, view);
    const checks: CheckResult[] = [
      {
        ...complete,
        counts: { ...complete.counts, ...view.stats },
        note: [view.why, complete.note].filter(Boolean).join('; '),
      },
    ];
    checks.push(await fieldParity(located, ours, view.byId, options));
    if (credentials) {
      const clientId = clientIdFor(options, calls);
      const byEmail = new Map(rows.map((r) => [r.email.trim().toLowerCase(), r] as const));
      const results = await runTestLogins(credentials.rows, { client: calls.client, clientId, calls });
      stopIfUnreachable(calls);
      checks.push(checkTestLogins(results, byEmail, credentials.problems));
    } else {
      checks.push(
        skipped('test-logins', 'no --credentials file given: nothing proves the imported hashes yet'),
      );
    }
    checks.push(await oauthCheck(calls, ours));
    checks.push(
      checkResets(rows, journal.actions.all(source.id, 'password_reset')) ??
        skipped('resets', 'no password resets planned yet ("workos-migrator resets plan")'),
    );
    const orgStatuses = journal.orgs.countByStatus('organizations', source.id);
    checks.push(
      Object.keys(orgStatuses).length
        ? await checkOrganizations({ journal, sourceId: source.id, calls })
        : skipped('memberships', 'the export has no organizations'),
    );
    const result = assembleChecklist(calls.client.target.baseUrl, new Date().toISOString(), checks);
    record(journal, result);
    return { ...result, exitCode: result.ok ? 0 : 1 };
  } finally {
    session.close();
  }
}

/** Where the export is, for field parity: given, or as the journal recorded it (a reason when neither). */
function locateSource(options: VerifyOptions): { source: string; query?: string } | { unavailable: string } {
  if (options.source) return { source: options.source, query: options.query };
  try {
    return journalSourceLocation(options.state);
  } catch (err) {
    if (err instanceof MigratorError) return { unavailable: err.message };
    throw err;
  }
}

function stopIfUnreachable(calls: CallContext): void {
  if (calls.breaker.open)
    throw new MigratorError(
      'unreachable',
      `${unreachableMessage(calls)}; run verify again once WorkOS answers`,
    );
}

function clientIdFor(options: VerifyOptions, calls: CallContext): string {
  const id =
    options.clientId ??
    (options.env ?? process.env).WORKOS_CLIENT_ID ??
    (calls.client.target.isEmulator ? EMULATOR_DEFAULT_CLIENT_ID : undefined);
  if (!id)
    throw usageError(
      'test logins need the AuthKit client id: pass --client-id client_… or set WORKOS_CLIENT_ID',
    );
  return id;
}

/**
 * Field parity needs what the source says: the export is read again, as the import's send pass
 * does, rather than copied into the journal (which keeps no more personal data than resuming needs).
 * Only the imported users' four fields are held, keyed by identity.
 */
async function fieldParity(
  located: ReturnType<typeof locateSource>,
  ours: readonly JournalRow[],
  workos: Parameters<typeof checkFieldParity>[2],
  options: VerifyOptions,
): Promise<CheckResult> {
  if ('unavailable' in located)
    return skipped('field-parity', `the source cannot be located: ${located.unavailable}`);
  const wanted = new Set(ours.map((r) => r.key));
  const byKey = new Map<string, ComparableUser>();
  try {
    await streamSourceUsers(planOptionsOf({ ...options, ...located }), (user) => {
      const key = identityKey(user);
      if (!wanted.has(key) || byKey.has(key)) return;
      byKey.set(key, {
        email: user.email,
        firstName: user.firstName,
        lastName: user.lastName,
        emailVerified: user.emailVerified,
      });
    });
  } catch (err) {
    if (!(err instanceof MigratorError)) throw err;
    return skipped('field-parity', `the source cannot be read (${err.message}): pass --source`);
  }
  return checkFieldParity(ours, byKey, workos, { externalId: options.externalId !== false });
}

async function oauthCheck(calls: CallContext, ours: readonly JournalRow[]): Promise<CheckResult> {
  const oauthRows = ours.filter((r) => r.lane === 'oauth');
  if (oauthRows.length === 0) return skipped('oauth', 'no imported OAuth users (lane oauth)');
  const users: OAuthUserIdentities[] = [];
  for (const r of oauthRows) {
    const identities = await identitiesOf(calls, r.workosId as string);
    users.push({
      email: r.email,
      workosId: r.workosId as string,
      localId: r.localId,
      providers: identities.map((i) => i.provider),
    });
  }
  return checkOAuthIdentities(users);
}

/** Only the verdict per check is kept: offenders stay in the output, not in the journal. */
function record(journal: Journal, result: VerifyResult): void {
  journal.verifyRuns.record({
    checkedAt: result.checkedAt,
    target: result.target,
    ok: result.ok,
    checks: result.checks.map((c) => ({ id: c.id, status: c.status })),
  });
}
