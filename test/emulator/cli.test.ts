import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkOS } from '@workos-inc/node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVectors, repoRoot } from './helpers.js';

// Runs the built binary: `npm test` builds first; alone, run `npm run build` before this file.
const BIN = join(repoRoot, 'dist', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: URL;
  stdout: () => string;
  exited: Promise<number | null>;
}

async function startCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'emulator', ...args], { cwd: repoRoot });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${out}${err}`)), 10_000);
    const poll = setInterval(() => {
      const m = /base URL:\s+(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve(new URL(m[1]!));
      }
    }, 20);
    void exited.then((code) => reject(new Error(`emulator exited ${code}: ${out}${err}`)));
  });
  return { child, url, stdout: () => out, exited };
}

async function stop(r: Running): Promise<number | null> {
  r.child.kill('SIGTERM');
  return r.exited;
}

function sdk(url: URL, key = 'sk_test_cli'): WorkOS {
  return new WorkOS(key, {
    apiHostname: url.hostname,
    port: Number(url.port),
    https: false,
    clientId: 'client_cli',
  });
}

describe('workos-migrator emulator', () => {
  it('prints URL, key and client id; serves seeded users with hashes; persists across restarts; stops on SIGTERM', async () => {
    const bcrypt = loadVectors().find((v) => v.id === 'bcrypt-2b-ascii')!;
    const seed = join(dir, 'seed.json');
    writeFileSync(
      seed,
      JSON.stringify([
        {
          email: 'seeded@cli.test',
          firstName: 'Seed',
          passwordHash: bcrypt.workos_hash,
          passwordHashType: 'bcrypt',
        },
        { email: 'broken@cli.test', password_hash: 'nope', password_hash_type: 'bcrypt' },
      ]),
    );
    const state = join(dir, 'state.json');
    const args = ['--port', '0', '--limits', 'x10', '--api-key', 'sk_test_cli', '--client-id', 'client_cli'];

    const first = await startCli([...args, '--seed', seed, '--persist', state]);
    expect(first.stdout()).toContain('API key:   sk_test_cli');
    expect(first.stdout()).toContain('client id: client_cli');
    expect(first.stdout()).toMatch(/seeded:\s+1 users \(1 skipped/);
    const health = await fetch(new URL('/health', first.url));
    expect(health.status).toBe(200);
    const auth = await sdk(first.url).userManagement.authenticateWithPassword({
      email: 'seeded@cli.test',
      password: bcrypt.password,
      clientId: 'client_cli',
    });
    expect(auth.user.firstName).toBe('Seed');
    const created = await sdk(first.url).userManagement.createUser({ email: 'later@cli.test' });
    expect(await stop(first)).toBe(0);
    expect(first.stdout()).toContain('stopped');
    expect(statSync(state).mode & 0o077).toBe(0); // holds hashes: owner-only

    const second = await startCli([...args, '--persist', state]);
    try {
      expect(second.stdout()).toContain('restored from');
      expect((await sdk(second.url).userManagement.getUser(created.id)).email).toBe('later@cli.test');
      const again = await sdk(second.url).userManagement.authenticateWithPassword({
        email: 'seeded@cli.test',
        password: bcrypt.password,
        clientId: 'client_cli',
      });
      expect(again.user.lastSignInAt).not.toBeNull();
      const wrongKey = await fetch(new URL('/user_management/users', second.url), {
        headers: { authorization: 'Bearer sk_test_default' },
      });
      expect(wrongKey.status).toBe(401);
    } finally {
      expect(await stop(second)).toBe(0);
    }
  });

  it('rejects a bad --limits value with a usage error (exit 2)', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--limits', 'fast'], { cwd: repoRoot });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--limits must be/);
  });
});
