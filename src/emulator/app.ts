import type { HttpBindings } from '@hono/node-server';
import { Hono } from 'hono';
import { ApiError } from './errors.js';
import { countRequests, injectFaults, rateLimit, requestId, requireApiKey } from './middleware/index.js';
import { register as authFactors } from './routes/auth-factors.js';
import { register as authenticate } from './routes/authenticate.js';
import { register as control } from './routes/control.js';
import { register as emailVerification } from './routes/email-verification.js';
import { register as events } from './routes/events.js';
import { register as magicAuth } from './routes/magic-auth.js';
import { register as organizationMemberships } from './routes/organization-memberships.js';
import { register as organizations } from './routes/organizations.js';
import { register as passwordReset } from './routes/password-reset.js';
import { register as users } from './routes/users.js';
import { register as webhookEndpoints } from './routes/webhook-endpoints.js';
import type { World } from './world.js';

/** Every resource module, each a `register(app, world)`. The coverage script reads the same list. */
export const RESOURCES = [
  users,
  authenticate,
  passwordReset,
  emailVerification,
  magicAuth,
  events,
  webhookEndpoints,
  organizations,
  organizationMemberships,
  authFactors,
];

export function createApp(world: World): Hono<{ Bindings: HttpBindings }> {
  const app = new Hono<{ Bindings: HttpBindings }>();
  app.use('*', requestId());
  app.use('*', countRequests(world));
  app.use('*', injectFaults(world));
  app.use('*', requireApiKey(world));
  app.use('*', rateLimit(world));

  const plain = app as unknown as Hono;
  control(plain, world);
  for (const register of RESOURCES) register(plain, world);

  // Every error body is JSON: a non-JSON body makes the SDK lose the status class (docs/workos-contract.md#sdk-errors).
  app.onError((err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
      return c.json(err.body, err.status as 400);
    }
    process.stderr.write(
      `emulator: unexpected error on ${c.req.method} ${c.req.path}: ${err.stack ?? err.message}\n`,
    );
    return c.json({ code: 'server_error', message: 'Unexpected emulator error; see the emulator log.' }, 500);
  });
  app.notFound((c) => c.json({ message: `The requested path '${c.req.path}' could not be found.` }, 404));
  return app;
}
