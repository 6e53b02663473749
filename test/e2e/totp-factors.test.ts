import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { Journal } from '../../src/journal/journal.js';
import { decodeBase32, encodeBase32 } from '../../src/totp/base32.js';
import { totp } from '../../src/totp/totp.js';
import {
  emulatorSecrets,
  listAllUsers,
  runCli,
  scaledImportArgs,
  scanForSecrets,
  sdkFor,
  startCli,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
} from './helpers.js';

type TotpUser = SourceUser & { totpSecret?: string; totpDigits?: number; totpSecretFormat?: string };

const GOOD = 40;
const users: TotpUser[] = [
  ...Array.from({ length: GOOD - 1 }, (_, i) => ({
    id: `totp-${i}`,
    email: `totp${i}@example.com`,
    // Half as Base32 the way apps show it (grouped, lower case), half as otpauth URIs.
    totpSecret:
      i % 2 === 0
        ? encodeBase32(randomBytes(20))
            .toLowerCase()
            .replace(/(.{4})/g, '$1 ')
            .trim()
        : `otpauth://totp/OldApp:totp${i}@example.com?secret=${encodeBase32(randomBytes(20))}&issuer=OldApp`,
  })),
  // django-otp keeps the key as hex: converted to Base32 on the way.
  {
    id: 'totp-hex',
    email: 'totp.hex@example.com',
    totpSecret: randomBytes(20).toString('hex'),
    totpSecretFormat: 'hex',
  },
  { id: 'totp-bad-0', email: 'totp.bad0@example.com', totpSecret: 'not a base32 secret!' },
  { id: 'totp-bad-1', email: 'totp.bad1@example.com', totpSecret: 'JBSWY3DP' },
  {
    id: 'totp-eight',
    email: 'totp.eight@example.com',
    totpSecret: encodeBase32(randomBytes(20)),
    totpDigits: 8,
  },
  { id: 'no-totp', email: 'no.totp@example.com' },
];
const secretOf = (u: TotpUser): Buffer => {
  const s = u.totpSecret as string;
  if (u.totpSecretFormat === 'hex') return Buffer.from(s, 'hex');
  return decodeBase32(
    s.startsWith('otpauth:') ? (new URL(s).searchParams.get('secret') as string) : s,
  ) as Buffer;
};

describe('authenticator (TOTP) factors: enrolled once per user, across a kill and lost answers', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  let source = '';
  const args = () => scaledImportArgs(source, state, emu, '--rate', '100%', '--json');
  const enrols = () => emu.control.counters().requests['POST /user_management/users/:id/auth_factors'] ?? 0;

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    source = writeSource(dir, users);
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
  });
  afterAll(async () => {
    await emu.close();
  });

  it('assess lists the users whose factor cannot move, and why', async () => {
    const r = await runCli(['assess', source, '--json'], emu);
    const report = JSON.parse(r.stdout) as {
      problems: Array<{ row: number; code: string; severity: string }>;
    };
    const totpProblems = report.problems.filter((p) => p.code.startsWith('totp_'));
    expect(totpProblems.map((p) => [p.row, p.code, p.severity])).toEqual([
      [GOOD + 1, 'totp_malformed', 'warning'],
      [GOOD + 2, 'totp_malformed', 'warning'],
      [GOOD + 3, 'totp_unsupported', 'warning'],
    ]);
  });

  it('each user with a usable secret ends with exactly one factor that accepts codes from the old secret', async () => {
    // Slow enrolments so the kill lands among them, and three answers lost after the factor was made.
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users/*/auth_factors',
      kind: 'latency',
      latencyMs: 40,
    });
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users/*/auth_factors',
      kind: 'commit_then_drop',
      count: 3,
    });
    const run = startCli(args(), emu);
    let exited = false;
    void run.done.then(() => (exited = true));
    while (!exited && enrols() < 12) await new Promise((r) => setTimeout(r, 2));
    run.child.kill('SIGKILL');
    expect((await run.done).signal).toBe('SIGKILL');
    const j = Journal.open(state);
    const src = j.currentSource();
    const afterKill = src ? j.actions.countByStatus(src.id, 'totp_factor') : {};
    j.close();
    expect(afterKill.done ?? 0, JSON.stringify(afterKill)).toBeLessThan(GOOD);
    const drops = emu.control.counters().faults.find((f) => f.kind === 'commit_then_drop');
    expect(drops?.fired).toBe(3);
    emu.control.clearFaults();

    const final = await runCli(args(), emu);
    expect(final.code, final.stderr).toBe(0);
    const summary = JSON.parse(final.stdout) as {
      statuses: Record<string, number>;
      organizations: { factors: Record<string, number> };
    };
    expect(summary.statuses).toEqual({ created: users.length });
    expect(summary.organizations.factors).toEqual({ done: GOOD, skipped: 3 });

    const sdk = sdkFor(emu);
    const byEmail = new Map((await listAllUsers(emu)).map((u) => [u.email, u.id]));
    expect(byEmail.size).toBe(users.length);
    for (const u of users) {
      const factors = (await sdk.userManagement.listAuthFactors({ userId: byEmail.get(u.email) as string }))
        .data;
      if (users.indexOf(u) >= GOOD) {
        expect(factors, u.email).toHaveLength(0);
        continue;
      }
      expect(factors, u.email).toHaveLength(1);
      const challenge = await sdk.mfa.challengeFactor({ authenticationFactorId: factors[0]?.id as string });
      const code = totp(secretOf(u), Date.now() / 1000);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      expect(
        (await sdk.mfa.verifyChallenge({ authenticationChallengeId: challenge.id, code: wrong })).valid,
      ).toBe(false);
      expect(
        (await sdk.mfa.verifyChallenge({ authenticationChallengeId: challenge.id, code })).valid,
        u.email,
      ).toBe(true);
    }

    const before = enrols();
    const again = await runCli(args(), emu);
    expect(again.code).toBe(0);
    expect(enrols()).toBe(before);
  }, 120_000);

  it('lists the users who must enrol again, and no secret reaches any output, export or the journal', async () => {
    const out = join(dir, 'errors.csv');
    const r = await runCli(['errors', 'export', '--state', state, '--out', out], emu);
    expect(r.code, r.stderr).toBe(0);
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(out, 'utf8');
    for (const email of ['totp.bad0@example.com', 'totp.bad1@example.com', 'totp.eight@example.com'])
      expect(csv).toContain(email);
    const secrets = users.flatMap((u) =>
      u.totpSecret ? [u.totpSecret, encodeBase32(secretOf(u) ?? Buffer.alloc(0))] : [],
    );
    const scan = scanForSecrets([...(await emulatorSecrets(emu)), ...secrets.filter((s) => s.length >= 8)]);
    expect(scan.scanned.journals).toBeGreaterThan(0);
    expect(scan.leaks).toEqual([]);
  }, 60_000);
});
