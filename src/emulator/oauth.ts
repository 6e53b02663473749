import { randomUUID } from 'node:crypto';
import { validationError } from './errors.js';
import { recordEvent } from './events.js';
import { signIn } from './sessions.js';
import { createUser } from './user-writes.js';
import type { World } from './world.js';

/**
 * Simulates a user signing in with an OAuth provider. Like WorkOS, it links the identity to the
 * existing user with the same email (compared case-insensitively) or creates a new user — so an
 * address that changed between the old system and the provider produces a second account, which
 * is exactly the duplicate a migration must be able to reproduce. With `email_match: 'exact'`
 * (or the emulator's `oauthEmailMatch`), an email differing only in case does the same: the
 * migration guide lists case differences among the causes of "OAuth sign-in creates duplicate
 * user" (docs/workos-contract.md#oauth-duplicates).
 */
export async function simulateOAuthSignIn(
  world: World,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { provider, email } = body;
  if (typeof provider !== 'string' || provider === '')
    throw validationError("'provider' is required, e.g. 'GoogleOAuth'.");
  if (typeof email !== 'string' || email === '') throw validationError("'email' is required.");
  const emailVerified = body.email_verified !== false;
  const idpId = typeof body.idp_id === 'string' ? body.idp_id : randomUUID();
  const { store } = world;

  const match = body.email_match ?? world.config.oauthEmailMatch;
  if (match !== 'exact' && match !== 'case-insensitive')
    throw validationError("'email_match' must be 'case-insensitive' or 'exact'.");
  let user = store.userByEmail(email);
  if (user && match === 'exact' && user.email !== email) user = undefined;
  const created = !user;
  if (!user) {
    user = await createUser(
      world,
      {
        email,
        email_verified: emailVerified,
        first_name: body.first_name ?? null,
        last_name: body.last_name ?? null,
      },
      { allowCaseVariant: match === 'exact' },
    );
  }
  const linked = store.identities.find(
    (i) => i.user_id === user.id && i.provider.toLowerCase() === provider.toLowerCase(),
  );
  if (!linked) store.identities.push({ user_id: user.id, idp_id: idpId, type: 'OAuth', provider });
  recordEvent(store, 'authentication.oauth_succeeded', {
    type: 'oauth',
    status: 'succeeded',
    ip_address: null,
    user_agent: null,
    user_id: user.id,
    email: user.email,
  });
  const auth = signIn(world, user, provider, {});
  return { ...auth, created_user: created, linked_identity: !linked };
}
