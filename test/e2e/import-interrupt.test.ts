import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  emulatorSecrets,
  listAllUsers,
  runCli,
  scanForSecrets,
  startCli,
  startTestEmulator,
  tempDir,
  writeSource,
  scaledImportArgs,
} from './helpers.js';

const HASH = '$2b$04$4NaSnXUheVGECL.xcAwqHu6rP5Ec1YSkLei5NnLnUud2JWjXCo.6S';

describe('Ctrl-C during an import', () => {
  let emu: RunningEmulator;
  afterAll(async () => {
    await emu?.close();
  });

  it('stops cleanly, re-enables the paused webhooks, and the next run finishes the job exactly once', async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const dir = tempDir();
    const state = join(dir, 'journal.db');
    const N = 1500;
    const source = writeSource(
      dir,
      Array.from({ length: N }, (_, i) => ({
        id: `int-${i}`,
        email: `int${i}@example.com`,
        passwordHash: HASH,
      })),
    );
    const created = await fetch(`${emu.url}/webhook_endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint_url: 'https://hooks.example.com/workos', events: ['user.created'] }),
    });
    const hook = (await created.json()) as { id: string };
    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    const args = scaledImportArgs(source, state, emu, '--rate', '100%', '--json');

    const run = startCli([...args, '--pause-webhooks'], emu);
    // Interrupt once creates are flowing.
    for (
      let i = 0;
      i < 100 && (emu.control.counters().requests['POST /user_management/users'] ?? 0) < 200;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 20));
    }
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(1);
    const summary = JSON.parse(result.stdout) as {
      interrupted: boolean;
      statuses: Record<string, number>;
      webhooks: unknown;
    };
    expect(summary.interrupted).toBe(true);
    expect(summary.statuses.pending).toBeGreaterThan(0);
    expect(summary.statuses.in_flight ?? 0).toBe(0);
    expect(summary.webhooks).toEqual({ paused: 1, restored: 1, restoreFailed: [] });
    const list = (await (
      await fetch(`${emu.url}/webhook_endpoints`, { headers: { authorization: `Bearer ${emu.apiKey}` } })
    ).json()) as {
      data: Array<{ id: string; status: string }>;
    };
    expect(list.data.find((e) => e.id === hook.id)?.status).toBe('enabled');

    const resumed = await runCli(args, emu);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { statuses: Record<string, number> }).statuses).toEqual({
      created: N,
    });
    expect(await listAllUsers(emu)).toHaveLength(N);

    // An interrupted run prints and journals in a hurry; it must still keep the webhook signing
    // secret it saw while pausing, the API key and the hashes to itself.
    const secrets = await emulatorSecrets(emu);
    expect(secrets.some((s) => s.startsWith('whsec_'))).toBe(true);
    const scan = scanForSecrets([...secrets, HASH]);
    expect(scan.leaks).toEqual([]);
    expect(scan.scanned).toMatchObject({ outputs: 6, journals: 1 });
  }, 60_000);
});
