import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  emulatorSecrets,
  listAllUsers,
  runCli,
  scanForSecrets,
  startTestEmulator,
  tempDir,
  writeSource,
  type CliResult,
} from './helpers.js';
import { mysqlTable, postgresTable, SCALED_100, sqliteTable, type AppTable } from './write-back-db.js';
import { importKilledAndResumed } from './write-back-kill.js';

// 50,000 is the figure the write-back was measured at on PostgreSQL (write-back-postgres.test.ts);
// here a smaller table keeps the suite short: the same path, the same kill, on the other two.
const N = Number(process.env.WRITE_BACK_ROWS ?? 3000);
const SEED = Number(process.env.WRITE_BACK_SEED ?? 20261203);

/** A CLI run with extra environment (the standard PG…/MYSQL_… variables). */
async function runWithEnv(
  args: string[],
  emu: RunningEmulator,
  env: Record<string, string>,
): Promise<CliResult> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    // The child's environment is copied when it is spawned, synchronously inside runCli.
    return runCli(args, emu);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('write-back into MariaDB and SQLite, killed half-way and resumed', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it.each([
    ['MariaDB', (malformed: number) => mysqlTable(N, malformed, 'mysql://root@127.0.0.1:3306/test')],
    ['SQLite', (malformed: number) => sqliteTable(N, malformed)],
  ] as const)(
    `%s: ${N} rows, every row holds the emulator id of its email, written once`,
    async (_name, make) => {
      const emu = await startTestEmulator({ limits: { scale: 100 } });
      cleanup.push(() => emu.close());
      const malformed = 1 + ((SEED >> 3) % N);
      const app = await make(malformed);
      cleanup.push(() => app.drop());
      await importKilledAndResumed(emu, app, N, malformed, SEED + 1);
    },
    240_000,
  );
});

describe('write-back into the SQLite file the import reads, in rollback-journal mode', () => {
  it('waits for the reading to finish (its lock blocks every commit), then writes every id', async () => {
    const emu = await startTestEmulator({ limits: { scale: 100 } });
    try {
      const dir = tempDir();
      const path = join(dir, 'app.db');
      const db = new Database(path);
      db.exec('CREATE TABLE "Users" (id INTEGER PRIMARY KEY, email TEXT NOT NULL, "WorkosId" TEXT)');
      const insert = db.prepare('INSERT INTO "Users" (id, email) VALUES (?, ?)');
      for (let i = 1; i <= 200; i++) insert.run(i, `rj${i}@example.com`);
      const state = join(dir, 'journal.db');
      expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
      const r = await runCli(
        [
          'import',
          `sqlite:${path}`,
          '--query',
          'SELECT id, email FROM "Users"',
          '--state',
          state,
          '--emulator',
          emu.url,
          ...SCALED_100,
          // Quoted by the shorthand, so the mixed-case names match.
          '--write-back-column',
          'Users.WorkosId',
          '--json',
        ],
        emu,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('written once the reading is done');
      expect(JSON.parse(r.stdout).writeBack).toMatchObject({ written: 200, failed: 0 });
      const idByEmail = new Map((await listAllUsers(emu)).map((u) => [u.email, u.id]));
      const rows = db.prepare('SELECT email, "WorkosId" AS w FROM "Users"').all() as Array<{
        email: string;
        w: string;
      }>;
      expect(rows.filter((x) => x.w !== idByEmail.get(x.email))).toEqual([]);
      db.close();
    } finally {
      await emu.close();
    }
  }, 60_000);
});

describe('mapping write-back afterwards: shorthand, credentials, failures', () => {
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const envPassword = `envpw-${randomBytes(8).toString('hex')}`;
  const users = Array.from({ length: 120 }, (_, i) => ({
    id: String(i + 1),
    email: `wb${i + 1}@example.com`,
  }));
  let emu: RunningEmulator;
  const tables: AppTable[] = [];
  afterAll(async () => {
    for (const t of tables) await t.drop();
    await emu?.close();
  });

  it('writes every imported id once, again nothing; a refused row is reported and the rest land; passwords never shown', async () => {
    emu = await startTestEmulator({ limits: { scale: 100 } });
    const dir = tempDir();
    const state = join(dir, 'journal.db');
    const source = writeSource(dir, users);
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    // A file source has no database to write to unless one is named.
    const refused = await runCli(
      [
        'import',
        source,
        '--state',
        state,
        '--emulator',
        emu.url,
        '--write-back-column',
        'users.workos_user_id',
      ],
      emu,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--write-back-db/);
    const imported = await runCli(
      ['import', source, '--state', state, '--emulator', emu.url, ...SCALED_100, '--json'],
      emu,
    );
    expect(imported.code, imported.stderr).toBe(0);
    const idByEmail = new Map((await listAllUsers(emu)).map((u) => [u.email, u.id]));
    expect(idByEmail.size).toBe(users.length);

    // PostgreSQL, password in the URL (the server trusts local connections, so any password works).
    const pgUrl = `postgres://postgres:${password}@127.0.0.1:5432/test`;
    const pgApp = await postgresTable(users.length, -1, pgUrl);
    tables.push(pgApp);
    // Row 13 refuses any id: the one failure is reported with its row and reason, the others land.
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(
      `ALTER TABLE ${pgApp.table} ADD CONSTRAINT ${pgApp.table}_no13 CHECK (id <> 13 OR workos_user_id IS NULL)`,
    );
    await c.end();
    const args = [
      'mapping',
      'write-back',
      pgUrl,
      '--column',
      `${pgApp.table}.workos_user_id`,
      '--state',
      state,
    ];
    const first = await runCli(args, emu);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toContain(`${users.length - 1} written this run, 0 earlier, 1 not written`);
    expect(first.stdout).toMatch(/row 13 \(13\): .*no13/);
    expect(first.stdout).toContain('postgres://postgres:***@127.0.0.1:5432/test');
    const rows = await pgApp.rows();
    expect(rows.filter((r) => r.id !== '13' && r.workos_user_id !== idByEmail.get(r.email))).toEqual([]);
    expect(rows.find((r) => r.id === '13')?.workos_user_id).toBeNull();
    const again = JSON.parse((await runCli([...args, '--json'], emu)).stdout) as Record<string, number>;
    expect(again).toMatchObject({ written: 0, alreadyWritten: users.length - 1, failed: 1 });

    // Everything from the standard environment: PGHOST… and MYSQL_…, the URL naming no part.
    const pgEnvApp = await postgresTable(users.length, -1, 'postgres://postgres@127.0.0.1:5432/test');
    const myApp = await mysqlTable(users.length, -1, 'mysql://root@127.0.0.1:3306/test');
    tables.push(pgEnvApp, myApp);
    const viaEnv: Array<[string, string[], Record<string, string>]> = [
      [
        'postgres://',
        ['--column', `${pgEnvApp.table}.workos_user_id`],
        {
          PGHOST: '127.0.0.1',
          PGPORT: '5432',
          PGUSER: 'postgres',
          PGPASSWORD: envPassword,
          PGDATABASE: 'test',
        },
      ],
      [
        'mysql://',
        ['--sql', `UPDATE ${myApp.table} SET workos_user_id = :workos_id WHERE email = :email`],
        { MYSQL_HOST: '127.0.0.1', MYSQL_TCP_PORT: '3306', MYSQL_USER: 'root', MYSQL_DATABASE: 'test' },
      ],
    ];
    for (const [url, how, env] of viaEnv) {
      const r = await runWithEnv(
        ['mapping', 'write-back', url, ...how, '--state', state, '--json'],
        emu,
        env,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ written: users.length, failed: 0 });
    }
    for (const app of [pgEnvApp, myApp])
      expect((await app.rows()).filter((r) => r.workos_user_id !== idByEmail.get(r.email))).toEqual([]);

    // A statement naming a column the table does not have is refused before anything is written.
    const typo = await runCli(
      ['mapping', 'write-back', pgUrl, '--column', `${pgApp.table}.workos_id_typo`, '--state', state],
      emu,
    );
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(
      /the write-back statement does not run on postgres:\/\/postgres:\*\*\*@.*workos_id_typo/,
    );
    // A server that does not answer: the refusal names the database, never its password.
    const down = await runCli(
      [
        'mapping',
        'write-back',
        `postgres://postgres:${password}@127.0.0.1:1/test`,
        '--column',
        'users.workos_user_id',
        '--state',
        state,
      ],
      emu,
    );
    expect(down.code).toBe(2);
    expect(down.stderr).toContain('cannot connect to postgres://postgres:***@127.0.0.1:1/test');
    const scan = scanForSecrets([password, envPassword, ...(await emulatorSecrets(emu))]);
    expect(scan.scanned.outputs).toBeGreaterThan(8);
    expect(scan.leaks).toEqual([]);
  }, 120_000);
});
