import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { loadHashVectors, PHC_PBKDF2_VECTORS_PATH } from '../support/hash-vectors.js';
import { importAsStrategyA, sdkFor, startTestEmulator, tempDir, writeSource } from './helpers.js';

const vectors = loadHashVectors(PHC_PBKDF2_VECTORS_PATH);

describe('import of PHC-style $pbkdf2-<digest>$i= hashes', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('imports the convertible ones so their users log in; the others are created without a password', async () => {
    const dir = tempDir();
    const users = vectors.map((v, i) => ({
      id: `phc-${i}`,
      email: `phc${i}@example.com`,
      passwordHash: v.source_hash!,
    }));
    const r = await importAsStrategyA(emu, writeSource(dir, users), join(dir, 'journal.db'), '--json');
    expect(r.code, r.stderr).toBe(0);
    const sdk = sdkFor(emu);
    const outcomes = await Promise.all(
      vectors.map(async (v, i) => {
        const auth = await sdk.userManagement
          .authenticateWithPassword({
            clientId: emu.clientId,
            email: `phc${i}@example.com`,
            password: v.password,
          })
          .then(() => 'logged in')
          .catch(() => 'refused');
        return [v.id, auth];
      }),
    );
    expect(Object.fromEntries(outcomes)).toEqual(
      Object.fromEntries(vectors.map((v) => [v.id, v.importable ? 'logged in' : 'refused'])),
    );
    const summary = JSON.parse(r.stdout) as {
      lanes?: Record<string, number>;
      statuses: Record<string, number>;
    };
    expect(summary.statuses.created).toBe(vectors.length);
  }, 30_000);
});
