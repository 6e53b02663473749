import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { EMULATOR_DEFAULT_CLIENT_ID } from '../workos/client.js';
import { createApp } from './app.js';
import type { FaultRuleInput } from './faults.js';
import type { LimitsOption } from './limits.js';
import { seedFromFile, seedUsers, type SeedResult } from './seed.js';
import { Store } from './store.js';
import { World } from './world.js';

export type { FaultRule, FaultRuleInput, FaultKind } from './faults.js';
export type { EffectiveLimits, LimitsOption } from './limits.js';
export { DOCUMENTED_LIMITS, effectiveLimits, parseLimitsFlag } from './limits.js';
export type { SeedResult } from './seed.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to listen on; local only by default. */
  host?: string;
  apiKey?: string;
  clientId?: string;
  limits?: LimitsOption;
  duplicateEmail?: 'contract' | '409';
  requireEmailVerification?: boolean;
  /** How a simulated OAuth sign-in matches the existing user's email (see World). */
  oauthEmailMatch?: 'case-insensitive' | 'exact';
  /** Keep state in this JSON file: loaded at start if present, written after changes and on close. */
  persistFile?: string;
  /** A JSON array of users (snake_case or camelCase fields) created at start. */
  seedFile?: string;
}

export interface EmulatorControl {
  seedUsers(users: unknown[]): Promise<SeedResult>;
  reset(options?: { limits?: LimitsOption }): void;
  addFault(rule: FaultRuleInput): { id: string };
  clearFaults(): void;
  counters(): {
    requests: Record<string, number>;
    rateLimited: number;
    maxWritesInWindow: number;
    writeWindowMs: number;
    writeLimit: number;
    /** Users in the store now (creates that committed, answered or not). */
    users: number;
    /** How often each fault rule fired (injected 429s are counted here, not in rateLimited). */
    faults: Array<{ id: string; kind: string; fired: number }>;
  };
  /**
   * The few counters a benchmark polls every few milliseconds, without the cost of counters()
   * (which scans every accepted write for the busiest window and would slow the emulator it measures).
   */
  progress(): { users: number; requests: number; rateLimited: number };
}

export interface RunningEmulator {
  url: string;
  port: number;
  apiKey: string;
  clientId: string;
  control: EmulatorControl;
  /** What `seedFile` produced, if one was given. */
  seeded?: SeedResult;
  /** Whether state was restored from `persistFile`. */
  restored: boolean;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const store = new Store(options.persistFile);
  const restored = store.loadFromFile();
  const world = new World(
    {
      apiKey: options.apiKey ?? 'sk_test_default',
      clientId: options.clientId ?? EMULATOR_DEFAULT_CLIENT_ID,
      limits: options.limits ?? 'documented',
      duplicateEmail: options.duplicateEmail ?? 'contract',
      requireEmailVerification: options.requireEmailVerification ?? false,
      oauthEmailMatch: options.oauthEmailMatch ?? 'case-insensitive',
    },
    store,
  );
  const seeded = options.seedFile ? await seedFromFile(world, options.seedFile) : undefined;
  const app = createApp(world);
  const host = options.host ?? '127.0.0.1';
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  // Faults destroy sockets on purpose; those write errors are expected, not crashes.
  server.on('clientError', (_err, socket) => socket.destroy());
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;

  const control: EmulatorControl = {
    seedUsers: (users) => seedUsers(world, users),
    reset: (o) => world.reset(o),
    addFault: (rule) => world.faults.add(rule),
    clearFaults: () => world.faults.clear(),
    counters: () => ({
      requests: { ...world.requests },
      rateLimited: world.limiter.rejected,
      maxWritesInWindow: world.limiter.maxWritesInAnyWindow(),
      writeWindowMs: world.limiter.limits.writes.windowMs,
      writeLimit: world.limiter.limits.writes.limit,
      users: world.store.users.size,
      faults: world.faults.rules.map((r) => ({ id: r.id, kind: r.kind, fired: r.fired })),
    }),
    progress: () => {
      let requests = 0;
      for (const n of Object.values(world.requests)) requests += n;
      return { users: world.store.users.size, requests, rateLimited: world.limiter.rejected };
    },
  };

  return {
    url,
    port,
    apiKey: world.config.apiKey,
    clientId: world.config.clientId,
    control,
    ...(seeded ? { seeded } : {}),
    restored,
    close: () =>
      new Promise<void>((resolve, reject) => {
        store.flush();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
