import { randomUUID } from 'node:crypto';
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { ApiError, rateLimited, unauthorized } from '../errors.js';
import { retryAfterSeconds } from '../sliding-window.js';
import type { World } from '../world.js';

type Env = { Bindings: HttpBindings };

/** The control API and the health check are the emulator's own, not WorkOS's: no auth, limits or faults. */
export function isEmulatorOwn(path: string): boolean {
  return path === '/health' || path.startsWith('/_emulator/') || path === '/_emulator';
}

/** Echoes the caller's X-Request-ID or makes one, on every response including errors. */
export function requestId(): MiddlewareHandler<Env> {
  return async (c, next) => {
    const id = c.req.header('x-request-id') ?? `req_${randomUUID()}`;
    await next();
    c.res.headers.set('X-Request-ID', id);
  };
}

/** Requests per route, keyed by method and route pattern so ids do not explode the table. */
export function countRequests(world: World): MiddlewareHandler<Env> {
  return async (c, next) => {
    await next();
    if (isEmulatorOwn(c.req.path)) return;
    let pattern = '(no route)';
    try {
      pattern = routePath(c, -1);
    } catch {
      // no matched route
    }
    if (pattern === '/*' || pattern === '*') pattern = '(no route)';
    const key = `${c.req.method} ${pattern}`;
    world.requests[key] = (world.requests[key] ?? 0) + 1;
  };
}

function destroySocket(c: Context<Env>): void {
  c.env.incoming.socket.destroy();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Applies the fault rules that fire for this request (see faults.ts). */
export function injectFaults(world: World): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (isEmulatorOwn(c.req.path)) return next();
    const rules = world.faults.decide(c.req.method, c.req.path);
    for (const r of rules)
      if (r.kind === 'latency') await sleep((r.latencyMs ?? 0) + Math.random() * (r.jitterMs ?? 0));
    const reset = rules.find((r) => r.kind === 'reset');
    if (reset) {
      destroySocket(c);
      return c.body(null, 500);
    }
    const failure = rules.find((r) => r.kind === '5xx');
    if (failure) {
      throw new ApiError(failure.status ?? 500, {
        code: 'server_error',
        message: `Injected server error (emulator fault rule ${failure.id}).`,
      });
    }
    const limited = rules.find((r) => r.kind === 'rate_limit');
    // The limiter's own 429 (same body, same Retry-After header), decided before the limiter, so
    // it consumes no window and says nothing about how full the window is.
    if (limited) throw rateLimited(limited.retryAfter ?? 1, `injected by emulator fault rule ${limited.id}`);
    await next();
    // The handler ran and its state change is committed; the caller never hears about it.
    if (rules.some((r) => r.kind === 'commit_then_drop')) destroySocket(c);
  };
}

/** Bearer auth with the emulator's API key; authenticate checks client_secret in its body instead. */
export function requireApiKey(world: World): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (isEmulatorOwn(c.req.path) || c.req.path === '/user_management/authenticate') return next();
    if (c.req.header('authorization') !== `Bearer ${world.config.apiKey}`) throw unauthorized();
    return next();
  };
}

const PER_EMAIL_PATHS = new Set([
  '/user_management/authenticate',
  '/user_management/password_reset',
  '/user_management/magic_auth',
]);

async function emailOf(c: Context<Env>): Promise<string | undefined> {
  try {
    const body = JSON.parse(await c.req.text()) as { email?: unknown };
    return typeof body.email === 'string' ? body.email.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

export function rateLimit(world: World): MiddlewareHandler<Env> {
  return async (c, next) => {
    if (isEmulatorOwn(c.req.path)) return next();
    const { method, path } = c.req;
    const email = method === 'POST' && PER_EMAIL_PATHS.has(path) ? await emailOf(c) : undefined;
    const userId = /^\/user_management\/users\/([^/]+)\/email_verification\/send$/.exec(path)?.[1];
    const decision = world.limiter.check({
      ip: c.env.incoming.socket.remoteAddress ?? 'unknown',
      method,
      path,
      ...(email ? { email } : {}),
      ...(userId ? { userId } : {}),
      apiKey: c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? '',
    });
    if (!decision.ok) throw rateLimited(retryAfterSeconds(decision.waitMs), decision.scope);
    return next();
  };
}
