import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  emulatorSecrets,
  hashVectorUser,
  listAllUsers,
  loadVectors,
  runCli,
  scaledImportArgs,
  scanForSecrets,
  sourceSecrets,
  startTestEmulator,
  tempDir,
  writeSource,
  type SourceUser,
} from './helpers.js';

interface ArchivedLine {
  email?: string;
  localId?: string | null;
  workosUserId?: string | null;
  passwordHash?: string | null;
  hashParams?: Record<string, string> | null;
}

describe('archive: old hashes and the mapping, encrypted, read back; mapping export --format sql', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const archive = join(dir, 'archive.enc');
  const passFile = join(dir, 'pass.txt');
  const wrongFile = join(dir, 'wrong.txt');
  const vectors = loadVectors()
    .filter((v) => v.source_hash)
    .slice(0, 12);
  // A quote and a backslash in a local id: the SQL export must escape both per dialect.
  const users: SourceUser[] = [
    ...vectors.map((v, i) => hashVectorUser(v, i)),
    { id: "o'brien\\9", email: 'obrien@example.com' },
  ];
  let source = '';
  const sqlExport = (table: string, out: string, ...extra: string[]) => [
    'mapping',
    'export',
    '--state',
    state,
    '--format',
    'sql',
    '--table',
    table,
    '--column',
    'workos_user_id',
    '--out',
    out,
    ...extra,
  ];

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    source = writeSource(dir, users);
    writeFileSync(passFile, `correct horse battery staple ${randomBytes(4).toString('hex')}\n`);
    writeFileSync(wrongFile, 'correct horse battery stapler\n');
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    const imported = await runCli(scaledImportArgs(source, state, emu), emu);
    expect(imported.code, imported.stderr).toBeLessThanOrEqual(1);
  }, 60_000);
  afterAll(async () => {
    await emu.close();
  });

  it('writes the archive with mode 0600 and never prints a hash', async () => {
    const r = await runCli(
      ['archive', '--state', state, '--out', archive, '--passphrase-file', passFile, '--json'],
      emu,
    );
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { users: number; withHash: number; mapped: number };
    expect(s.users).toBe(users.length);
    expect(s.withHash).toBe(vectors.length);
    expect(s.mapped).toBe((await listAllUsers(emu)).length);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    const summary = await runCli(['archive', 'open', archive, '--passphrase-file', passFile], emu);
    expect(summary.code, summary.stderr).toBe(0);
    expect(summary.stdout).toContain(`${users.length} user(s) from`);
    expect(summary.stdout).toContain('pass --out FILE or --stdout');
    // The archive itself (an --out) and every output so far: no hash, salt or key in clear.
    const scan = scanForSecrets([...sourceSecrets(users), ...(await emulatorSecrets(emu))]);
    expect(scan.scanned.exports).toBe(1);
    expect(scan.leaks).toEqual([]);
  }, 60_000);

  it('refuses an export that is not the one the journal imported', async () => {
    const other = writeSource(dir, users.slice(1), 'other.json');
    const out = join(dir, 'other.enc');
    const r = await runCli(
      ['archive', other, '--state', state, '--out', out, '--passphrase-file', passFile],
      emu,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not the export this journal imported');
    expect(existsSync(out)).toBe(false);
  });

  it('a wrong passphrase or a changed byte fails cleanly and writes nothing', async () => {
    const out = join(dir, 'wrong.ndjson');
    const wrong = await runCli(
      ['archive', 'open', archive, '--passphrase-file', wrongFile, '--out', out],
      emu,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('wrong passphrase, or the file was changed');
    expect(wrong.stdout).toBe('');
    const tampered = join(dir, 'tampered.enc');
    const bytes = readFileSync(archive);
    bytes[60] = (bytes[60] ?? 0) ^ 1;
    writeFileSync(tampered, bytes);
    const changed = await runCli(
      ['archive', 'open', tampered, '--passphrase-file', passFile, '--stdout'],
      emu,
    );
    expect(changed.code).toBe(1);
    expect(changed.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
  }, 60_000);

  it('round-trips: every source hash, salt and WorkOS id comes back', async () => {
    const out = join(dir, 'opened.ndjson');
    const r = await runCli(['archive', 'open', archive, '--passphrase-file', passFile, '--out', out], emu);
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ArchivedLine);
    const byEmail = new Map(lines.filter((l) => l.email).map((l) => [l.email, l]));
    const workos = new Map((await listAllUsers(emu)).map((u) => [u.email, u.id]));
    for (const u of users) {
      const a = byEmail.get(u.email);
      expect(a?.localId).toBe(u.id);
      expect(a?.passwordHash ?? null).toBe(u.passwordHash ?? null);
      if (u.salt) expect(a?.hashParams?.salt).toBe(u.salt);
      expect(a?.workosUserId ?? null).toBe(workos.get(u.email.toLowerCase()) ?? null);
    }
  }, 30_000);

  it('mapping export --format sql updates a PostgreSQL and a MariaDB user table', async () => {
    const table = `app_users_${randomBytes(4).toString('hex')}`;
    const workos = new Map((await listAllUsers(emu)).map((u) => [u.email, u.id]));
    const expected = users
      .filter((u) => workos.has(u.email.toLowerCase()))
      .map((u) => ({ id: u.id, workos: workos.get(u.email.toLowerCase()) }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(expected.some((e) => e.id.includes("'"))).toBe(true);

    const pgOut = join(dir, 'mapping-pg.sql');
    const r = await runCli(sqlExport(table, pgOut), emu);
    expect(r.code, r.stderr).toBe(0);
    const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
    await client.connect();
    try {
      await client.query(`CREATE TABLE ${table} (id text PRIMARY KEY, workos_user_id text)`);
      for (const u of users) await client.query(`INSERT INTO ${table} (id) VALUES ($1)`, [u.id]);
      await client.query(readFileSync(pgOut, 'utf8'));
      const rows = await client.query<{ id: string; workos: string }>(
        `SELECT id, workos_user_id AS workos FROM ${table} WHERE workos_user_id IS NOT NULL`,
      );
      expect(rows.rows.sort((a, b) => a.id.localeCompare(b.id))).toEqual(expected);
    } finally {
      await client.query(`DROP TABLE IF EXISTS ${table}`);
      await client.end();
    }

    const myOut = join(dir, 'mapping-mysql.sql');
    const m = await runCli(sqlExport(table, myOut, '--dialect', 'mysql'), emu);
    expect(m.code, m.stderr).toBe(0);
    const db = await mysql.createConnection({
      uri: 'mysql://root@127.0.0.1:3306/test',
      multipleStatements: true,
    });
    try {
      await db.query(`CREATE TABLE ${table} (id varchar(64) PRIMARY KEY, workos_user_id varchar(64))`);
      for (const u of users) await db.query(`INSERT INTO ${table} (id) VALUES (?)`, [u.id]);
      await db.query(readFileSync(myOut, 'utf8'));
      const [rows] = await db.query(
        `SELECT id, workos_user_id AS workos FROM ${table} WHERE workos_user_id IS NOT NULL`,
      );
      expect(
        (rows as Array<{ id: string; workos: string }>).sort((a, b) => a.id.localeCompare(b.id)),
      ).toEqual(expected);
    } finally {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
      await db.end();
    }

    const bad = await runCli(
      ['mapping', 'export', '--state', state, '--format', 'sql', '--table', 'users; DROP', '--column', 'x'],
      emu,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--table must be a plain SQL name');
  }, 60_000);
});
