import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HashInput, ReasonCode, WorkosHashType } from '../../src/hashes/types.js';

/** The team's hash test vectors, copied into the repository (where from: the README beside them). */
export const HASH_VECTORS_PATH = fileURLToPath(
  new URL('../fixtures/hash-vectors/hashes.jsonl', import.meta.url),
);

export interface HashVector {
  id: string;
  source_format: string;
  password: string;
  /** The password as the source hashed it, when the source normalised it first (Better Auth's NFKC). */
  password_as_hashed?: string;
  source_hash: string | null;
  source_extra?: Record<string, unknown> | null;
  importable: boolean;
  workos_type: WorkosHashType | null;
  workos_hash: string | null;
  reason_code: ReasonCode | null;
}

/** Vectors this repository added for families the team file lacks (README beside them). */
export const LEGACY_EXTRA_VECTORS_PATH = fileURLToPath(
  new URL('../fixtures/hash-vectors/legacy-extra.jsonl', import.meta.url),
);

/** PHC-style `$pbkdf2-<digest>$i=` vectors, made with Python's hashlib (README beside them). */
export const PHC_PBKDF2_VECTORS_PATH = fileURLToPath(
  new URL('../fixtures/hash-vectors/phc-pbkdf2.jsonl', import.meta.url),
);

export function loadHashVectors(path = HASH_VECTORS_PATH): HashVector[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as HashVector);
}

export function hashVector(id: string): HashVector {
  const found = loadHashVectors().find((v) => v.id === id);
  if (!found) throw new Error(`no hash vector "${id}" in ${HASH_VECTORS_PATH}`);
  return found;
}

/** What a migration engineer would pass for a vector: its salt column, project config, app parameters. */
export function hashInputFor(v: HashVector): HashInput {
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
