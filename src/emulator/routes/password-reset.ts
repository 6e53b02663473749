import type { Hono } from 'hono';
import { badRequest, notFound, validationError, withErrors } from '../errors.js';
import { recordEvent } from '../events.js';
import { formatPasswordReset, formatPasswordResetEvent, formatUser } from '../format.js';
import { newId, randomToken } from '../ids.js';
import { hashPlaintext, passwordStrengthProblems } from '../passwords.js';
import { nowIso, readJsonObject, requiredString } from '../request-body.js';
import type { World } from '../world.js';

/** WorkOS does not document the reset expiry; an hour is long enough for any test. */
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

function resetError(code: string, message: string) {
  return withErrors('password_reset_error', 'Could not reset the password.', [{ code, message }]);
}

export function register(app: Hono, world: World): void {
  const { store } = world;

  app.post('/user_management/password_reset', async (c) => {
    const email = requiredString(await readJsonObject(c), 'email');
    const user = store.userByEmail(email);
    if (!user) throw notFound('User', email);
    // The spec's 403 body; which users WorkOS refuses is not documented, so tests pick them.
    if (world.passwordResetNotAllowed.has(user.email.toLowerCase()))
      throw badRequest('password_reset_not_allowed', 'Request could not be processed.', 403);
    const now = nowIso();
    const reset = {
      id: newId('password_reset'),
      user_id: user.id,
      email: user.email,
      password_reset_token: randomToken(24),
      expires_at: new Date(Date.now() + PASSWORD_RESET_TTL_MS).toISOString(),
      created_at: now,
      used_at: null,
    };
    store.passwordResets.set(reset.id, reset);
    recordEvent(store, 'password_reset.created', formatPasswordResetEvent(reset));
    store.changed();
    return c.json(formatPasswordReset(reset), 201);
  });

  app.get('/user_management/password_reset/:id', (c) => {
    const reset = store.passwordResets.get(c.req.param('id'));
    if (!reset) throw notFound('Password reset', c.req.param('id'));
    return c.json(formatPasswordReset(reset));
  });

  app.post('/user_management/password_reset/confirm', async (c) => {
    const body = await readJsonObject(c);
    const token = requiredString(body, 'token');
    if (typeof body.new_password !== 'string')
      throw validationError("'new_password' is required and must be a string.");
    const newPassword = body.new_password;
    const reset = [...store.passwordResets.values()].find((r) => r.password_reset_token === token);
    if (!reset) throw resetError('invalid_token', 'The password reset token is invalid.');
    if (reset.used_at !== null)
      throw resetError('token_already_used', 'The password reset token was already used.');
    if (Date.parse(reset.expires_at) <= Date.now())
      throw resetError('token_expired', 'The password reset token has expired.');
    const user = store.users.get(reset.user_id);
    if (!user) throw notFound('User', reset.user_id);
    const problems = passwordStrengthProblems(newPassword);
    if (problems.length) throw withErrors('password_reset_error', 'Could not reset the password.', problems);
    const now = nowIso();
    // Resetting proves the mailbox, so the email becomes verified (docs).
    const updated = {
      ...user,
      password: await hashPlaintext(newPassword),
      email_verified: true,
      updated_at: now,
    };
    store.putUser(updated);
    store.passwordResets.set(reset.id, { ...reset, used_at: now });
    recordEvent(store, 'password_reset.succeeded', formatPasswordResetEvent(reset));
    recordEvent(store, 'user.updated', formatUser(updated));
    store.changed();
    return c.json({ user: formatUser(updated) });
  });
}
