import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDualWriter } from '../../src/dualwrite/index.js';
import { Journal } from '../../src/journal/journal.js';
import {
  allOutputs,
  cliWorkDir,
  listAllUsers,
  runCli,
  sdkFor,
  startTestEmulator,
  tempDir,
} from '../e2e/helpers.js';
import { APPS, workosAsApp } from './app-db.js';

const PACE = [
  '--write-limit',
  '500/1s',
  '--read-limit',
  '1000/1s',
  '--general-limit',
  '6000/6s',
  '--rate',
  '100%',
];
const BCRYPT = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

describe.each(APPS)('strategy B end to end on %s', (_name, open) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('emails changed after dual-write began and before the import finished end correct; reconcile finds and fixes a stale user; no secret is left or shown', async () => {
    const app = await open();
    cleanup.push(() => app.drop());
    const emu = await startTestEmulator({ limits: { scale: 10 } });
    cleanup.push(() => emu.close());
    const state = join(tempDir(), 'journal.db');
    const tables = ['--table', app.table, '--map-table', app.mapTable];
    const mapTable = ['--dual-write-map-table', app.mapTable];
    const target = ['--emulator', emu.url, ...PACE];
    const query = `SELECT local_id AS id, email, first_name, last_name, email_verified FROM ${app.users} ORDER BY local_id`;
    const source = [app.url, '--query', query, '--state', state];
    const cli = async (args: string[], code = 0) => {
      const r = await runCli(args, emu);
      expect(r.code, `${args.slice(0, 2).join(' ')}: ${r.stdout}${r.stderr}`).toBe(code);
      return r;
    };

    // The historical users, before dual-write began.
    for (let i = 0; i < 6; i++)
      await app.query(
        `INSERT INTO ${app.users} (local_id, email, first_name, last_name, email_verified) VALUES (?, ?, ?, ?, ?)`,
        [`h${i}`, `h${i}@example.com`, 'Hist', `User${i}`, true],
      );
    await cli(['strategy', 'set', 'dual-write', '--state', state]);
    const init = await cli(['dualwrite', 'init', app.url, ...tables]);
    expect(init.stdout).toContain(`CREATE TABLE IF NOT EXISTS ${app.table}`);
    const dw = await createDualWriter({ database: app.url, table: app.table, mapTable: app.mapTable });
    cleanup.push(() => dw.close());
    const change = (id: string, email: string) =>
      app.transaction((tx, exec) => {
        // A new address is not verified yet, in the app as in WorkOS (which un-verifies on change).
        exec(`UPDATE ${app.users} SET email = ?, email_verified = ? WHERE local_id = ?`, [email, false, id]);
        return dw.mirrorUpdate(id, { email, emailVerified: false }, { tx });
      });
    const secrets = ['n1-Secret-Passw0rd', 'n2-Other-Passw0rd!', BCRYPT, 'weak'];

    // Dual-write begins: sign-ups go to WorkOS through the outbox, with their passwords.
    await app.transaction((tx, exec) => {
      exec(
        `INSERT INTO ${app.users} (local_id, email, first_name, last_name, email_verified) VALUES (?, ?, ?, ?, ?)`,
        ['n1', 'n1@example.com', 'New', 'One', false],
      );
      return dw.mirrorCreate(
        {
          localId: 'n1',
          email: 'n1@example.com',
          firstName: 'New',
          lastName: 'One',
          emailVerified: false,
          password: secrets[0],
        },
        { tx },
      );
    });
    await app.transaction((tx, exec) => {
      exec(
        `INSERT INTO ${app.users} (local_id, email, first_name, last_name, email_verified) VALUES (?, ?, ?, ?, ?)`,
        ['n2', 'n2@example.com', 'New', 'Two', false],
      );
      return dw.mirrorCreate(
        {
          localId: 'n2',
          email: 'n2@example.com',
          firstName: 'New',
          lastName: 'Two',
          emailVerified: false,
          passwordHash: BCRYPT,
        },
        { tx },
      );
    });
    await cli(['dualwrite', 'drain', app.url, ...tables, ...target]);
    // A password change WorkOS refuses (too weak): the row fails, and its secret goes anyway.
    await dw.mirrorUpdate('n2', { password: 'weak' });
    await dw.mirrorUpdate('n2', { password: secrets[1] as string });

    // Emails change while the import has not reached everyone.
    await change('n1', 'n1.changed@example.com'); // dual-written user, change not delivered yet
    await change('h0', 'h0.changed@example.com'); // historical, before the import: the change waits
    await cli(['import', ...source, ...mapTable, ...target, '--limit', '3', '--json']);
    await change('h1', 'h1.changed@example.com'); // historical, just imported with the old email
    await change('h4', 'h4.changed@example.com'); // historical, not imported yet
    const imported = await cli(['import', ...source, ...mapTable, ...target, '--json']);
    expect(JSON.parse(imported.stdout).statuses).toEqual({ created: 6, linked: 2 });
    const drained = await cli(['dualwrite', 'drain', app.url, ...tables, ...target, '--json'], 1);
    expect(JSON.parse(drained.stdout).failed).toBe(1);
    const status = await cli(['dualwrite', 'status', app.url, ...tables], 1);
    expect(status.stdout).toMatch(/failed\s+1/);
    expect(status.stdout).toContain('update of user n2: password_strength_error');

    const users = await listAllUsers(emu);
    expect(users).toHaveLength(8);
    expect(await workosAsApp(emu)).toEqual(await app.appUsers());
    const n2 = await sdkFor(emu).userManagement.authenticateWithPassword({
      clientId: emu.clientId,
      email: 'n2@example.com',
      password: secrets[1] as string,
    });
    expect(n2.user.externalId).toBe('n2');

    // The guide's sync check: clean, so dual_write_tested=true is recorded.
    const clean = await cli(['reconcile', ...source, ...tables, ...target]);
    expect(clean.stdout).toContain('no drift');
    expect(clean.stdout).toContain('per-user reads');
    expect(readFileSync(join(cliWorkDir(), 'migration.log'), 'utf8')).toContain('dual_write_tested=true');
    const journal = Journal.open(state);
    expect(journal.flag('dual_write_tested')).toBe('true');
    journal.close();

    // Someone changes a user behind the application's back.
    const h2 = users.find((u) => u.externalId === 'h2');
    await sdkFor(emu).userManagement.updateUser({
      userId: h2!.id,
      email: 'stale@example.com',
      firstName: 'Stale',
    });
    const drift = await cli(['reconcile', ...source, ...tables, ...target], 1);
    expect(drift.stdout).toContain(`user h2`);
    expect(drift.stdout).toContain('email "h2@example.com" in the source, "stale@example.com" in WorkOS');
    expect(drift.stdout).toContain('first_name "Hist" in the source, "Stale" in WorkOS');
    const fixed = await cli(['reconcile', ...source, ...tables, ...target, '--fix', '--json']);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ fixed: 1, remaining: 0 });
    expect(await workosAsApp(emu)).toEqual(await app.appUsers());
    await cli(['reconcile', ...source, ...tables, ...target, '--json']);

    // No password or hash in any outbox row, the map, or anything any command printed.
    const stored = [
      ...(await app.query<Record<string, unknown>>(`SELECT * FROM ${app.table}`)),
      ...(await app.query<Record<string, unknown>>(`SELECT * FROM ${app.mapTable}`)),
    ].flatMap((r) => Object.values(r).map(String));
    expect(stored.length).toBeGreaterThan(20);
    const places = [...stored, ...allOutputs];
    for (const secret of [...secrets, emu.apiKey])
      expect(
        places.filter((text) => text.includes(secret)),
        `${secret.slice(0, 4)}… leaked`,
      ).toEqual([]);
  });
});
