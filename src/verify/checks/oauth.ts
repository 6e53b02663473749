import { OffenderList, verdict } from '../checklist.js';
import type { CheckResult } from '../types.js';

export interface OAuthUserIdentities {
  email: string;
  workosId: string;
  localId: string | null;
  providers: string[];
}

/**
 * Imported OAuth users and the identities WorkOS holds. An identity appears on the user's first
 * social sign-in, so before cutover most have none: informational, never a failure (the guide's
 * Step 7; `oauth check` looks for duplicate accounts).
 */
export function checkOAuthIdentities(users: readonly OAuthUserIdentities[]): CheckResult {
  const offenders = new OffenderList();
  let linked = 0;
  for (const u of users) {
    if (u.providers.length > 0) {
      linked++;
      continue;
    }
    offenders.add({
      email: u.email,
      workosId: u.workosId,
      ...(u.localId ? { localId: u.localId } : {}),
      reason: 'no identity yet: it is linked on the first social sign-in',
    });
  }
  return verdict(
    'oauth',
    { oauthUsers: users.length, linked, notSignedInYet: users.length - linked },
    offenders,
    0,
    'informational before cutover: identities appear as users sign in with their provider',
  );
}
