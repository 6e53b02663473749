import type { Hono } from 'hono';
import { badRequest, notFound, validationError } from '../errors.js';
import { recordEvent } from '../events.js';
import { createEmailVerification } from '../challenges.js';
import { formatCodeChallenge, formatUser } from '../format.js';
import { nowIso, readJsonObject } from '../request-body.js';
import type { World } from '../world.js';

export function register(app: Hono, world: World): void {
  const { store } = world;
  const userOr404 = (id: string) => {
    const user = store.users.get(id);
    if (!user) throw notFound('User', id);
    return user;
  };

  app.post('/user_management/users/:id/email_verification/send', (c) => {
    const user = userOr404(c.req.param('id'));
    if (user.email_verified) throw badRequest('email_already_verified', 'The email is already verified.');
    createEmailVerification(world, user);
    // 200 {user}, not the verification object (docs/workos-contract.md#email-verification-answers).
    return c.json({ user: formatUser(user) });
  });

  app.post('/user_management/users/:id/email_verification/confirm', async (c) => {
    const user = userOr404(c.req.param('id'));
    const code = (await readJsonObject(c)).code;
    if (typeof code !== 'string' || code === '')
      throw validationError("'code' is required and must be a string.");
    if (user.email_verified) throw badRequest('email_previously_verified', 'The email was already verified.');
    const mine = [...store.emailVerifications.values()].filter((v) => v.user_id === user.id);
    const match = mine.find((v) => v.code === code);
    if (!match) throw badRequest('email_verification_code_incorrect', 'The verification code is incorrect.');
    if (match.used_at !== null)
      throw badRequest('email_verification_code_previously_used', 'The verification code was already used.');
    if (Date.parse(match.expires_at) <= Date.now())
      throw badRequest('email_verification_code_expired', 'The verification code has expired.');
    const now = nowIso();
    store.emailVerifications.set(match.id, { ...match, used_at: now, updated_at: now });
    const updated = { ...user, email_verified: true, updated_at: now };
    store.putUser(updated);
    recordEvent(store, 'authentication.email_verification_succeeded', {
      type: 'email_verification',
      status: 'succeeded',
      ip_address: null,
      user_agent: null,
      user_id: user.id,
      email: user.email,
    });
    recordEvent(store, 'user.updated', formatUser(updated));
    store.changed();
    return c.json({ user: formatUser(updated) });
  });

  app.get('/user_management/email_verification/:id', (c) => {
    const v = store.emailVerifications.get(c.req.param('id'));
    if (!v) throw notFound('Email verification', c.req.param('id'));
    return c.json(formatCodeChallenge('email_verification', v));
  });
}
