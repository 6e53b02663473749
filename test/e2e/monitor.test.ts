import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { classifyHash } from '../../src/hashes/index.js';
import type { MonitorReport } from '../../src/monitor/index.js';
import { seededRandom } from '../support/seeded-random.js';
import { hashVector } from '../support/hash-vectors.js';
import {
  hashVectorUser,
  importAsStrategyA,
  runCli,
  scanForSecrets,
  sourceSecrets,
  SCALED_LIMIT_FLAGS,
  sdkFor,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
} from './helpers.js';

const VECTORS = ['bcrypt-2a-emoji-go', 'ldap-ssha-lowercase-label', 'node-argon2-npm-mpt-order'].map(
  hashVector,
);

interface RawEvent {
  event: string;
  created_at: string;
  data: { id?: string; user_id?: string | null; email?: string | null };
}

/** Every event the emulator recorded, read over plain HTTP (not through our code). */
async function rawEvents(emu: RunningEmulator): Promise<RawEvent[]> {
  const out: RawEvent[] = [];
  let after: string | null = null;
  do {
    const res = await fetch(`${emu.url}/events?limit=100&order=asc${after ? `&after=${after}` : ''}`, {
      headers: { authorization: `Bearer ${emu.apiKey}` },
    });
    const page = (await res.json()) as { data: RawEvent[]; list_metadata: { after: string | null } };
    out.push(...page.data);
    after = page.data.length ? page.list_metadata.after : null;
  } while (after);
  return out;
}

describe('monitor: figures from the WorkOS events after cutover', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const hashUsers: SourceUser[] = Array.from({ length: 9 }, (_, i) => ({
    ...hashVectorUser(VECTORS[i % VECTORS.length]!, i),
    emailVerified: true,
  }));
  const resetUsers: SourceUser[] = Array.from({ length: 4 }, (_, i) => ({
    id: `r-${i}`,
    email: `reset${i}@example.com`,
  }));
  const family = new Map(
    hashUsers.map((u) => [u.email, classifyHash({ hash: u.passwordHash as string }).sourceFormat as string]),
  );
  const monitor = async (...extra: string[]) => {
    const r = await runCli(
      ['monitor', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS, '--json', ...extra],
      emu,
    );
    return { code: r.code, stderr: r.stderr, report: JSON.parse(r.stdout || '{}') as MonitorReport };
  };

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const source = writeSource(dir, [...hashUsers, ...resetUsers]);
    expect((await importAsStrategyA(emu, source, state)).code).toBe(0);
    expect((await runCli(['resets', 'plan', '--state', state], emu)).code).toBe(0);
    expect(
      (await runCli(['resets', 'send', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS], emu))
        .code,
    ).toBe(0);

    // After cutover, the application's sign-ins: a seeded mix of right and wrong passwords.
    const sdk = sdkFor(emu);
    const random = seededRandom(7);
    for (const [i, u] of hashUsers.entries()) {
      const password = VECTORS[i % VECTORS.length]!.password;
      for (let k = 0; k < 3; k++) {
        const wrong = random() < 0.3;
        await sdk.userManagement
          .authenticateWithPassword({
            email: u.email,
            password: wrong ? `${password}-typo` : password,
            clientId: emu.clientId,
          })
          .catch(() => undefined);
      }
    }
    // A reset user tries the old password, and someone nobody migrated tries too.
    for (const email of ['reset0@example.com', 'nobody@example.com'])
      await sdk.userManagement
        .authenticateWithPassword({ email, password: 'guess', clientId: emu.clientId })
        .catch(() => undefined);
    // One reset completed, and one new sign-up.
    const res = await fetch(`${emu.url}/_emulator/password_resets?email=reset1@example.com`);
    const [reset] = ((await res.json()) as { data: Array<{ password_reset_token: string }> }).data;
    await sdk.userManagement.resetPassword({
      token: reset!.password_reset_token,
      newPassword: 'Fresh-Start-2026!',
    });
    await sdk.userManagement.createUser({ email: 'newcomer@example.com' });
  }, 120_000);
  afterAll(async () => {
    await emu.close();
  });

  it("equals the counts computed here from the emulator's own events", async () => {
    const { code, report } = await monitor('--since', '1h', '--min-success', '0');
    expect(code).toBe(0);
    const events = await rawEvents(emu);
    const of = (type: string) => events.filter((e) => e.event === type);
    const succeeded = of('authentication.password_succeeded').length;
    const failed = of('authentication.password_failed');
    const byFamily: Record<string, number> = {};
    const byLane: Record<string, number> = {};
    for (const e of failed) {
      const email = (e.data.email ?? '').toLowerCase();
      const f = family.get(email) ?? (email.startsWith('reset') ? 'no hash' : 'not migrated');
      const lane = family.has(email) ? 'import-hash' : email.startsWith('reset') ? 'reset' : 'not migrated';
      byFamily[f] = (byFamily[f] ?? 0) + 1;
      byLane[lane] = (byLane[lane] ?? 0) + 1;
    }
    // The import's creates are the first user.created events; anything after is a sign-up.
    const imported = new Set(
      of('user.created')
        .map((e) => e.data.id)
        .slice(0, hashUsers.length + resetUsers.length),
    );
    expect(failed.length).toBeGreaterThan(2);
    expect(succeeded).toBeGreaterThan(2);
    expect(report.signIns).toEqual({
      succeeded,
      failed: failed.length,
      successRate: succeeded / (succeeded + failed.length),
    });
    expect(report.failuresByHashFamily).toEqual(byFamily);
    expect(report.failuresByLane).toEqual(byLane);
    expect(report.resets.created).toBe(of('password_reset.created').length);
    expect(report.resets.created).toBe(resetUsers.length);
    expect(report.resets.succeeded).toBe(of('password_reset.succeeded').length);
    expect(report.resets.perBucket.reduce((n, b) => n + b.created, 0)).toBe(resetUsers.length);
    expect(report.newUsers).toBe(of('user.created').filter((e) => !imported.has(e.data.id)).length);
    expect(report.newUsers).toBe(1);
  });

  it('exits 1 under the success threshold, and says so', async () => {
    const { code, report } = await monitor('--since', '1h', '--min-success', '0.99');
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    const text = await runCli(
      ['monitor', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS, '--min-success', '0.99'],
      emu,
    );
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Failed sign-ins per source hash family');
    expect(text.stdout).toContain('BELOW THRESHOLD');
  });

  it('never prints a password or the API key', async () => {
    const secrets = [emu.apiKey, ...VECTORS.map((v) => `${v.password}-typo`), 'Fresh-Start-2026!'];
    const scan = scanForSecrets([...secrets, ...sourceSecrets(hashUsers)]);
    expect(scan.scanned.outputs).toBeGreaterThan(4);
    expect(scan.leaks).toEqual([]);
  });

  it('refuses a missing journal without creating one', async () => {
    const missing = join(dir, 'none.db');
    const r = await runCli(['monitor', '--state', missing, '--emulator', emu.url], emu);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no journal at ${missing}`);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a threshold that is not a share', async () => {
    const r = await runCli(['monitor', '--state', state, '--emulator', emu.url, '--min-success', '95%'], emu);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--min-success must be a share between 0 and 1');
  });
});
