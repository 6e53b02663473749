import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { listAllUsers, runCli, scaledImportArgs, startTestEmulator, tempDir } from './helpers.js';

const N = 40;
const creates = (emu: RunningEmulator) => emu.control.counters().requests['POST /user_management/users'] ?? 0;

describe('resuming an import with the source read another way', () => {
  let emu: RunningEmulator;
  const dir = tempDir();
  const state = join(dir, 'journal.db');
  const source = join(dir, 'people.json');
  const map = join(dir, 'map.yaml');
  const importArgs = (...extra: string[]) => scaledImportArgs(source, state, emu, '--rate', '100%', ...extra);

  beforeAll(async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const people = Array.from({ length: N }, (_, i) => ({
      id: `p-${i}`,
      email: `person${i}@example.com`,
      given: `Given${i}`,
      family: `Family${i}`,
    }));
    writeFileSync(source, JSON.stringify(people));
    writeFileSync(map, 'fields:\n  firstName: given\n  lastName: family\n');
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    const first = await runCli(importArgs('--map', map, '--limit', '10'), emu);
    expect(first.code, first.stderr).toBe(0);
    expect(creates(emu)).toBe(10);
  }, 30_000);
  afterAll(async () => {
    await emu.close();
  });

  it('refuses a changed mapping file, naming the change and the users already sent; sends nothing', async () => {
    writeFileSync(map, 'fields:\n  firstName: family\n  lastName: given\n');
    const r = await runCli(importArgs('--map', map), emu);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the mapping file map.yaml changed since');
    expect(r.stderr).toContain('10 user(s) were already sent the earlier way');
    expect(r.stderr).toContain('--accept-mapping-change');
    expect(creates(emu)).toBe(10);
  });

  it('refuses a resume that forgets --map or changes the lanes', async () => {
    const noMap = await runCli(importArgs(), emu);
    expect(noMap.code).toBe(2);
    expect(noMap.stderr).toContain('--map map.yaml then, no --map now');
    const lanes = await runCli(importArgs('--map', map, '--no-passwords', '--no-external-id'), emu);
    expect(lanes.code).toBe(2);
    expect(lanes.stderr).toContain('passwords imported then, --no-passwords now');
    expect(lanes.stderr).toContain('external ids sent then, --no-external-id now');
    expect(creates(emu)).toBe(10);
  });

  it('with --accept-mapping-change plans the rest the new way, and then resumes without it', async () => {
    const r = await runCli(importArgs('--map', map, '--accept-mapping-change', '--json'), emu);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('10 user(s) already sent keep what they were sent with');
    const users = await listAllUsers(emu);
    expect(users).toHaveLength(N);
    const byEmail = new Map(users.map((u) => [u.email, u]));
    // Sent before the change: the earlier mapping; sent after it: the new one.
    const earlier = users.filter((u) => u.firstName?.startsWith('Given')).length;
    const later = users.filter((u) => u.firstName?.startsWith('Family')).length;
    expect([earlier, later]).toEqual([10, N - 10]);
    for (let i = 0; i < N; i++) {
      const u = byEmail.get(`person${i}@example.com`)!;
      expect(u.firstName).toMatch(new RegExp(`^(Given|Family)${i}$`));
    }
    // verify, reading the export the new way, names the users sent the earlier way.
    const v = await runCli(['verify', '--state', state, '--emulator', emu.url, '--map', map, '--json'], emu);
    const parity = (
      JSON.parse(v.stdout) as { checks: Array<{ id: string; counts: Record<string, number> }> }
    ).checks.find((c) => c.id === 'field-parity');
    expect(parity?.counts).toMatchObject({ compared: N, differing: 10 });
    // The new reading is the journal's now: the same options resume without the flag.
    const again = await runCli(importArgs('--map', map), emu);
    expect(again.code, again.stderr).toBe(0);
    expect(creates(emu)).toBe(N);
  });
});
