import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { classifyHash, isLegacyVerifiable } from '../../src/hashes/index.js';
import { repoRoot, sdkFor, startTestEmulator, tempDir } from '../e2e/helpers.js';
import { hashInputFor, LEGACY_EXTRA_VECTORS_PATH, loadHashVectors } from '../support/hash-vectors.js';

// Fast hashes only (no 1.2M-iteration PBKDF2): the old system's users, twenty of them.
const vectors = [...loadHashVectors(), ...loadHashVectors(LEGACY_EXTRA_VECTORS_PATH)].filter(
  (v) =>
    !v.importable &&
    isLegacyVerifiable(classifyHash(hashInputFor(v))) &&
    /hex|salted|phpass|drupal|bcrypt|wp|devise|2x/.test(v.id) &&
    !v.source_extra?.pepper,
);
const users = Array.from({ length: 20 }, (_, i) => {
  const v = vectors[i % vectors.length]!;
  const { salt, saltOrder } = hashInputFor(v).params ?? {};
  return {
    id: `legacy-${i}`,
    email: `switch${i}@example.com`,
    password: v.password,
    passwordHash: v.source_hash!,
    ...(salt ? { salt } : {}),
    ...(saltOrder ? { saltOrder } : {}),
  };
});

interface Answer {
  status: number;
  body: { path?: string; user?: { email: string }; message?: string } | null;
  cookie?: string;
}

describe('examples/login-switch: real HTTP logins through the switch at rollout 0, 50 and 100', () => {
  let emu: RunningEmulator;
  let app: ChildProcess;
  let base: string;
  const dir = tempDir();
  const logs: string[] = [];

  async function call(method: string, path: string, body?: unknown, cookie?: string): Promise<Answer> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const set = res.headers.get('set-cookie') ?? undefined;
    return { status: res.status, body: text ? JSON.parse(text) : null, cookie: set?.split(';')[0] };
  }
  const login = (u: { email: string; password: string }, password = u.password) =>
    call('POST', '/login', { email: u.email, password });
  const rollout = async (percent: number) =>
    expect((await call('PUT', '/admin/rollout', { percent })).status).toBe(204);
  async function counts(): Promise<{ auth: number; puts: number }> {
    const c = (await (await fetch(`${emu.url}/_emulator/counters`)).json()) as {
      requests: Record<string, number>;
    };
    const sum = (prefix: string) =>
      Object.entries(c.requests)
        .filter(([r]) => r.startsWith(prefix))
        .reduce((n, [, v]) => n + v, 0);
    return { auth: sum('POST /user_management/authenticate'), puts: sum('PUT /user_management/users') };
  }

  beforeAll(async () => {
    emu = await startTestEmulator();
    // What `import --trickle` leaves: every user in WorkOS, without a password.
    const sdk = sdkFor(emu);
    for (const u of users) await sdk.userManagement.createUser({ email: u.email });
    const file = join(dir, 'legacy-users.json');
    writeFileSync(file, JSON.stringify(users.map(({ password: _p, ...u }) => u)));
    app = spawn(process.execPath, [join(repoRoot, 'examples', 'login-switch', 'app.mjs')], {
      cwd: repoRoot,
      env: {
        ...process.env,
        LEGACY_USERS: file,
        EMULATOR_URL: emu.url,
        WORKOS_API_KEY: emu.apiKey,
        WORKOS_CLIENT_ID: emu.clientId,
        PORT: '0',
        ROLLOUT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app.stderr!.on('data', (c: Buffer) => logs.push(c.toString()));
    const lines = createInterface({ input: app.stdout! });
    lines.on('line', (l) => logs.push(l));
    base = await new Promise<string>((resolve, reject) => {
      lines.on('line', (l) => {
        const m = /^listening on (http:\/\/\S+)/.exec(l);
        if (m) resolve(m[1]!);
      });
      app.once('exit', (code) => reject(new Error(`example exited ${code}: ${logs.join('')}`)));
    });
  });
  afterAll(async () => {
    app?.kill();
    await emu?.close();
  });

  let workosCookie: string | undefined;
  let legacyCookie: string | undefined;
  const onWorkos = new Set<string>();

  it('rollout 0: every login is the old system, WorkOS is not asked', async () => {
    for (const u of users) {
      const r = await login(u);
      expect(r.status, u.email).toBe(200);
      expect(r.body?.path).toBe('legacy');
    }
    expect((await login(users[0]!, 'wrong-password')).status).toBe(401);
    expect(await counts()).toEqual({ auth: 0, puts: 0 });
  });

  it('rollout 50: each user has one stable path; WorkOS users move their password at sign-in', async () => {
    await rollout(50);
    for (const u of users) {
      const first = await login(u);
      const again = await login(u);
      expect(first.status, u.email).toBe(200);
      expect(again.body?.path, u.email).toBe(first.body?.path);
      if (first.body?.path === 'workos') {
        onWorkos.add(u.email);
        workosCookie ??= first.cookie;
      } else legacyCookie ??= first.cookie;
    }
    expect(onWorkos.size).toBeGreaterThan(0);
    expect(onWorkos.size).toBeLessThan(users.length);
    // One password set per WorkOS-path user; the second login was WorkOS's own.
    expect((await counts()).puts).toBe(onWorkos.size);
    expect((await call('GET', '/me', undefined, workosCookie)).body).toMatchObject({ path: 'workos' });
    expect((await call('GET', '/me', undefined, legacyCookie)).body).toMatchObject({ path: 'legacy' });
  });

  it('rollout 100: everyone signs in with WorkOS, each password moved once; old sessions stay valid', async () => {
    await rollout(100);
    for (const u of users) {
      const r = await login(u);
      expect(r.body?.path, u.email).toBe('workos');
    }
    expect((await counts()).puts).toBe(users.length);
    const wrong = await login(users[1]!, 'wrong-password');
    expect(wrong).toMatchObject({ status: 401, body: { message: 'Invalid email or password.' } });
    expect((await call('GET', '/me', undefined, legacyCookie)).body).toMatchObject({ path: 'legacy' });
    // Strategy A: sign-ups stay frozen during the migration.
    const signup = await call('POST', '/signup', { email: 'new@example.com', password: 'a-new-password' });
    expect(signup.status).toBe(403);
  });

  it('rollback to 0: logins go back to the old system; WorkOS sessions end where they were issued', async () => {
    await rollout(0);
    const before = await counts();
    for (const u of users) expect((await login(u)).body?.path, u.email).toBe('legacy');
    expect(await counts()).toEqual(before);
    expect((await call('GET', '/me', undefined, workosCookie)).body).toMatchObject({ path: 'workos' });
    expect((await call('POST', '/logout', undefined, workosCookie)).status).toBe(204);
    expect((await call('GET', '/me', undefined, workosCookie)).status).toBe(401);
    const printed = logs.join('\n');
    for (const u of users) {
      expect(printed).not.toContain(u.passwordHash);
      if (u.password !== 'password') expect(printed).not.toContain(u.password);
    }
    expect(printed).toContain('migrated at sign-in: switch');
  });
});
