import { recordEvent } from './events.js';
import { formatUser } from './format.js';
import { newId } from './ids.js';
import { nowIso } from './request-body.js';
import type { StoredUser } from './store.js';
import { accessToken, refreshToken } from './tokens.js';
import type { World } from './world.js';

/** Sessions name the method in lower case (`password`, `oauth`), unlike authentication responses. */
function sessionAuthMethod(method: string): string {
  if (method === 'Password') return 'password';
  if (method === 'MagicAuth') return 'magic_code';
  if (method.endsWith('OAuth')) return 'oauth';
  return 'unknown';
}

/** A successful sign-in: bumps last_sign_in_at, records session.created, returns the auth response. */
export function signIn(
  world: World,
  user: StoredUser,
  method: string,
  context: { ipAddress?: string | null; userAgent?: string | null },
): Record<string, unknown> {
  const now = nowIso();
  const signedIn: StoredUser = { ...user, last_sign_in_at: now, updated_at: now };
  world.store.putUser(signedIn);
  const sessionId = newId('session');
  recordEvent(world.store, 'session.created', {
    object: 'session',
    id: sessionId,
    ip_address: context.ipAddress ?? null,
    user_agent: context.userAgent ?? null,
    user_id: user.id,
    auth_method: sessionAuthMethod(method),
    status: 'active',
    expires_at: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
    ended_at: null,
    created_at: now,
    updated_at: now,
  });
  world.store.changed();
  return {
    user: formatUser(signedIn),
    access_token: accessToken(world.config.apiKey, {
      userId: user.id,
      sessionId,
      clientId: world.config.clientId,
    }),
    refresh_token: refreshToken(),
    authentication_method: method,
  };
}
