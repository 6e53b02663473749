import type { Hono } from 'hono';
import { ApiError, notFound } from '../errors.js';
import { createMagicAuth } from '../challenges.js';
import { formatCodeChallenge } from '../format.js';
import { readJsonObject } from '../request-body.js';
import { createUser } from '../user-writes.js';
import type { World } from '../world.js';

export function register(app: Hono, world: World): void {
  const { store } = world;

  app.post('/user_management/magic_auth', async (c) => {
    const body = await readJsonObject(c);
    if (typeof body.email !== 'string' || body.email === '')
      throw new ApiError(422, { message: "'email' is required and must be a string." });
    // An unknown email is a sign-up, not a 404 (docs/workos-contract.md#magic-auth-for-an-unknown-email): the user is created unverified.
    const user = store.userByEmail(body.email) ?? (await createUser(world, { email: body.email }));
    return c.json(formatCodeChallenge('magic_auth', createMagicAuth(world, user)), 201);
  });

  app.get('/user_management/magic_auth/:id', (c) => {
    const m = store.magicAuths.get(c.req.param('id'));
    if (!m) throw notFound('Magic auth', c.req.param('id'));
    return c.json(formatCodeChallenge('magic_auth', m));
  });
}
