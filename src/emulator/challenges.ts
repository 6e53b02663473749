import { recordEvent } from './events.js';
import { formatCodeChallenge } from './format.js';
import { newId, sixDigitCode } from './ids.js';
import { nowIso } from './request-body.js';
import type { StoredCodeChallenge, StoredUser } from './store.js';
import type { World } from './world.js';

/** Codes expire after 10 minutes, as WorkOS documents for Magic Auth. */
export const CODE_TTL_MS = 10 * 60 * 1000;

function newChallenge(prefix: string, user: StoredUser): StoredCodeChallenge {
  const now = nowIso();
  return {
    id: newId(prefix),
    user_id: user.id,
    email: user.email,
    code: sixDigitCode(),
    expires_at: new Date(Date.now() + CODE_TTL_MS).toISOString(),
    created_at: now,
    updated_at: now,
    used_at: null,
  };
}

export function createEmailVerification(world: World, user: StoredUser): StoredCodeChallenge {
  const v = newChallenge('email_verification', user);
  world.store.emailVerifications.set(v.id, v);
  recordEvent(world.store, 'email_verification.created', formatCodeChallenge('email_verification', v, false));
  world.store.changed();
  return v;
}

export function createMagicAuth(world: World, user: StoredUser): StoredCodeChallenge {
  const m = newChallenge('magic_auth', user);
  world.store.magicAuths.set(m.id, m);
  recordEvent(world.store, 'magic_auth.created', formatCodeChallenge('magic_auth', m, false));
  world.store.changed();
  return m;
}
