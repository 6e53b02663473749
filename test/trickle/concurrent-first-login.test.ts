import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { repoRoot, sdkFor, startTestEmulator } from '../e2e/helpers.js';
import { PG_URL } from '../dualwrite/app-db.js';
import { hashVector } from '../support/hash-vectors.js';

/**
 * An application process as it would run in production: the library from the package's own export,
 * the SDK, a pg pool on the shared database. It enrolls, says `ready`, and logs in on `go`.
 */
const APP = `
const { createTrickleMigrator } = await import('workos-migrator/trickle');
const { WorkOS } = await import('@workos-inc/node');
const { default: pg } = await import('pg');
const { createInterface } = await import('node:readline');
const env = JSON.parse(process.env.TRICKLE_TEST);
const pool = new pg.Pool({ connectionString: env.pg, max: 4 });
const workos = new WorkOS(env.apiKey, { apiHostname: '127.0.0.1', port: env.port, https: false, clientId: env.clientId });
let reads = 0;
let migrated = 0;
const m = await createTrickleMigrator({
  workos, clientId: env.clientId, db: { kind: 'postgres', client: pool }, table: env.table,
  // Slow enough that the other process finds the claim taken while this one holds it.
  getLegacyCredential: async () => { reads++; await new Promise((r) => setTimeout(r, 300)); return { hash: env.hash }; },
  onMigrated: () => { migrated++; },
});
await m.enroll(env.users);
console.log('ready');
const rl = createInterface({ input: process.stdin });
for await (const _ of rl) break;
const results = await Promise.all(env.users.map((u) => m.login({ email: u.email, password: env.password })));
console.log(JSON.stringify({ outcomes: results.map((r) => r.outcome), reads, migrated }));
await pool.end();
`;

interface AppReport {
  outcomes: string[];
  reads: number;
  migrated: number;
}

function startApp(env: Record<string, unknown>) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', APP], {
    cwd: repoRoot,
    env: { ...process.env, TRICKLE_TEST: JSON.stringify(env) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = createInterface({ input: child.stdout });
  const ready = new Promise<void>((resolve, reject) => {
    lines.once('line', (l) => (l === 'ready' ? resolve() : reject(new Error(`${l} ${stderr}`))));
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const report = new Promise<AppReport>((resolve, reject) => {
    lines.on('line', (l) => l.startsWith('{') && resolve(JSON.parse(l) as AppReport));
    child.once('exit', (code) => code !== 0 && reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { ready, report, go: () => child.stdin.end('go\n') };
}

describe('two application processes, one PostgreSQL database: concurrent first logins migrate once', () => {
  let emu: RunningEmulator;
  const table = `wm_trickle_${process.pid}_${randomBytes(3).toString('hex')}`;
  const pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
  const v = hashVector('drupal7-S');

  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
    await emu?.close();
  });

  it('one process verifies and sets each password; the other signs in through WorkOS', async () => {
    const sdk = sdkFor(emu);
    const users = [];
    for (const email of ['race1@example.com', 'race2@example.com']) {
      const u = await sdk.userManagement.createUser({ email });
      users.push({ email, workosUserId: u.id });
    }
    const env = {
      pg: PG_URL,
      table,
      apiKey: emu.apiKey,
      port: emu.port,
      clientId: emu.clientId,
      hash: v.source_hash,
      password: v.password,
      users,
    };
    const apps = [startApp(env), startApp(env)];
    await Promise.all(apps.map((a) => a.ready));
    for (const a of apps) a.go();
    const reports = await Promise.all(apps.map((a) => a.report));

    // Per user: exactly one migrated_now across both processes, the other a WorkOS sign-in.
    for (const i of [0, 1])
      expect(reports.map((r) => r.outcomes[i]).sort()).toEqual(['migrated_now', 'workos']);
    expect(reports.reduce((n, r) => n + r.reads, 0)).toBe(2);
    expect(reports.reduce((n, r) => n + r.migrated, 0)).toBe(2);
    const counters = (await (await fetch(`${emu.url}/_emulator/counters`)).json()) as {
      requests: Record<string, number>;
    };
    const puts = Object.entries(counters.requests)
      .filter(([route]) => route.startsWith('PUT /user_management/users'))
      .reduce((n, [, c]) => n + c, 0);
    expect(puts).toBe(2);
    const rows = await pool.query(`SELECT status FROM ${table} ORDER BY email_key`);
    expect(rows.rows.map((r: { status: string }) => r.status)).toEqual(['migrated', 'migrated']);
  });
});
