import type { Hono } from 'hono';
import { ApiError, badRequest, oauthError, validationError } from '../errors.js';
import { passwordAuthEventData, recordEvent } from '../events.js';
import { createEmailVerification } from '../challenges.js';
import { passwordMatches } from '../passwords.js';
import { readJsonObject } from '../request-body.js';
import { signIn } from '../sessions.js';
import type { World } from '../world.js';

const INVALID_CREDENTIALS = { code: 'invalid_credentials', message: 'Invalid credentials.' };

export function register(app: Hono, world: World): void {
  const { store, config } = world;

  app.post('/user_management/authenticate', async (c) => {
    const body = await readJsonObject(c);
    // The client secret is the API key; this route is the one that does not use the Bearer header.
    if (body.client_secret !== config.apiKey)
      throw new ApiError(401, { error: 'invalid_client', error_description: 'Invalid client secret.' });
    if (body.client_id !== config.clientId) throw oauthError('invalid_client', 'Invalid client ID.');
    if (body.grant_type !== 'password')
      throw validationError(
        `The emulator supports grant_type 'password' only; got '${String(body.grant_type)}'.`,
      );
    const { email, password } = body;
    if (typeof email !== 'string' || typeof password !== 'string')
      throw validationError("'email' and 'password' are required strings.");
    const ipAddress = typeof body.ip_address === 'string' ? body.ip_address : null;
    const userAgent = typeof body.user_agent === 'string' ? body.user_agent : null;

    const user = store.userByEmail(email);
    if (!user || !(await passwordMatches(password, user.password))) {
      recordEvent(
        store,
        'authentication.password_failed',
        passwordAuthEventData('failed', {
          userId: user?.id ?? null,
          email,
          ipAddress,
          userAgent,
          error: INVALID_CREDENTIALS,
        }),
      );
      store.changed();
      throw badRequest(INVALID_CREDENTIALS.code, INVALID_CREDENTIALS.message);
    }
    if (config.requireEmailVerification && !user.email_verified) {
      const verification = createEmailVerification(world, user);
      throw badRequest(
        'email_verification_required',
        'Email ownership must be verified before authentication.',
        403,
        {
          pending_authentication_token: `pat_${verification.id}`,
          email: user.email,
          email_verification_id: verification.id,
        },
      );
    }
    recordEvent(
      store,
      'authentication.password_succeeded',
      passwordAuthEventData('succeeded', { userId: user.id, email: user.email, ipAddress, userAgent }),
    );
    return c.json(signIn(world, user, 'Password', { ipAddress, userAgent }));
  });
}
