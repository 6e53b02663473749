import { afterAll, describe, expect, it } from 'vitest';
import { createDualWriter, initOutbox, type DualWriter } from '../../src/dualwrite/index.js';
import { listAllUsers, sdkFor, startTestEmulator } from '../e2e/helpers.js';
import { APPS, workosAsApp, type AppDb } from './app-db.js';

// Pacing scaled like the import tests: the documented counts, windows a tenth as long.
const FAST = { writeLimit: '500/1s', readLimit: '1000/1s', generalLimit: '6000/6s', rate: 1 } as const;
const BCRYPT = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

/** The application's sign-up, change and delete, each writing its own table and the outbox in one transaction. */
function appActions(app: AppDb, dw: DualWriter) {
  const insertUser = `INSERT INTO ${app.users} (local_id, email, first_name, last_name, email_verified) VALUES (?, ?, ?, ?, ?)`;
  return {
    signUp: (
      u: {
        id: string;
        email: string;
        first: string;
        last: string;
        verified?: boolean;
        password?: string;
        hash?: string;
      },
      fail = false,
    ) =>
      app.transaction((tx, exec) => {
        exec(insertUser, [u.id, u.email, u.first, u.last, u.verified ?? false]);
        const p = dw.mirrorCreate(
          {
            localId: u.id,
            email: u.email,
            firstName: u.first,
            lastName: u.last,
            emailVerified: u.verified ?? false,
            ...(u.password ? { password: u.password } : {}),
            ...(u.hash ? { passwordHash: u.hash } : {}),
          },
          { tx },
        );
        if (fail) throw new Error('the application rolled back');
        return p;
      }),
    changeEmail: (id: string, email: string, fail = false) =>
      app.transaction((tx, exec) => {
        exec(`UPDATE ${app.users} SET email = ?, email_verified = ? WHERE local_id = ?`, [email, false, id]);
        const p = dw.mirrorUpdate(id, { email, emailVerified: false }, { tx });
        if (fail) throw new Error('the application rolled back');
        return p;
      }),
    rename: (id: string, first: string, last: string) =>
      app.transaction((tx, exec) => {
        exec(`UPDATE ${app.users} SET first_name = ?, last_name = ? WHERE local_id = ?`, [first, last, id]);
        return dw.mirrorUpdate(id, { firstName: first, lastName: last }, { tx });
      }),
    changePassword: (id: string, password: string) =>
      app.transaction((tx) => dw.mirrorUpdate(id, { password }, { tx })),
    remove: (id: string) =>
      app.transaction((tx, exec) => {
        exec(`DELETE FROM ${app.users} WHERE local_id = ?`, [id]);
        return dw.mirrorDelete(id, { tx });
      }),
  };
}

describe.each(APPS)('dual-write outbox on %s', (_name, open) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('mirrors create, update and delete inside the app transaction; a rolled-back one leaves no row and no WorkOS change', async () => {
    const app = await open();
    cleanup.push(() => app.drop());
    const emu = await startTestEmulator({ limits: { scale: 10 } });
    cleanup.push(() => emu.close());
    const init = await initOutbox({ database: app.url, table: app.table, mapTable: app.mapTable });
    expect(init.executed).toBe(true);
    const dw = await createDualWriter({
      database: app.url,
      table: app.table,
      mapTable: app.mapTable,
      workos: { emulator: emu.url, apiKey: emu.apiKey },
      pace: FAST,
    });
    cleanup.push(() => dw.close());
    const act = appActions(app, dw);

    await act.signUp({
      id: 'u1',
      email: 'ada@example.com',
      first: 'Ada',
      last: 'Lovelace',
      password: 'first-Passw0rd!',
    });
    await act.signUp({
      id: 'u2',
      email: 'alan@example.com',
      first: 'Alan',
      last: 'Turing',
      verified: true,
      hash: BCRYPT,
    });
    await act.signUp({ id: 'u3', email: 'grace@example.com', first: 'Grace', last: 'Hopper' });
    await expect(
      act.signUp({ id: 'u4', email: 'rolled@example.com', first: 'Roll', last: 'Back' }, true),
    ).rejects.toThrow('rolled back');
    const rows = await app.query<{ local_id: string }>(`SELECT local_id FROM ${app.table} ORDER BY id`);
    expect(rows.map((r) => String(r.local_id))).toEqual(['u1', 'u2', 'u3']);

    // Delivered once, then changed while the worker is away.
    const first = await dw.drain();
    expect(first.delivered).toEqual({ create: 3, update: 0, delete: 0 });
    expect(await dw.workosId('u1')).toMatch(/^user_/);
    await act.changeEmail('u1', 'ada.king@example.com');
    await act.rename('u2', 'Alan M.', 'Turing');
    await act.changePassword('u1', 'second-Passw0rd!');
    await act.remove('u3');
    await expect(act.changeEmail('u2', 'never@example.com', true)).rejects.toThrow('rolled back');
    // A sign-up and its rename before any delivery: the update waits for the create, in order.
    await act.signUp({ id: 'u5', email: 'edsger@example.com', first: 'E', last: 'D' });
    await act.rename('u5', 'Edsger', 'Dijkstra');
    const second = await dw.drain();
    expect(second.delivered).toEqual({ create: 1, update: 4, delete: 1 });

    expect(await workosAsApp(emu)).toEqual(await app.appUsers());
    expect((await workosAsApp(emu)).map((u) => u.email)).not.toContain('never@example.com');
    // The mirrored password change is the one WorkOS now accepts.
    const sdk = sdkFor(emu);
    const login = await sdk.userManagement.authenticateWithPassword({
      clientId: emu.clientId,
      email: 'ada.king@example.com',
      password: 'second-Passw0rd!',
    });
    expect(login.user.externalId).toBe('u1');
    expect(await dw.workosId('u3')).toBeUndefined();

    // Every row delivered, every secret gone from the table.
    const after = await app.query<{ state: string; secret: string | null }>(
      `SELECT state, secret FROM ${app.table}`,
    );
    expect(after.every((r) => r.state === 'done' && r.secret === null)).toBe(true);

    // Delivering every row a second time (as after a crash between WorkOS and the commit) changes nothing.
    const before = await listAllUsers(emu);
    await app.query(`UPDATE ${app.table} SET state = 'pending', delivered_at = NULL`);
    await dw.drain();
    const again = await listAllUsers(emu);
    expect(again.map((u) => [u.id, u.email, u.firstName, u.lastName, u.emailVerified])).toEqual(
      before.map((u) => [u.id, u.email, u.firstName, u.lastName, u.emailVerified]),
    );
  });
});
