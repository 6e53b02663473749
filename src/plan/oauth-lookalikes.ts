import type { MigrationUser, Problem } from '../model/user.js';

/**
 * The WorkOS migration guide's "OAuth sign-in creates duplicate user": WorkOS links a social
 * sign-in to the user with the provider's email, so an OAuth user whose address differs from
 * another user's only by a `+tag` (or by case, which assess already blocks) may end up as two
 * accounts, or in the wrong one. Pure: the planner feeds it the keys it already computes.
 */

/** `Ann+work@X.com` → `ann@x.com`; undefined when there is no +tag to strip. */
export function withoutPlusTag(email: string): string | undefined {
  // Most addresses have no +tag: answered before trimming and lower-casing a copy.
  if (!email.includes('+')) return undefined;
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  const plus = lower.indexOf('+');
  if (at < 0 || plus < 0 || plus > at) return undefined;
  return lower.slice(0, plus) + lower.slice(at);
}

/** A user that signs in with a provider (the planner's `oauth` lane, before duplicates are known). */
export const isOauthUser = (user: MigrationUser): boolean =>
  Boolean(user.oauthProvider) && !user.passwordHash;

export function plusLookalike(user: MigrationUser, otherRow: number, otherIsOauth: boolean): Problem {
  const who = isOauthUser(user) ? 'this OAuth user' : `the OAuth user in row ${otherRow}`;
  return {
    row: user.row,
    location: user.location,
    field: 'email',
    code: 'oauth_email_lookalike',
    severity: 'warning',
    message:
      `email differs from row ${otherRow}'s only by a +tag (${otherIsOauth || isOauthUser(user) ? who : 'OAuth'}): ` +
      'a social sign-in is linked by the exact address the provider gives, so one of them may get a second account; ' +
      'check which address the provider reports, merge them in the source if they are one person, and run "workos-migrator oauth check" after cutover',
  };
}

export function oauthUnverified(user: MigrationUser): Problem | undefined {
  if (!isOauthUser(user) || user.emailVerified !== false) return undefined;
  return {
    row: user.row,
    location: user.location,
    field: 'emailVerified',
    code: 'oauth_unverified',
    severity: 'warning',
    message:
      'OAuth user imported with email_verified false: with email verification required WorkOS asks them to verify ' +
      'before signing in; if the provider verified the address, import it as verified (or run "workos-migrator users mark-verified")',
  };
}
