import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../e2e/helpers.js';
import { describe, expect, it } from 'vitest';
import { fixtureDir, runPreset, userByEmail } from './helpers.js';

describe('--preset firebase on an auth:export file with the project hash config', () => {
  const dir = fixtureDir('firebase');
  const source = join(dir, 'users.json');

  it('imports modified-scrypt users with the console hash config; social and phone-only users', async () => {
    const run = await runPreset('firebase', source, { 'hash-config': join(dir, 'hash-config.txt') });
    expect(run.lanes).toEqual({
      'fire@example.com': 'import-hash/firebase-scrypt',
      'base@example.com': 'import-hash/firebase-scrypt',
      'google@example.com': 'oauth',
      '': 'blocked',
    });
    expect(run.passed).toEqual(['base@example.com', 'fire@example.com']);
    expect(userByEmail(run, 'google@example.com')?.oauthProvider).toBe('Google');
    expect(userByEmail(run, 'fire@example.com')).toMatchObject({
      firstName: 'Fire',
      lastName: 'Base',
      localId: 'fb1',
    });
  });

  it('needs the hash config, and says where to find it', async () => {
    await expect(runPreset('firebase', source)).rejects.toThrow(/needs --param hash-config=/);
    const partial = join(tempDir(), 'partial.txt');
    writeFileSync(partial, 'hash_config {\n  algorithm: SCRYPT,\n  rounds: 8,\n}\n');
    await expect(runPreset('firebase', source, { 'hash-config': partial })).rejects.toThrow(
      /lacks base64_signer_key, base64_salt_separator, mem_cost: copy the whole hash_config block/,
    );
  });
});
