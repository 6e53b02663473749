import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { renderVerifyReport, type VerifyResult } from '../../src/report/index.js';
import {
  emulatorSecrets,
  repoRoot,
  runCli,
  sourceSecrets,
  startTestEmulator,
  tempDir,
  type SourceUser,
} from './helpers.js';

/** Debian's package; .ci/run installs it when missing. Nothing here downloads a browser. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(repoRoot, 'test-artifacts');
const SAMPLE = join(repoRoot, 'samples', 'users.json');
const MAP = join(repoRoot, 'samples', 'map.yaml');
const CREDENTIALS = join(repoRoot, 'samples', 'test-credentials.csv');

function at(doc: unknown, path: ReadonlyArray<string | number>): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], doc);
}

interface Shown {
  path: Array<string | number>;
  text: string;
}

/**
 * Opens the report in Chromium with the network cut off, fails on any console error, page error
 * or request that is not the file itself, keeps a screenshot, and returns every number the page
 * marks with data-metric, as shown.
 */
async function render(
  browser: Browser,
  file: string,
  name: string,
): Promise<{ shown: Shown[]; sums: Record<string, number> }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, offline: true });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== `file://${file}`) problems.push(`request: ${r.url()}`);
  });
  try {
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    const shown = await page.$$eval('[data-metric]', (els) =>
      els.map((e) => ({
        path: JSON.parse(e.getAttribute('data-metric') ?? '[]'),
        text: e.textContent ?? '',
      })),
    );
    const sums = Object.fromEntries(
      await page.$$eval('[data-metric-sum]', (els) =>
        els.map((e) => [e.getAttribute('data-metric-sum') ?? '', Number(e.textContent)]),
      ),
    ) as Record<string, number>;
    expect(problems).toEqual([]);
    return { shown, sums };
  } finally {
    await context.close();
  }
}

/** Each number as the page shows it must be the JSON's number at that path, to the decimals shown. */
function mismatches(shown: Shown[], doc: unknown): string[] {
  const out: string[] = [];
  for (const s of shown) {
    const text = s.text.replace(/,/g, '').trim();
    const value = at(doc, s.path);
    const decimals = text.includes('.') ? (text.split('.')[1]?.length ?? 0) : 0;
    if (typeof value !== 'number' || Number(text) !== Number(value.toFixed(decimals)))
      out.push(`${JSON.stringify(s.path)}: page shows "${s.text}", JSON has ${JSON.stringify(value)}`);
  }
  return out;
}

describe('HTML reports in headless Chromium: numbers equal the JSON, no console error, no network', () => {
  let browser: Browser;
  let emu: RunningEmulator;
  const dir = tempDir();
  const records = JSON.parse(readFileSync(SAMPLE, 'utf8')) as Array<Record<string, unknown>>;
  const hashParams = {
    firebaseSignerKey:
      '3x0LkVZV2SvZoL84a8/em+xfFOo2a1/2TMl4aB0M5FkULUMPwFoqLVbl+TGAsqqCr9xd5Vz6cYIy+JaJY5BwFg==',
    firebaseSaltSeparator: 'Bw==',
    firebaseRounds: '8',
    firebaseMemCost: '14',
  };
  expect(readFileSync(MAP, 'utf8')).toContain(hashParams.firebaseSignerKey);
  const secrets = [
    ...sourceSecrets(
      records.map((r) => ({ ...r, id: String(r.localId) }) as unknown as SourceUser),
      hashParams,
    ),
    ...records.map((r) => r.devisePepper).filter((p): p is string => typeof p === 'string' && p.length >= 8),
  ];

  beforeAll(async () => {
    expect(existsSync(CHROMIUM), `no browser at ${CHROMIUM}: apt-get install chromium (.ci/run does)`).toBe(
      true,
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
    emu = await startTestEmulator({ limits: { scale: 10 } });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await emu?.close();
  });

  it('assess --report shows what assess --json prints', async () => {
    const file = join(dir, 'assess.html');
    const r = await runCli(
      ['assess', SAMPLE, '--map', MAP, '--credentials', CREDENTIALS, '--json', '--report', file],
      emu,
    );
    expect(r.code).toBe(1); // the sample's four deliberate problems
    const doc = JSON.parse(r.stdout) as {
      lanes: Record<string, number>;
      problems: unknown[];
      credentials: object;
    };
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const { shown } = await render(browser, file, 'assess-report');
    expect(mismatches(shown, doc)).toEqual([]);
    const paths = shown.map((s) => JSON.stringify(s.path));
    for (const lane of Object.keys(doc.lanes)) expect(paths).toContain(JSON.stringify(['lanes', lane]));
    expect(paths).toContain(JSON.stringify(['credentials', 'families', 0, 'passed']));
    expect(paths).toContain(JSON.stringify(['problemCounts', 'invalid_email']));
    expect(shown.length).toBeGreaterThan(40);
    const html = readFileSync(file, 'utf8');
    // Without --json the report reads the same pass: the same page.
    const plain = join(dir, 'assess-plain.html');
    await runCli(['assess', SAMPLE, '--map', MAP, '--credentials', CREDENTIALS, '--report', plain], emu);
    expect(readFileSync(plain, 'utf8')).toBe(html);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(secrets.filter((s) => s.length >= 8 && html.includes(s))).toEqual([]);
  }, 60_000);

  it('import --report charts the rate and the 429s the journal recorded, with the JSON numbers', async () => {
    const state = join(dir, 'journal.db');
    const file = join(dir, 'import.html');
    // Some creates answered 429 by the emulator, and a pace slow enough to draw a few seconds.
    const fault = await fetch(`${emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        method: 'POST',
        path: '/user_management/users',
        kind: 'rate_limit',
        probability: 0.05,
        retryAfter: 1,
      }),
    });
    expect(fault.status).toBeLessThan(300);
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    const r = await runCli(
      [
        'import',
        SAMPLE,
        '--map',
        MAP,
        '--state',
        state,
        '--emulator',
        emu.url,
        '--write-limit',
        '100/1s',
        '--rate',
        '100%',
        '--json',
        '--report',
        file,
      ],
      emu,
    );
    expect(r.code, r.stderr).toBe(1); // the sample's blocked users
    const summary = JSON.parse(r.stdout) as {
      requests: { rateLimited: number; retries: number; writes: number };
      thisRun: Record<string, number>;
      timeline: Array<{ writes: number; created: number; rateLimited: number; retries: number }>;
    };
    expect(summary.requests.rateLimited).toBeGreaterThan(0);
    // The journal's per-second record adds up to the run's own counters.
    const sum = (k: 'writes' | 'created' | 'rateLimited' | 'retries') =>
      summary.timeline.reduce((n, t) => n + t[k], 0);
    expect(summary.timeline.length).toBeGreaterThanOrEqual(3);
    expect(sum('writes')).toBe(summary.requests.writes);
    expect(sum('rateLimited')).toBe(summary.requests.rateLimited);
    expect(sum('created')).toBe(summary.thisRun.created);

    const { shown, sums } = await render(browser, file, 'import-report');
    expect(mismatches(shown, summary)).toEqual([]);
    expect(sums).toEqual({ 'timeline.rateLimited': sum('rateLimited'), 'timeline.retries': sum('retries') });
    const paths = shown.map((s) => JSON.stringify(s.path));
    expect(paths).toEqual(
      expect.arrayContaining([
        JSON.stringify(['hashFamilies', 'bcrypt ($2b$)', 'created']),
        JSON.stringify(['statuses', 'created']),
        JSON.stringify(['requests', 'rateLimited']),
      ]),
    );
    const html = readFileSync(file, 'utf8');
    const leaked = [...secrets, ...(await emulatorSecrets(emu))].filter(
      (s) => s.length >= 8 && html.includes(s),
    );
    expect(leaked).toEqual([]);
  }, 90_000);

  it('verify --report after that import shows what verify --json prints', async () => {
    const state = join(dir, 'journal.db');
    const file = join(dir, 'verify-real.html');
    const r = await runCli(
      [
        'verify',
        '--state',
        state,
        '--emulator',
        emu.url,
        '--map',
        MAP,
        '--credentials',
        CREDENTIALS,
        '--json',
        '--report',
        file,
      ],
      emu,
    );
    expect(r.stdout, r.stderr).not.toBe('');
    const result = JSON.parse(r.stdout) as VerifyResult;
    expect(result.checks.length).toBeGreaterThan(0);
    const { shown } = await render(browser, file, 'verify-report-real');
    expect(mismatches(shown, result)).toEqual([]);
    expect(shown.length).toBe(result.checks.reduce((n, c) => n + Object.keys(c.counts).length, 0));
    const html = readFileSync(file, 'utf8');
    for (const c of result.checks) expect(html).toContain(`data-check-status="${c.id}">${c.status}<`);
    const leaked = [...secrets, ...(await emulatorSecrets(emu))].filter(
      (s) => s.length >= 8 && html.includes(s),
    );
    expect(leaked).toEqual([]);
  }, 90_000);

  it('the verify report shows each check and its counts as the result has them', async () => {
    const result: VerifyResult = {
      ok: false,
      checkedAt: '2026-07-01T10:00:00.000Z',
      target: 'http://127.0.0.1:4100',
      checks: [
        {
          id: 'completeness',
          title: 'Every user is in WorkOS',
          status: 'PASS',
          counts: { expected: 294, found: 294, missing: 0 },
          offenders: [],
        },
        {
          id: 'field-parity',
          title: 'Email, names and verification match',
          status: 'FAIL',
          counts: { compared: 294, drift: 2 },
          offenders: [
            { email: 'ann@example.com', localId: '17', workosId: 'user_01', reason: 'first_name differs' },
            { email: 'bo@example.com', localId: '18', workosId: 'user_02', reason: 'email_verified differs' },
          ],
        },
        {
          id: 'test-logins',
          title: 'Test users log in with their old password',
          status: 'PASS',
          counts: { passed: 24, failed: 0, notImportable: 2 },
          offenders: [],
        },
        {
          id: 'oauth',
          title: 'OAuth users have their identity',
          status: 'SKIP',
          counts: {},
          offenders: [],
          note: 'no OAuth sign-in yet',
        },
        {
          id: 'resets',
          title: 'Password resets sent',
          status: 'PASS',
          counts: { planned: 50, sent: 50 },
          offenders: [],
        },
      ],
    };
    const file = join(dir, 'verify.html');
    writeFileSync(file, renderVerifyReport(result));
    const { shown } = await render(browser, file, 'verify-report');
    expect(mismatches(shown, result)).toEqual([]);
    expect(shown.length).toBe(result.checks.reduce((n, c) => n + Object.keys(c.counts).length, 0));
    const html = readFileSync(file, 'utf8');
    for (const c of result.checks) expect(html).toContain(`data-check-status="${c.id}">${c.status}<`);
    expect(html).toContain('first_name differs');
  }, 60_000);
});
