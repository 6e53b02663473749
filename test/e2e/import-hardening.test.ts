/**
 * The import core under misuse and failure, each scenario a defect found before: an unreachable
 * WorkOS, two processes on one journal, a source whose rows shifted, an external id another system
 * holds, a user without a local id, webhooks paused by a run that crashed, Ctrl-C while workers wait.
 */
import { createServer as createTcpServer, connect, type Server, type Socket } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { Journal } from '../../src/journal/journal.js';
import {
  exportMappingJson,
  listAllUsers,
  mappingMismatches,
  runCli,
  scaledImportArgs,
  startCli,
  startTestEmulator,
  tempDir,
  writeSource,
  SCALED_LIMIT_FLAGS,
  type SourceUser,
} from './helpers.js';

const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';
const emulators: RunningEmulator[] = [];
afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
});
async function emulator(limits: { scale: number } = { scale: 10 }): Promise<RunningEmulator> {
  const emu = await startTestEmulator({ limits });
  emulators.push(emu);
  return emu;
}
const posts = (emu: RunningEmulator): number =>
  emu.control.counters().requests['POST /user_management/users'] ?? 0;
const users = (n: number, prefix: string): SourceUser[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${i}`,
    email: `${prefix}${i}@example.com`,
    passwordHash: HASH,
  }));
async function until(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
function statusesOf(state: string): Record<string, number> {
  const j = Journal.open(state);
  try {
    const src = j.currentSource();
    return src ? j.countByStatus(src.id) : {};
  } finally {
    j.close();
  }
}
/** `import` against any URL (the emulator, or a door in front of it), with these pacing flags. */
const importAt = (url: string, source: string, state: string, ...flags: string[]): string[] => [
  'import',
  source,
  '--state',
  state,
  '--emulator',
  url,
  ...flags,
];

async function setup(emu: RunningEmulator, list: SourceUser[]) {
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const source = writeSource(dir, list);
  expect((await runCli(['strategy', 'set', 'big-bang', '--state', state], emu)).code).toBe(0);
  return { dir, state, source };
}

/** A TCP door in front of the emulator that can be shut (connection refused) and opened again. */
async function door(
  target: number,
): Promise<{ url: string; shut: () => Promise<void>; open: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const open = async (): Promise<void> => {
    server = createTcpServer((client) => {
      const upstream = connect(target, '127.0.0.1');
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  };
  const shut = async (): Promise<void> => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    await new Promise<void>((r) => server!.close(() => r()));
  };
  await open();
  return { url: `http://127.0.0.1:${port}`, shut, open };
}

describe('an unreachable WorkOS', () => {
  it('is refused at once by the preflight, naming the URL and the reason; nothing is planned or sent', async () => {
    const emu = await emulator();
    const { state, source } = await setup(emu, users(50, 'pre'));
    const closed = await door(emu.port);
    await closed.shut();
    const started = Date.now();
    const r = await runCli(importAt(closed.url, source, state), emu);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot reach ${closed.url}: connection refused`);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.stderr).not.toMatch(/MaxListenersExceeded/);
    expect(statusesOf(state)).toEqual({});
  });

  it('stops a run mid-way with the circuit breaker: never-sent rows stay pending, and the resumed run ends exact', async () => {
    const emu = await emulator();
    const N = 3000;
    const { state, source, dir } = await setup(emu, users(N, 'cb'));
    const gate = await door(emu.port);
    const args = importAt(gate.url, source, state, ...SCALED_LIMIT_FLAGS, '--rate', '100%');
    const run = startCli(args, emu);
    await until(() => posts(emu) >= 300, '300 creates');
    await gate.shut();
    const shutAt = Date.now();
    const stopped = await run.done;
    // Stopped by the breaker within seconds, not after minutes of retries and lookups.
    expect(Date.now() - shutAt).toBeLessThan(20_000);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toContain(`cannot reach ${gate.url}: connection refused`);
    expect(stopped.stderr).toMatch(/stay pending/);
    expect(stopped.stderr).not.toMatch(/MaxListenersExceeded/);
    const after = statusesOf(state);
    expect(after.in_flight ?? 0).toBe(0);
    expect(after.pending ?? 0).toBeGreaterThan(N / 2);
    // Only requests that were on the wire when the door shut can have an unknown fate.
    expect(after.unknown ?? 0).toBeLessThanOrEqual(64);

    await gate.open();
    const resumed = await runCli(args, emu);
    expect(resumed.code, resumed.stderr).toBe(0);
    const inWorkos = await listAllUsers(emu);
    expect(inWorkos).toHaveLength(N);
    expect(new Set(inWorkos.map((u) => u.email)).size).toBe(N);
    expect(mappingMismatches(await exportMappingJson(emu, state, dir), inWorkos)).toEqual([]);
    await gate.shut();
  }, 90_000);
});

describe('one journal, one process', () => {
  it('refuses a second import at once (exit 2, naming the holder), and takes over the lock of a killed one', async () => {
    const emu = await emulator();
    const N = 1500;
    const { state, source, dir } = await setup(emu, users(N, 'lock'));
    // Slow enough to still be running when the second process starts.
    const slow = importAt(
      emu.url,
      source,
      state,
      '--write-limit',
      '100/1s',
      '--read-limit',
      '1000/1s',
      '--rate',
      '100%',
      '--json',
    );
    const first = startCli(slow, emu);
    await until(() => posts(emu) >= 20, 'the first import to send');
    const second = await runCli(slow, emu);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`in use by pid ${first.child.pid} since`);
    first.child.kill('SIGKILL');
    await first.done;

    const fast = scaledImportArgs(source, state, emu, '--rate', '100%', '--json');
    const taken = await runCli(fast, emu);
    expect(taken.code, taken.stderr).toBe(0);
    const inWorkos = await listAllUsers(emu);
    expect(inWorkos).toHaveLength(N);
    expect(mappingMismatches(await exportMappingJson(emu, state, dir), inWorkos)).toEqual([]);
  }, 90_000);
});

describe('a source that changed between runs', () => {
  it('a deleted, already-imported row does not make the user who moved into its place be skipped', async () => {
    const emu = await emulator();
    const dir = tempDir();
    const db = join(dir, 'app.db');
    const state = join(dir, 'journal.db');
    const sql = new Database(db);
    sql.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, password_hash TEXT)');
    const insert = sql.prepare('INSERT INTO users (id, email, password_hash) VALUES (?, ?, ?)');
    for (let i = 1; i <= 10; i++) insert.run(i, `shift${i}@example.com`, HASH);
    const query = 'SELECT id AS localId, email, password_hash AS passwordHash FROM users ORDER BY id';
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    const args = scaledImportArgs(`sqlite:${db}`, state, emu, '--query', query, '--json');
    expect((await runCli([...args, '--limit', '5'], emu)).code).toBe(0);
    sql.prepare('DELETE FROM users WHERE id = 2').run();
    sql.close();

    const resumed = await runCli(args, emu);
    expect(resumed.code, resumed.stderr).toBe(0);
    const emails = new Set((await listAllUsers(emu)).map((u) => u.email));
    for (let i = 1; i <= 10; i++) expect(emails.has(`shift${i}@example.com`), `user ${i}`).toBe(true);
    expect(emails.size).toBe(10);
  });
});

describe('ownership', () => {
  it("another system's user with the same external id and another email is a conflict, never linked", async () => {
    const emu = await emulator();
    await emu.control.seedUsers([{ email: 'someone@other-app.io', external_id: '42' }]);
    const { state, source } = await setup(emu, [{ id: '42', email: 'ours@example.com', passwordHash: HASH }]);
    const r = await runCli(scaledImportArgs(source, state, emu, '--json'), emu);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { statuses: Record<string, number> }).statuses).toEqual({ conflict: 1 });
    const errors = await runCli(['errors', 'export', '--state', state, '--format', 'json'], emu);
    const [row] = JSON.parse(errors.stdout) as Array<{ error_code: string; error_message: string }>;
    expect(row?.error_code).toBe('external_id_already_used');
    const all = await listAllUsers(emu);
    expect(all.map((u) => u.email)).toEqual(['someone@other-app.io']);
  });

  it('a user without a local id whose answer was lost is settled as ours by the journal marker, not a conflict', async () => {
    const emu = await emulator();
    const { state, source } = await setup(emu, [{ id: '', email: 'no-id@example.com', passwordHash: HASH }]);
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users',
      kind: 'commit_then_drop',
      count: 1,
    });
    const r = await runCli(scaledImportArgs(source, state, emu, '--json'), emu);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { statuses: Record<string, number> }).statuses).toEqual({ created: 1 });
    expect(await listAllUsers(emu)).toHaveLength(1);
    expect(posts(emu)).toBe(1);
  });
});

describe('webhooks paused by a run that crashed', () => {
  it('are re-enabled by the next command on that journal, through 5xx answers', async () => {
    const emu = await emulator();
    const { state, source } = await setup(emu, users(1500, 'hook'));
    const created = await fetch(`${emu.url}/webhook_endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint_url: 'https://hooks.example.com/w', events: ['user.created'] }),
    });
    const hook = (await created.json()) as { id: string };
    const statusOfHook = async (): Promise<string> => {
      const res = await fetch(`${emu.url}/webhook_endpoints?limit=100`, {
        headers: { authorization: `Bearer ${emu.apiKey}` },
      });
      const body = (await res.json()) as { data: Array<{ id: string; status: string }> };
      return body.data.find((e) => e.id === hook.id)?.status ?? 'missing';
    };
    const run = startCli(
      [...scaledImportArgs(source, state, emu, '--rate', '100%'), '--pause-webhooks'],
      emu,
    );
    await until(() => posts(emu) >= 50, 'creates after the pause');
    run.child.kill('SIGKILL');
    await run.done;
    expect(await statusOfHook()).toBe('disabled');

    emu.control.addFault({
      method: 'PATCH',
      path: '/webhook_endpoints/*',
      kind: '5xx',
      status: 503,
      count: 2,
    });
    const next = await runCli(scaledImportArgs(source, state, emu, '--rate', '100%'), emu);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/re-enabled 1 webhook endpoint\(s\) an earlier run had paused/);
    expect(await statusOfHook()).toBe('enabled');
    const j = Journal.open(state);
    expect(j.pausedWebhooks()).toEqual([]);
    j.close();
  }, 60_000);
});

describe('Ctrl-C while workers wait for the pacer', () => {
  it('sends nothing more once interrupted', async () => {
    const emu = await emulator();
    const { state, source } = await setup(emu, users(200, 'int'));
    // Two writes a second: most workers are waiting for a slot when the interrupt comes.
    const run = startCli(
      importAt(emu.url, source, state, '--write-limit', '2/1s', '--rate', '100%', '--json'),
      emu,
    );
    await until(() => posts(emu) >= 3, 'the first creates');
    run.child.kill('SIGINT');
    const atInterrupt = posts(emu);
    const r = await run.done;
    expect(r.code).toBe(1);
    // At most the one request already leaving when the signal came.
    expect(posts(emu) - atInterrupt).toBeLessThanOrEqual(1);
    expect(statusesOf(state).in_flight ?? 0).toBe(0);
  }, 60_000);
});

describe('429s from WorkOS itself', () => {
  it('pacing against a limit above the real one meets 429s and still creates every user exactly once', async () => {
    const emu = await emulator({ scale: 2 });
    const N = 800;
    const { state, source, dir } = await setup(emu, users(N, 'rl'));
    // The emulator allows 500 writes per 5 s; told 1000, the pacer overshoots and must recover from the 429s.
    const r = await runCli(
      importAt(
        emu.url,
        source,
        state,
        '--write-limit',
        '1000/5s',
        '--read-limit',
        '1000/5s',
        '--general-limit',
        '6000/30s',
        '--rate',
        '100%',
        '--json',
      ),
      emu,
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as {
      statuses: Record<string, number>;
      requests: { rateLimited: number };
    };
    expect(summary.statuses).toEqual({ created: N });
    expect(emu.control.counters().rateLimited).toBeGreaterThan(0);
    expect(summary.requests.rateLimited).toBe(emu.control.counters().rateLimited);
    const inWorkos = await listAllUsers(emu);
    expect(inWorkos).toHaveLength(N);
    expect(mappingMismatches(await exportMappingJson(emu, state, dir), inWorkos)).toEqual([]);
  }, 90_000);
});

describe('--dry-run counts', () => {
  it('counts only the users this run would send: a duplicate pair outside --only does not lower it', async () => {
    const emu = await emulator();
    const list = [
      { id: 'd-1', email: 'dup@example.com', passwordHash: HASH },
      { id: 'd-2', email: 'chosen1@example.com', passwordHash: HASH },
      { id: 'd-3', email: 'DUP@example.com', passwordHash: HASH },
      { id: 'd-4', email: 'chosen2@example.com', passwordHash: HASH },
      { id: 'd-5', email: 'other@example.com', passwordHash: HASH },
    ];
    const { state, source, dir } = await setup(emu, list);
    const only = join(dir, 'only.txt');
    writeFileSync(only, 'chosen1@example.com\nchosen2@example.com\n');
    const r = await runCli([...importAt(emu.url, source, state, '--dry-run', '--json'), '--only', only], emu);
    const summary = JSON.parse(r.stdout) as { wouldSend: number; lanes: Record<string, number> };
    expect(summary.lanes.blocked).toBe(2);
    // dup@ is blocked late (its case twin comes after it), but it was never selected: both chosen remain.
    expect(summary.wouldSend).toBe(2);
    const capped = await runCli(
      [...importAt(emu.url, source, state, '--dry-run', '--json'), '--limit', '1'],
      emu,
    );
    expect((JSON.parse(capped.stdout) as { wouldSend: number }).wouldSend).toBe(1);
    expect(posts(emu)).toBe(0);
  });
});

describe('failed means nothing was applied', () => {
  it('a create refused 429 on every try ends failed (never unknown), and retry creates it once the limit clears', async () => {
    const emu = await emulator();
    const { state, source } = await setup(emu, [
      { id: 'rl-1', email: 'limited@example.com', passwordHash: HASH },
    ]);
    emu.control.addFault({
      method: 'POST',
      path: '/user_management/users',
      kind: 'rate_limit',
      retryAfter: 0,
      probability: 1,
    });
    const r = await runCli(scaledImportArgs(source, state, emu, '--json'), emu);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { statuses: Record<string, number> }).statuses).toEqual({ failed: 1 });
    emu.control.clearFaults();
    const again = await runCli(
      ['retry', '--state', state, '--emulator', emu.url, ...SCALED_LIMIT_FLAGS, '--json'],
      emu,
    );
    expect(again.code, again.stderr).toBe(0);
    expect((JSON.parse(again.stdout) as { statuses: Record<string, number> }).statuses).toEqual({
      created: 1,
    });
    expect(await listAllUsers(emu)).toHaveLength(1);
  });
});
