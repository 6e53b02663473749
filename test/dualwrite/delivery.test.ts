import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createDualWriter, initOutbox, type DualWriter } from '../../src/dualwrite/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { listAllUsers, runCli, startCli, startTestEmulator } from '../e2e/helpers.js';
import { APPS, workosAsApp, type AppDb } from './app-db.js';

const FAST = { writeLimit: '500/1s', readLimit: '1000/1s', generalLimit: '6000/6s', rate: 1 } as const;
const QUICK_RETRIES = { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 3 };

/** Signs `n` users up and gives every third a new email and every second a new name, each with its outbox row. */
async function signUps(app: AppDb, dw: DualWriter, n: number, prefix: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const id = `${prefix}${i}`;
    await app.transaction((tx, exec) => {
      exec(
        `INSERT INTO ${app.users} (local_id, email, first_name, last_name, email_verified) VALUES (?, ?, ?, ?, ?)`,
        [id, `${id}@example.com`, 'First', `Last${i}`, i % 2 === 0],
      );
      return dw.mirrorCreate(
        {
          localId: id,
          email: `${id}@example.com`,
          firstName: 'First',
          lastName: `Last${i}`,
          emailVerified: i % 2 === 0,
          password: `Pw-${id}-long-enough`,
        },
        { tx },
      );
    });
  }
  for (let i = 0; i < n; i += 3) {
    const id = `${prefix}${i}`;
    await app.transaction((tx, exec) => {
      exec(`UPDATE ${app.users} SET email = ?, email_verified = ? WHERE local_id = ?`, [
        `${id}.new@example.com`,
        false,
        id,
      ]);
      return dw.mirrorUpdate(id, { email: `${id}.new@example.com`, emailVerified: false }, { tx });
    });
  }
  for (let i = 0; i < n; i += 2) {
    const id = `${prefix}${i}`;
    await app.transaction((tx, exec) => {
      exec(`UPDATE ${app.users} SET first_name = ? WHERE local_id = ?`, ['Renamed', id]);
      return dw.mirrorUpdate(id, { firstName: 'Renamed' }, { tx });
    });
  }
}

/** WorkOS equals the application, with exactly one WorkOS user per application user. */
async function expectInSync(emu: RunningEmulator, app: AppDb): Promise<void> {
  const users = await listAllUsers(emu);
  const ids = users.map((u) => u.externalId);
  expect(new Set(ids).size, 'duplicate WorkOS users').toBe(ids.length);
  expect(await workosAsApp(emu)).toEqual(await app.appUsers());
  const rows = await app.query<{ state: string; secret: string | null }>(
    `SELECT state, secret FROM ${app.table}`,
  );
  expect(rows.filter((r) => r.state !== 'done')).toEqual([]);
  expect(rows.filter((r) => r.secret !== null)).toEqual([]);
}

/** A TCP relay to the emulator that can refuse connections for a while: WorkOS unreachable, then back. */
async function relay(
  emu: RunningEmulator,
): Promise<{ url: string; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> }> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        sockets.add(client);
        const upstream = new NetSocket();
        upstream.connect(emu.port, '127.0.0.1');
        client.pipe(upstream).pipe(client);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
        };
        client.on('error', end).on('close', end);
        upstream.on('error', end).on('close', end);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as { port: number }).port;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      if (!server) return resolve();
      server.close(() => resolve());
      server = undefined;
    });
  await listen();
  return { url: `http://127.0.0.1:${port}`, down, up: listen, close: down };
}

describe.each(APPS)('dual-write delivery on %s', (_name, open) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  async function setUp() {
    const app = await open();
    cleanup.push(() => app.drop());
    const emu = await startTestEmulator({ limits: { scale: 10 } });
    cleanup.push(() => emu.close());
    await initOutbox({ database: app.url, table: app.table, mapTable: app.mapTable });
    return { app, emu };
  }

  it('a drain worker killed (SIGKILL) mid-drain and restarted delivers every change exactly once in effect', async () => {
    const { app, emu } = await setUp();
    const dw = await createDualWriter({ database: app.url, table: app.table, mapTable: app.mapTable });
    cleanup.push(() => dw.close());
    await signUps(app, dw, 24, 'k');
    // Slow answers keep creates in flight when the kill lands: some are applied by WorkOS, unanswered.
    emu.control.addFault({ method: 'POST', path: '/user_management/users', kind: 'latency', latencyMs: 300 });
    const args = [
      'dualwrite',
      'drain',
      app.url,
      '--table',
      app.table,
      '--map-table',
      app.mapTable,
      '--emulator',
      emu.url,
    ];
    const pace = [
      '--write-limit',
      '500/1s',
      '--read-limit',
      '1000/1s',
      '--general-limit',
      '6000/6s',
      '--rate',
      '100%',
    ];
    const held = `SELECT id FROM ${app.table} WHERE state = 'pending' AND lease_owner IS NOT NULL`;
    const worker = startCli([...args, ...pace, '--concurrency', '4', '--lease', '1s'], emu);
    // The kill must land while the worker holds claimed rows, or there is nothing to take over.
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const [{ n } = { n: 0 }] = await app.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM ${app.table} WHERE state = 'done'`,
      );
      if (Number(n) >= 6 && (await app.query(held)).length > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    worker.child.kill('SIGKILL');
    const killed = await worker.done;
    expect(killed.signal).toBe('SIGKILL');
    const heldAtKill = (await app.query<{ id: number | string }>(held)).map((r) => Number(r.id));
    expect(heldAtKill.length).toBeGreaterThan(0);
    emu.control.clearFaults();

    const restarted = await runCli([...args, ...pace, '--lease', '1s', '--json'], emu);
    expect(restarted.code, restarted.stderr).toBe(0);
    // Every row the dead worker held was claimed again once its lease ran out.
    const attempts = await app.query<{ attempts: number | string }>(
      `SELECT attempts FROM ${app.table} WHERE id IN (${heldAtKill.join(', ')})`,
    );
    expect(attempts).toHaveLength(heldAtKill.length);
    for (const a of attempts) expect(Number(a.attempts)).toBeGreaterThanOrEqual(2);
    await expectInSync(emu, app);
  });

  it('WorkOS answering 5xx, dropping answers after committing, or unreachable for a while delays delivery and loses nothing', async () => {
    const { app, emu } = await setUp();
    const gate = await relay(emu);
    cleanup.push(() => gate.close());
    const dw = await createDualWriter({
      database: app.url,
      table: app.table,
      mapTable: app.mapTable,
      workos: { emulator: gate.url, apiKey: emu.apiKey },
      pace: { ...FAST, retryPolicy: QUICK_RETRIES, breaker: { threshold: 3, minStreakMs: 100 } },
    });
    cleanup.push(() => dw.close());
    await signUps(app, dw, 9, 'f');
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users',
      kind: '5xx',
      status: 503,
      count: 4,
    });
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users',
      kind: 'commit_then_drop',
      count: 2,
    });
    emu.control.addFault({
      method: 'PUT',
      path: '/user_management/users/*',
      kind: '5xx',
      status: 500,
      count: 7,
    });
    const first = await dw.drain({ leaseMs: 2000 });
    expect(first.retried).toBeGreaterThan(0);
    await expectInSync(emu, app);

    // Now WorkOS goes away while changes pile up, and comes back 1.5 s into the drain.
    await signUps(app, dw, 6, 'u');
    await gate.down();
    const notices: string[] = [];
    const draining = dw.drain({ leaseMs: 2000, onNotice: (m) => notices.push(m) });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await listAllUsers(emu)).some((u) => u.externalId?.startsWith('u'))).toBe(false);
    await gate.up();
    const second = await draining;
    expect(notices.some((m) => m.includes('unreachable'))).toBe(true);
    expect(second.delivered.create).toBe(6);
    await expectInSync(emu, app);
  });
});
