import type { User } from '@workos-inc/node';
import { MigratorError, usageError } from '../errors/index.js';
import { importedSource, type CampaignOptions, openCampaignSession } from '../runner/campaign.js';
import { READ } from '../workos/limits.js';
import { pacedCall, type CallContext } from '../workos/paced-call.js';
import { findDuplicates, lookalikeKey, type AccountIdentity, type OAuthDuplicate } from './duplicates.js';

export interface OAuthUserLinks {
  email: string;
  workosId: string;
  /** The identities WorkOS holds: empty until the user signs in with a provider. */
  identities: AccountIdentity[];
}

export interface OAuthCheckReport {
  /** Imported users of the `oauth` lane. */
  users: OAuthUserLinks[];
  linked: number;
  notSignedInYet: number;
  duplicates: OAuthDuplicate[];
  /** WorkOS accounts read to look for second accounts. */
  accountsScanned: number;
  exitCode: 0 | 1;
}

/** The identities WorkOS holds for one user (a paced read); none for a user that is gone. */
export async function identitiesOf(calls: CallContext, userId: string): Promise<AccountIdentity[]> {
  const out = await pacedCall(calls, { budgets: READ, retry: 'idempotent' }, () =>
    calls.client.call((sdk) => sdk.userManagement.getUserIdentities(encodeURIComponent(userId))),
  );
  if (out.ok) return out.value.map((i) => ({ provider: i.provider, idpId: i.idpId }));
  if (out.failure.kind === 'not_found') return [];
  throw new MigratorError(
    out.failure.kind === 'stopped' ? 'unreachable' : 'refused',
    `reading the identities of ${userId}: ${out.failure.message}; run "workos-migrator oauth check" again`,
  );
}

/** Every WorkOS user, a page of 100 at a time (paced reads). */
async function eachWorkosUser(calls: CallContext, visit: (u: User) => void): Promise<void> {
  let after: string | undefined;
  do {
    const out = await pacedCall(calls, { budgets: READ, retry: 'idempotent' }, () =>
      calls.client.call((sdk) =>
        sdk.userManagement.listUsers({ limit: 100, order: 'asc', ...(after ? { after } : {}) }),
      ),
    );
    if (!out.ok)
      throw new MigratorError(
        out.failure.kind === 'stopped' ? 'unreachable' : 'refused',
        `listing WorkOS users: ${out.failure.message}; run "workos-migrator oauth check" again`,
      );
    out.value.data.forEach(visit);
    after = out.value.listMetadata.after ?? undefined;
  } while (after);
}

/**
 * The guide's Step 7 check: for each imported OAuth user, the identities WorkOS holds, and any
 * second account a social sign-in created for the same person (a lookalike address, holding an
 * identity). Reads only.
 */
export async function checkOAuthLinks(options: CampaignOptions): Promise<OAuthCheckReport> {
  const session = await openCampaignSession(options, 'oauth check');
  try {
    const { journal, calls } = session;
    const source = importedSource(journal);
    const ours = new Set<string>();
    const imported: Array<{ email: string; workosId: string }> = [];
    for (const row of journal.rows(source.id, ['created', 'linked'])) {
      if (!row.workosId) continue;
      ours.add(row.workosId);
      if (row.lane === 'oauth') imported.push({ email: row.email, workosId: row.workosId });
    }
    if (imported.length === 0)
      throw usageError(`${journal.path} has no imported OAuth users (lane oauth): nothing to check`);
    const wanted = new Set(imported.map((u) => lookalikeKey(u.email)));
    // Only accounts the migration did not create and whose address looks like an imported one.
    const candidates: User[] = [];
    let accountsScanned = 0;
    await eachWorkosUser(calls, (u) => {
      accountsScanned++;
      if (!ours.has(u.id) && wanted.has(lookalikeKey(u.email))) candidates.push(u);
    });
    const others = [];
    for (const c of candidates)
      others.push({
        id: c.id,
        email: c.email,
        createdAt: c.createdAt,
        identities: await identitiesOf(calls, c.id),
      });

    const users: OAuthUserLinks[] = [];
    const duplicates: OAuthDuplicate[] = [];
    for (const u of imported) {
      users.push({ ...u, identities: await identitiesOf(calls, u.workosId) });
      duplicates.push(...findDuplicates({ id: u.workosId, email: u.email }, others));
    }
    const linked = users.filter((u) => u.identities.length > 0).length;
    return {
      users,
      linked,
      notSignedInYet: users.length - linked,
      duplicates,
      accountsScanned,
      exitCode: duplicates.length ? 1 : 0,
    };
  } finally {
    session.close();
  }
}
