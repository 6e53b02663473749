/**
 * Which WorkOS accounts are a second account of an imported OAuth user (pure). WorkOS links a
 * social sign-in by the address the provider reports; when it differs from the imported one (by
 * case, where the sign-in did not match it, or by a +tag) the person gets a new account, the
 * migration guide's "OAuth sign-in creates duplicate user".
 */

export interface AccountIdentity {
  provider: string;
  idpId: string;
}

export interface Account {
  id: string;
  email: string;
  createdAt?: string;
}

export type DuplicateWhy = 'same email, different case' | 'same email but a +tag' | 'same email';

export interface OAuthDuplicate {
  email: string;
  importedId: string;
  duplicateId: string;
  duplicateEmail: string;
  providers: string[];
  why: DuplicateWhy;
  whatToDo: string;
}

/** The address as a provider may spell it differently: lower case, without a +tag. */
export function lookalikeKey(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  const plus = lower.indexOf('+');
  return plus >= 0 && at > plus ? lower.slice(0, plus) + lower.slice(at) : lower;
}

export function whyDuplicate(imported: string, other: string): DuplicateWhy {
  if (imported === other) return 'same email';
  return imported.toLowerCase() === other.toLowerCase()
    ? 'same email, different case'
    : 'same email but a +tag';
}

/** The guide's manual merge, with the ids filled in. */
export function mergeAdvice(imported: Account, duplicate: Account, providers: string[]): string {
  return (
    `merge by hand: keep ${imported.id} (the imported user, with its external id and memberships); ` +
    `delete ${duplicate.id}, which the ${providers.join('/')} sign-in created as ${duplicate.email}; ` +
    `if ${duplicate.email} is the address the provider reports, update ${imported.id}'s email to exactly it; ` +
    'then have the user sign in again and run "workos-migrator oauth check" to see the identity on the imported user'
  );
}

/**
 * Duplicates among `others` (WorkOS accounts the migration did not create) of one imported user:
 * those with a lookalike address that signed in with a provider (they hold identities).
 */
export function findDuplicates(
  imported: Account,
  others: ReadonlyArray<Account & { identities: AccountIdentity[] }>,
): OAuthDuplicate[] {
  const key = lookalikeKey(imported.email);
  return others
    .filter((o) => o.id !== imported.id && o.identities.length > 0 && lookalikeKey(o.email) === key)
    .map((o) => {
      const providers = [...new Set(o.identities.map((i) => i.provider))];
      return {
        email: imported.email,
        importedId: imported.id,
        duplicateId: o.id,
        duplicateEmail: o.email,
        providers,
        why: whyDuplicate(imported.email, o.email),
        whatToDo: mergeAdvice(imported, o, providers),
      };
    });
}

/** `google` → `GoogleOAuth`: the provider names WorkOS's identities carry. */
export function workosProviderName(name: string): string {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[-_ ]?oauth2?$/, '');
  const known: Record<string, string> = {
    google: 'GoogleOAuth',
    microsoft: 'MicrosoftOAuth',
    github: 'GitHubOAuth',
    apple: 'AppleOAuth',
    gitlab: 'GitLabOAuth',
    linkedin: 'LinkedInOAuth',
    slack: 'SlackOAuth',
  };
  return known[key] ?? name.trim();
}
