import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { classifyHash } from '../../src/hashes/index.js';
import type { PlanEntry } from '../../src/assess/plan-file.js';
import {
  listAllUsers,
  repoRoot,
  runCli,
  scanForSecrets,
  sdkFor,
  startTestEmulator,
  tempDir,
} from './helpers.js';

// A database made by Django's own migrate + create_user/make_password: scripts/fixtures/make-django-db.py.
const FIXTURE = join(repoRoot, 'test', 'fixtures', 'presets', 'django');
interface FixtureUser {
  username: string;
  email: string;
  hasher: string;
  password: string | null;
}
const fixture = JSON.parse(readFileSync(join(FIXTURE, 'users.json'), 'utf8')) as { users: FixtureUser[] };

// Per hasher, the lane docs/hash-formats.md gives it (and why, for the reset lane).
const EXPECTED: Record<string, { lane: string; hashType?: string; reason?: string }> = {
  pbkdf2_sha256: { lane: 'reset', reason: 'parameters_out_of_range' }, // Django 3.2's 260,000 iterations
  pbkdf2_sha256_600k: { lane: 'import-hash', hashType: 'pbkdf2' },
  pbkdf2_sha1: { lane: 'reset', reason: 'unsupported_digest' },
  argon2: { lane: 'import-hash', hashType: 'argon2' },
  bcrypt_sha256: { lane: 'reset', reason: 'prehashed' },
  bcrypt: { lane: 'import-hash', hashType: 'bcrypt' },
  sha1: { lane: 'reset', reason: 'wrong_salt_order' },
  md5: { lane: 'reset', reason: 'unsupported_digest' },
  unsalted_sha1: { lane: 'reset', reason: 'unsalted_digest' },
  unsalted_md5: { lane: 'reset', reason: 'unsalted_digest' },
  crypt: { lane: 'reset', reason: 'unsupported_scheme' },
  scrypt: { lane: 'import-hash', hashType: 'scrypt' },
  unusable: { lane: 'reset', reason: 'no_hash_exported' },
  blank_email: { lane: 'blocked' },
};

describe('--preset django on a database made by Django itself', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const db = join(dir, 'app.db');
  const state = join(dir, 'journal.db');
  beforeAll(async () => {
    copyFileSync(join(FIXTURE, 'app.db'), db);
    emu = await startTestEmulator({ limits: { scale: 10 } });
  });
  afterAll(async () => {
    await emu?.close();
  });

  it('assess gives every hasher Django ships its lane, with no --query or --map', async () => {
    const plan = join(dir, 'plan.json');
    const r = await runCli(['assess', `sqlite:${db}`, '--preset', 'django', '--out', plan], emu);
    // The blank-email user blocks: exit 1, as for any blocking problem.
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('missing_email');
    const entries = (JSON.parse(readFileSync(plan, 'utf8')) as { users: PlanEntry[] }).users;
    expect(entries).toHaveLength(fixture.users.length);
    for (const u of fixture.users) {
      const expected = EXPECTED[u.hasher];
      expect(expected, `no expectation for Django hasher ${u.hasher}`).toBeDefined();
      const entry = entries.find((e) => e.email === u.email);
      const got = {
        lane: entry?.lane,
        ...(entry?.hashType !== undefined && { hashType: entry.hashType }),
        ...(entry?.reason !== undefined && { reason: entry.reason }),
      };
      if (expected!.lane === 'blocked') expect(got.lane, u.hasher).toBe('blocked');
      else expect(got, u.hasher).toEqual(expected);
    }
  });

  it('import --preset django lets every importable user log in with their password, and no other', async () => {
    await runCli(['strategy', 'set', 'big-bang', '--state', state], emu);
    const r = await runCli(
      ['import', `sqlite:${db}`, '--preset', 'django', '--state', state, '--emulator', emu.url, '--json'],
      emu,
    );
    const summary = JSON.parse(r.stdout) as { statuses: Record<string, number> };
    expect(summary.statuses).toEqual({ created: fixture.users.length - 1, blocked: 1 });
    const inWorkos = await listAllUsers(emu);
    const sdk = sdkFor(emu);
    let loggedIn = 0;
    for (const u of fixture.users.filter((x) => x.email !== '')) {
      const w = inWorkos.find((x) => x.email === u.email);
      expect(w, u.hasher).toBeDefined();
      expect(w?.lastName).toBe(u.hasher === 'unusable' ? 'Unusable' : u.hasher);
      if (u.password === null) continue;
      const attempt = sdk.userManagement.authenticateWithPassword({
        email: u.email,
        password: u.password,
        clientId: emu.clientId,
      });
      if (EXPECTED[u.hasher]!.lane === 'import-hash') {
        expect((await attempt).user.email, u.hasher).toBe(u.email);
        loggedIn++;
        await expect(
          sdk.userManagement.authenticateWithPassword({
            email: u.email,
            password: `${u.password}x`,
            clientId: emu.clientId,
          }),
        ).rejects.toThrow();
      } else {
        // Created without a password: the old one must not work (the user gets a reset instead).
        await expect(attempt, u.hasher).rejects.toThrow();
      }
    }
    expect(loggedIn).toBe(fixture.users.filter((u) => EXPECTED[u.hasher]!.lane === 'import-hash').length);
    expect(loggedIn).toBeGreaterThanOrEqual(3);
  });

  it('verify --preset django compares every imported user with the Django table and logs the known ones in', async () => {
    const r = await runCli(
      [
        'verify',
        '--state',
        state,
        '--emulator',
        emu.url,
        '--json',
        '--source',
        `sqlite:${db}`,
        '--preset',
        'django',
        '--credentials',
        join(FIXTURE, 'passwords.csv'),
      ],
      emu,
    );
    const result = JSON.parse(r.stdout || '{}') as {
      checks: Array<{ id: string; status: string; counts?: Record<string, number> }>;
    };
    const check = (id: string) => result.checks.find((c) => c.id === id);
    expect(check('field-parity')?.status, r.stderr).toBe('PASS');
    expect(check('field-parity')?.counts).toMatchObject({ compared: fixture.users.length - 1, differing: 0 });
    expect(check('test-logins')?.status).toBe('PASS');
    expect(check('test-logins')?.counts).toMatchObject({ accepted: 3, rejected: 0 });
  });

  it('no Django hash, converted hash or password reaches an output or the journal', () => {
    const source = new Database(db, { readonly: true });
    const hashes = (
      source.prepare('SELECT password FROM auth_user').all() as Array<{ password: string }>
    ).map((r) => r.password);
    source.close();
    const converted = hashes.flatMap((h) => {
      const c = classifyHash({ hash: h });
      return c.importable ? [c.workosHash] : [];
    });
    const passwords = fixture.users.flatMap((u) => (u.password ? [u.password] : []));
    const scan = scanForSecrets([...hashes, ...converted, ...passwords]);
    expect(scan.scanned.journals).toBe(1);
    expect(scan.leaks).toEqual([]);
  });

  it('a user whose WorkOS id sits in --param workos-id is linked by it, never created again', async () => {
    const own = await startTestEmulator({ limits: { scale: 10 } });
    try {
      const copy = join(tempDir(), 'app.db');
      copyFileSync(join(FIXTURE, 'app.db'), copy);
      // What dual-write leaves behind: the user already in WorkOS, its id in the application's table.
      const existing = await sdkFor(own).userManagement.createUser({ email: 'bcrypt.user@example.com' });
      const write = new Database(copy);
      write.exec('ALTER TABLE auth_user ADD COLUMN workos_user_id TEXT');
      write
        .prepare('UPDATE auth_user SET workos_user_id = ? WHERE email = ?')
        .run(existing.id, 'bcrypt.user@example.com');
      write.close();
      const preset = ['--preset', 'django', '--param', 'workos-id=workos_user_id'];
      const assessed = await runCli(['assess', `sqlite:${copy}`, ...preset], own);
      expect(assessed.stdout).toContain('Already in WorkOS: 1 user(s)');

      const journal = join(tempDir(), 'journal.db');
      await runCli(['strategy', 'set', 'big-bang', '--state', journal], own);
      const posts = () => own.control.counters().requests['POST /user_management/users'] ?? 0;
      const before = posts();
      const r = await runCli(
        ['import', `sqlite:${copy}`, ...preset, '--state', journal, '--emulator', own.url, '--json'],
        own,
      );
      const summary = JSON.parse(r.stdout) as { statuses: Record<string, number> };
      expect(summary.statuses).toEqual({ created: fixture.users.length - 2, linked: 1, blocked: 1 });
      expect(posts() - before).toBe(fixture.users.length - 2);
      const users = await listAllUsers(own);
      expect(users.filter((u) => u.email === 'bcrypt.user@example.com').map((u) => u.id)).toEqual([
        existing.id,
      ]);
    } finally {
      await own.close();
    }
  });
});
