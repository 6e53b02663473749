import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import {
  emulatorSecrets,
  exportMappingJson,
  hashVectorUser,
  runCli,
  scaledImportArgs,
  scanForSecrets,
  sdkFor,
  sourceSecrets,
  startTestEmulator,
  tempDir,
  writeSource,
} from './helpers.js';
import { hashVector } from '../support/hash-vectors.js';

// Hashes as the old systems stored them, each needing a conversion (and some a salt column or the
// Firebase project's config) before WorkOS can take them.
const IDS = [
  'firebase-generated-nonascii',
  'sha1-password-then-salt-hex',
  'bcrypt-2y-cjk',
  'django-pbkdf2_sha256-600000',
  'betterauth-scrypt-cjk',
];

describe('secrets of a raw export stay out of every output, export and journal', () => {
  let emu: RunningEmulator;
  afterAll(async () => {
    await emu?.close();
  });

  it('imports converted hashes that log in, and no hash, salt, Firebase key, password or webhook secret leaks', async () => {
    emu = await startTestEmulator({ limits: { scale: 10 } });
    const dir = tempDir();
    const state = join(dir, 'journal.db');
    const vectors = IDS.map(hashVector);
    const users = vectors.map((v, i) => hashVectorUser(v, i));
    const config = vectors[0]!.source_extra!.hash_config as Record<string, string | number>;
    const hashParams = {
      firebaseSignerKey: String(config.base64_signer_key),
      firebaseSaltSeparator: String(config.base64_salt_separator),
      firebaseRounds: String(config.rounds),
      firebaseMemCost: String(config.mem_cost),
    };
    const map = join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({ hashParams }));
    const source = writeSource(dir, users);
    const hook = await fetch(`${emu.url}/webhook_endpoints`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emu.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint_url: 'https://hooks.example.com/workos', events: ['user.created'] }),
    });
    expect(hook.status).toBe(201);

    expect((await runCli(['strategy', 'set', 'A', '--state', state], emu)).code).toBe(0);
    const r = await runCli(
      scaledImportArgs(source, state, emu, '--map', map, '--pause-webhooks', '--json'),
      emu,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      statuses: { created: IDS.length },
      webhooks: { paused: 1, restored: 1 },
    });
    // The conversions really happened: every user logs in with the old password.
    const sdk = sdkFor(emu);
    for (const [i, v] of vectors.entries()) {
      const auth = await sdk.userManagement.authenticateWithPassword({
        email: users[i]!.email,
        password: v.password,
        clientId: emu.clientId,
      });
      expect(auth.user.externalId, v.id).toBe(users[i]!.id);
    }
    expect(await exportMappingJson(emu, state, dir)).toHaveLength(IDS.length);
    const errorsOut = join(dir, 'errors.csv');
    expect((await runCli(['errors', 'export', '--state', state, '--out', errorsOut], emu)).code).toBe(0);
    expect((await runCli(['status', '--state', state, '--json'], emu)).code).toBe(0);

    const secrets = [
      ...(await emulatorSecrets(emu)),
      ...sourceSecrets(users, hashParams),
      ...vectors.map((v) => v.password),
    ];
    // Source hashes, their WorkOS forms, two salts, the key and separator, passwords, the webhook secret.
    expect(secrets.some((s) => s.startsWith('whsec_'))).toBe(true);
    expect(secrets.filter((s) => s.startsWith('$pbkdf2$') || s.startsWith('$firebase-scrypt$'))).toHaveLength(
      2,
    );
    const scan = scanForSecrets(secrets);
    expect(scan.leaks).toEqual([]);
    expect(scan.scanned).toMatchObject({ exports: 2, journals: 1 });
  });
});
