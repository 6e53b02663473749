import type { Hono } from 'hono';
import { decodeBase32, encodeBase32 } from '../../totp/base32.js';
import { checkTotp } from '../../totp/totp.js';
import { ApiError, notFound, validationError } from '../errors.js';
import { formatAuthChallenge, formatFactor } from '../format.js';
import { newId } from '../ids.js';
import { listBody, paginate, parsePageQuery } from '../pagination.js';
import { nowIso, optionalString, readJsonObject } from '../request-body.js';
import type { StoredAuthChallenge, StoredFactor } from '../store.js';
import type { World } from '../world.js';
import { randomBytes } from 'node:crypto';

/**
 * Authenticator (TOTP) factors of users, and the MFA challenge / verify pair that proves one
 * works. Codes are checked against the stored secret per RFC 6238 (SHA-1, 6 digits, 30 s, the only
 * parameters WorkOS takes), so a code computed from the old system's secret passes here exactly
 * when it would pass in WorkOS.
 */
export function register(app: Hono, world: World): void {
  const { store } = world;
  // The spec gives these two routes no 404: an unknown user is a 422 {message}.
  const userOr422 = (id: string) => {
    const user = store.users.get(id);
    if (!user) throw new ApiError(422, { message: `User not found: '${id}'.` });
    return user;
  };

  app.post('/user_management/users/:id/auth_factors', async (c) => {
    const user = userOr422(c.req.param('id'));
    const body = await readJsonObject(c);
    if (body.type !== 'totp') throw new ApiError(422, { message: "'type' must be 'totp'." });
    const given = optionalString(body, 'totp_secret');
    const key = given ? decodeBase32(given) : randomBytes(20);
    if (!key || key.length < 10)
      throw new ApiError(422, {
        message: "'totp_secret' must be a Base32 secret of at least 16 characters.",
      });
    const now = nowIso();
    const factor: StoredFactor = {
      id: newId('auth_factor'),
      user_id: user.id,
      type: 'totp',
      secret: encodeBase32(key),
      issuer: optionalString(body, 'totp_issuer') ?? 'WorkOS',
      user: optionalString(body, 'totp_user') ?? user.email,
      created_at: now,
      updated_at: now,
    };
    store.factors.set(factor.id, factor);
    const challenge = newChallenge(factor.id);
    store.changed();
    return c.json(
      {
        authentication_factor: formatFactor(factor, true),
        authentication_challenge: formatAuthChallenge(challenge),
      },
      201,
    );
  });

  app.get('/user_management/users/:id/auth_factors', (c) => {
    const userId = userOr422(c.req.param('id')).id;
    const page = parsePageQuery(c.req.query());
    const factors = [...store.factors.values()].filter((f) => f.user_id === userId);
    return c.json(listBody(paginate(factors, page), (f) => formatFactor(f, false)));
  });

  const newChallenge = (factorId: string): StoredAuthChallenge => {
    const now = nowIso();
    const challenge = {
      id: newId('auth_challenge'),
      factor_id: factorId,
      created_at: now,
      updated_at: now,
      verified: false,
    };
    store.authChallenges.set(challenge.id, challenge);
    return challenge;
  };

  app.post('/auth/factors/:id/challenge', async (c) => {
    const factor = store.factors.get(c.req.param('id'));
    if (!factor) throw notFound('Authentication Factor', c.req.param('id'));
    await readJsonObject(c);
    const challenge = newChallenge(factor.id);
    store.changed();
    return c.json(formatAuthChallenge(challenge), 201);
  });

  app.post('/auth/challenges/:id/verify', async (c) => {
    const challenge = store.authChallenges.get(c.req.param('id'));
    if (!challenge) throw notFound('Authentication Challenge', c.req.param('id'));
    const body = await readJsonObject(c);
    if (typeof body.code !== 'string') throw validationError("'code' is required and must be a string.");
    if (challenge.verified)
      throw new ApiError(422, { message: 'This authentication challenge has already been verified.' });
    const factor = store.factors.get(challenge.factor_id);
    const key = factor ? decodeBase32(factor.secret) : undefined;
    const valid = key !== undefined && checkTotp(key, body.code, Date.now() / 1000);
    if (valid) {
      challenge.verified = true;
      challenge.updated_at = nowIso();
      store.changed();
    }
    return c.json({ challenge: formatAuthChallenge(challenge), valid }, 201);
  });
}
