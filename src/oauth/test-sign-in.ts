import { usageError } from '../errors/index.js';
import { importedSource, openImportedJournal } from '../runner/campaign.js';
import { resolveTarget } from '../workos/client.js';
import { workosProviderName } from './duplicates.js';

export interface OAuthTestOptions {
  state?: string;
  /** The emulator to drive (its simulated sign-in exists only there). */
  emulatorUrl: string;
  /** google, microsoft, github, … or a WorkOS provider name (GoogleOAuth). */
  provider: string;
  /** The address the provider reports. */
  email: string;
  /** The imported user it should land on (default: the journal's user with `email`, case-insensitively). */
  user?: string;
  /** Match emails exactly, as the guide's duplicate case does (the emulator's `email_match`). */
  exact?: boolean;
  fetch?: typeof fetch;
}

export interface OAuthTestResult {
  provider: string;
  email: string;
  importedId: string;
  signedInId: string;
  /** The sign-in landed on the imported user. */
  linked: boolean;
  createdUser: boolean;
  message: string;
}

/**
 * Drives the emulator's simulated social sign-in (`/_emulator/oauth_sign_in`) and says whether it
 * landed on the imported user (same id), the guide's Step 7 check before cutover.
 */
export async function testOAuthSignIn(options: OAuthTestOptions): Promise<OAuthTestResult> {
  const target = resolveTarget({ emulatorUrl: options.emulatorUrl });
  if (!target.isEmulator)
    throw usageError("oauth test drives the emulator's simulated sign-in: pass --emulator URL");
  const journal = openImportedJournal(options.state);
  let importedId: string | undefined;
  const want = (options.user ?? options.email).trim().toLowerCase();
  try {
    const source = importedSource(journal);
    for (const row of journal.rows(source.id, ['created', 'linked']))
      if (row.email.trim().toLowerCase() === want && row.workosId) importedId = row.workosId;
  } finally {
    journal.close();
  }
  if (!importedId)
    throw usageError(
      `no imported user with the email ${options.user ?? options.email} in the journal: pass --user <imported email>`,
    );
  const provider = workosProviderName(options.provider);
  const res = await (options.fetch ?? fetch)(`${target.baseUrl}/_emulator/oauth_sign_in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      provider,
      email: options.email,
      ...(options.exact ? { email_match: 'exact' } : {}),
    }),
  });
  const body = (await res.json()) as { user?: { id: string }; created_user?: boolean; message?: string };
  if (!res.ok || !body.user)
    throw usageError(`the emulator refused the simulated sign-in: ${body.message ?? res.status}`);
  const linked = body.user.id === importedId;
  return {
    provider,
    email: options.email,
    importedId,
    signedInId: body.user.id,
    linked,
    createdUser: Boolean(body.created_user),
    message: linked
      ? `${provider} sign-in as ${options.email} linked to the imported user ${importedId}`
      : `${provider} sign-in as ${options.email} created a second account ${body.user.id} instead of landing on ${importedId}: ` +
        'make the imported email match the provider\'s exactly (the guide: "OAuth sign-in creates duplicate user"), then run "workos-migrator oauth check"',
  };
}
