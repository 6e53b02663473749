import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyHash } from './registry.js';
import { verifyPassword } from './verify.js';
import { REASON_CODES, type HashInput, type ReasonCode, type WorkosHashType } from './types.js';

interface Vector {
  id: string;
  source_format: string;
  password: string;
  password_as_hashed?: string;
  source_hash: string | null;
  source_extra?: Record<string, unknown> | null;
  importable: boolean;
  workos_type: WorkosHashType | null;
  workos_hash: string | null;
  reason_code: ReasonCode | null;
}

const vectors: Vector[] = readFileSync(
  new URL('../../../shared/vectors/hashes.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Vector);

/** What a migration engineer would pass for each vector: its salt column, project config, app parameters. */
function inputFor(v: Vector): HashInput {
  const extra = v.source_extra ?? {};
  const params: Record<string, string> = {};
  if (typeof extra.salt === 'string') params.salt = extra.salt;
  if (typeof extra.pepper === 'string') params.pepper = extra.pepper;
  const config = extra.hash_config as Record<string, string | number> | undefined;
  if (config) {
    params.firebaseSignerKey = String(config.base64_signer_key);
    params.firebaseSaltSeparator = String(config.base64_salt_separator);
    params.firebaseRounds = String(config.rounds);
    params.firebaseMemCost = String(config.mem_cost);
  }
  if (extra.N !== undefined) {
    params.scryptN = String(extra.N);
    params.scryptR = String(extra.r);
    params.scryptP = String(extra.p);
    params.scryptKeyLength = String(extra.keylen);
  }
  // The salt order of a hex digest is app knowledge (the engineer reads it from the code); the
  // vectors carry it in their format name.
  if (v.source_format.includes('salt||password')) params.saltOrder = 'salt-password';
  if (v.source_format.includes('password||salt')) params.saltOrder = 'password-salt';
  return { hash: v.source_hash ?? '', params };
}

describe('every vector in shared/vectors/hashes.jsonl', () => {
  it('has the vectors file and both kinds of line', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(90);
    expect(vectors.some((v) => v.importable) && vectors.some((v) => !v.importable)).toBe(true);
  });

  it.each(vectors.filter((v) => v.importable).map((v) => [v.id, v] as const))(
    'importable: %s',
    async (_id, v) => {
      const result = classifyHash(inputFor(v));
      expect(result).toMatchObject({ importable: true, type: v.workos_type, workosHash: v.workos_hash });
      if (!result.importable) return;
      expect(await verifyPassword(v.password_as_hashed ?? v.password, result.workosHash, result.type)).toBe(
        true,
      );
    },
  );

  it.each(vectors.filter((v) => !v.importable).map((v) => [v.id, v] as const))(
    'not importable: %s',
    (_id, v) => {
      const result = classifyHash(inputFor(v));
      expect(result).toMatchObject({ importable: false, reason: v.reason_code });
      if (result.importable) return;
      expect(REASON_CODES).toContain(result.reason);
      expect(result.detail.length).toBeGreaterThan(10);
      // Details are shown to people and written to reports: they never carry the secret material.
      if (v.source_hash) expect(result.detail).not.toContain(v.source_hash);
      const salt = v.source_extra?.salt;
      if (typeof salt === 'string') expect(result.detail).not.toContain(salt);
    },
  );
});
