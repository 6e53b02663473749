import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { classifyHash, isLegacyVerifiable } from '../../src/hashes/index.js';
import { createTrickleMigrator, type TrickleMigrator } from '../../src/trickle/index.js';
import { sdkFor, startTestEmulator } from '../e2e/helpers.js';
import {
  hashInputFor,
  type HashVector,
  LEGACY_EXTRA_VECTORS_PATH,
  loadHashVectors,
} from '../support/hash-vectors.js';

/**
 * Every verifiable vector but the few whose KDF alone takes a second a try on a busy core (PBKDF2
 * far above 300,000 iterations, argon2 above 64 MiB): src/hashes/legacy/legacy.test.ts checks those.
 */
function cheap(v: HashVector): boolean {
  const r = classifyHash(hashInputFor(v));
  const recipe = r.importable ? undefined : r.legacy;
  if (recipe?.kind === 'pbkdf2') return recipe.iterations <= 300_000;
  if (recipe?.kind === 'argon2') return recipe.m * recipe.t <= 65_536;
  return true;
}
const verifiable = [...loadHashVectors(), ...loadHashVectors(LEGACY_EXTRA_VECTORS_PATH)].filter(
  (v) => !v.importable && isLegacyVerifiable(classifyHash(hashInputFor(v))) && cheap(v),
);

describe('createTrickleMigrator over every verifiable vector (SQLite app database)', () => {
  let emu: RunningEmulator;
  let migrator: TrickleMigrator<{ user: { email: string } }>;
  const db = new Database(':memory:');
  const credentials = new Map<string, HashVector>();
  const reads: string[] = [];
  const migrated: string[] = [];

  beforeAll(async () => {
    emu = await startTestEmulator();
    const sdk = sdkFor(emu);
    migrator = await createTrickleMigrator({
      workos: sdk,
      clientId: emu.clientId,
      db: { kind: 'sqlite', client: db },
      getLegacyCredential: async (email) => {
        reads.push(email);
        const v = credentials.get(email);
        return v ? hashInputFor(v) : null;
      },
      onMigrated: ({ email }) => void migrated.push(email),
    });
    const enrolled = [];
    for (const [i, v] of verifiable.entries()) {
      const email = `v${i}@example.com`;
      credentials.set(email, v);
      const u = await sdk.userManagement.createUser({ email });
      enrolled.push({ email, workosUserId: u.id });
    }
    // One without a WorkOS id: the migrator looks it up by email.
    const bare = await sdk.userManagement.createUser({ email: 'lookup@example.com' });
    credentials.set('lookup@example.com', verifiable[0]!);
    expect(bare.id).toBeTruthy();
    expect(await migrator.enroll([...enrolled, { email: 'lookup@example.com' }])).toBe(enrolled.length + 1);
    expect(await migrator.enroll(enrolled)).toBe(0);
  });
  afterAll(async () => {
    db.close();
    await emu?.close();
  });

  it('has vectors to run', () => expect(verifiable.length).toBeGreaterThanOrEqual(30));

  it.each(verifiable.map((v, i) => [v.id, v, i] as const))('%s', async (_id, v, i) => {
    const email = `v${i}@example.com`;
    const password = v.password_as_hashed ?? v.password;
    expect(await migrator.login({ email, password: `${password}!` })).toMatchObject({
      outcome: 'invalid_credentials',
    });
    const first = await migrator.login({ email, password });
    expect(first.outcome).toBe('migrated_now');
    if (first.outcome === 'migrated_now') expect(first.authentication.user.email).toBe(email);
    const readsBefore = reads.length;
    expect((await migrator.login({ email, password })).outcome).toBe('workos');
    expect(await migrator.login({ email, password: `${password}!` })).toMatchObject({
      outcome: 'invalid_credentials',
    });
    expect(reads.length).toBe(readsBefore);
  });

  it('migrates each user once and looks up a missing WorkOS id', async () => {
    const password = verifiable[0]!.password;
    expect((await migrator.login({ email: 'lookup@example.com', password })).outcome).toBe('migrated_now');
    expect(migrated).toHaveLength(verifiable.length + 1);
    expect(new Set(migrated).size).toBe(migrated.length);
    expect(await migrator.counts()).toMatchObject({ migrated: verifiable.length + 1, pending: 0 });
  });

  it('answers anyone else the same way, and never reads their hash', async () => {
    const before = reads.length;
    const unknown = await migrator.login({ email: 'nobody@example.com', password: 'whatever-1' });
    expect(unknown).toMatchObject({ outcome: 'not_eligible', reason: 'not_a_trickle_user' });
    const wrong = await migrator.login({ email: 'v0@example.com', password: 'whatever-1' });
    expect(wrong.outcome).toBe('invalid_credentials');
    if (unknown.outcome === 'not_eligible' && wrong.outcome === 'invalid_credentials')
      expect(unknown.message).toBe(wrong.message);
    expect(reads.length).toBe(before);
  });

  it('marks a user without a checkable old hash ineligible', async () => {
    const sdk = sdkFor(emu);
    const u = await sdk.userManagement.createUser({ email: 'nohash@example.com' });
    await migrator.enroll([{ email: 'nohash@example.com', workosUserId: u.id }]);
    expect(await migrator.login({ email: 'nohash@example.com', password: 'whatever-1' })).toMatchObject({
      outcome: 'not_eligible',
      reason: 'no_legacy_credential',
    });
    expect((await migrator.counts()).ineligible).toBe(1);
  });

  it('counts a user whose password reached WorkOS another way (a reset, a lost answer) as migrated', async () => {
    const sdk = sdkFor(emu);
    const u = await sdk.userManagement.createUser({ email: 'elsewhere@example.com' });
    await migrator.enroll([{ email: 'elsewhere@example.com', workosUserId: u.id }]);
    await sdk.userManagement.updateUser({ userId: u.id, password: 'set-by-a-reset' });
    const before = (await migrator.counts()).migrated;
    const r = await migrator.login({ email: 'elsewhere@example.com', password: 'set-by-a-reset' });
    expect(r.outcome).toBe('workos');
    expect((await migrator.counts()).migrated).toBe(before + 1);
  });

  it('keeps to the per-email authenticate budget (10 per 60 s) instead of sending an 11th', async () => {
    const count = async () => {
      const c = (await (await fetch(`${emu.url}/_emulator/counters`)).json()) as {
        requests: Record<string, number>;
      };
      return c.requests['POST /user_management/authenticate'] ?? 0;
    };
    const limited = await createTrickleMigrator({
      workos: sdkFor(emu),
      clientId: emu.clientId,
      db: { kind: 'sqlite', client: db },
      getLegacyCredential: async () => null,
      maxBudgetWaitMs: 50,
    });
    const before = await count();
    const outcomes = [];
    for (let i = 0; i < 11; i++)
      outcomes.push((await limited.login({ email: 'budget@example.com', password: `guess-${i}` })).outcome);
    expect(outcomes.slice(0, 10).every((o) => o === 'not_eligible')).toBe(true);
    expect(outcomes[10]).toBe('rate_limited');
    expect((await count()) - before).toBe(10);
  });
});
