import type { Hono } from 'hono';
import { validationError } from '../errors.js';
import { validateFaultRule } from '../faults.js';
import type { LimitsOption } from '../limits.js';
import { readJsonObject } from '../request-body.js';
import { seedUsers } from '../seed.js';
import { simulateOAuthSignIn } from '../oauth.js';
import type { World } from '../world.js';

function parseLimits(value: unknown): LimitsOption | undefined {
  if (value === undefined) return undefined;
  if (value === 'documented' || value === 'off') return value;
  if (
    value &&
    typeof value === 'object' &&
    typeof (value as { scale?: unknown }).scale === 'number' &&
    (value as { scale: number }).scale > 0
  )
    return { scale: (value as { scale: number }).scale };
  throw validationError("'limits' must be 'documented', 'off' or {\"scale\": N} with N > 0.");
}

/**
 * The control API under /_emulator/. It needs no API key: it is for the person or test driving the
 * emulator, and the emulator only ever listens on a local interface.
 */
export function register(app: Hono, world: World): void {
  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.post('/_emulator/users', async (c) => {
    const body = await readJsonObject(c);
    const result = await seedUsers(world, body.users);
    return c.json(result, result.errors.length ? 207 : 201);
  });

  app.post('/_emulator/reset', async (c) => {
    const body = await readJsonObject(c);
    world.reset({ ...(body.limits !== undefined ? { limits: parseLimits(body.limits) } : {}) });
    return c.json({ reset: true, limits: world.limiter.limits });
  });

  app.get('/_emulator/counters', (c) => {
    const { limiter } = world;
    return c.json({
      requests: world.requests,
      rate_limited: limiter.rejected,
      rate_limited_by_scope: limiter.rejectedByScope,
      accepted_writes: limiter.acceptedWrites.length,
      max_writes_in_window: limiter.maxWritesInAnyWindow(),
      write_window_ms: limiter.limits.writes.windowMs,
      limits: limiter.limits,
      users: world.store.users.size,
      events: world.store.events.length,
      faults: world.faults.rules.map((r) => ({ id: r.id, fired: r.fired })),
    });
  });

  app.get('/_emulator/faults', (c) => c.json({ data: world.faults.rules }));

  app.post('/_emulator/faults', async (c) => {
    let input;
    try {
      input = validateFaultRule(await readJsonObject(c));
    } catch (err) {
      throw validationError((err as Error).message);
    }
    return c.json(world.faults.add(input), 201);
  });

  app.delete('/_emulator/faults/:id', (c) => {
    if (!world.faults.remove(c.req.param('id')))
      throw validationError(`No fault rule '${c.req.param('id')}'.`);
    return c.body(null, 204);
  });

  app.delete('/_emulator/faults', (c) => {
    world.faults.clear();
    return c.body(null, 204);
  });

  // Tests need the token a reset email would carry; the public API returns it only on create.
  app.get('/_emulator/password_resets', (c) => {
    const email = c.req.query('email')?.toLowerCase();
    const data = [...world.store.passwordResets.values()]
      .filter((r) => email === undefined || r.email.toLowerCase() === email)
      .map((r) => ({ ...r }));
    return c.json({ data });
  });

  app.post('/_emulator/password_reset_not_allowed', async (c) => {
    const emails = (await readJsonObject(c)).emails;
    if (!Array.isArray(emails) || !emails.every((e) => typeof e === 'string'))
      throw validationError("'emails' must be an array of strings.");
    for (const e of emails) world.passwordResetNotAllowed.add(e.toLowerCase());
    return c.json({ not_allowed: [...world.passwordResetNotAllowed] });
  });

  app.post('/_emulator/oauth_sign_in', async (c) => {
    return c.json(await simulateOAuthSignIn(world, await readJsonObject(c)));
  });
}
