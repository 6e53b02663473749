/** A person-readable account of one hash: what it is, its parameters, and whether WorkOS can take it. */
import { classifyHash } from './registry.js';
import { parseWorkosHash } from './workos-form.js';
import type { HashInput, ReasonCode, WorkosHashType } from './types.js';

export interface HashDescription {
  importable: boolean;
  sourceFormat: string | null;
  type: WorkosHashType | null;
  /** Null for firebase-scrypt, whose WorkOS form embeds the project's signer key. */
  workosHash: string | null;
  /** KDF parameters of the WorkOS form (never salts, keys or digests). */
  parameters: Record<string, string | number>;
  reason: ReasonCode | null;
  detail: string | null;
  notes: string[];
}

export function describeHash(input: HashInput): HashDescription {
  const c = classifyHash(input);
  if (!c.importable) {
    return {
      importable: false,
      sourceFormat: c.sourceFormat ?? null,
      type: null,
      workosHash: null,
      parameters: {},
      reason: c.reason,
      detail: c.detail,
      notes: c.notes,
    };
  }
  return {
    importable: true,
    sourceFormat: c.sourceFormat,
    type: c.type,
    workosHash: c.type === 'firebase-scrypt' ? null : c.workosHash,
    parameters: parametersOf(c.workosHash, c.type),
    reason: null,
    detail: null,
    notes: c.notes,
  };
}

function parametersOf(hash: string, type: WorkosHashType): Record<string, string | number> {
  const p = parseWorkosHash(hash, type);
  if ('error' in p) return {};
  switch (p.type) {
    case 'bcrypt':
      return { prefix: `$${p.prefix}$`, cost: p.cost };
    case 'scrypt':
      return { n: p.n, r: p.r, p: p.p, kl: p.kl, saltBytes: p.salt.length };
    case 'pbkdf2':
      return {
        digest: p.digest,
        iterations: p.iterations,
        saltBytes: p.salt.length,
        keyBytes: p.hash.length,
      };
    case 'argon2':
      return {
        variant: p.variant,
        v: p.version,
        m: p.m,
        t: p.t,
        p: p.p,
        saltBytes: p.salt.length,
        hashBytes: p.hash.length,
      };
    case 'ssha':
      return { saltBytes: p.salt.length };
    case 'firebase-scrypt':
      return { rounds: p.rounds, memCost: p.memCost, saltBytes: p.salt.length };
  }
}
