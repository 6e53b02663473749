/** Keycloak credential representations (realm export `credentials[]` entries) as JSON text. */
import { fromBase64 } from '../encoding.js';
import { checkArgon2 } from '../limits.js';
import { withLegacy } from '../legacy/recipe.js';
import { importable, notImportable, type HashScheme } from '../scheme.js';
import { buildArgon2, type Argon2Variant } from '../workos-form.js';
import type { HashClassification } from '../types.js';
import { pbkdf2Result } from './kdf-results.js';

interface Credential {
  secretData?: unknown;
  credentialData?: unknown;
}
interface Secret {
  value?: unknown;
  salt?: unknown;
}
interface CredentialData {
  hashIterations?: unknown;
  algorithm?: unknown;
  additionalParameters?: Record<string, unknown>;
}

/** secretData/credentialData are JSON strings inside JSON in exports, objects in some tools' output. */
function nested<T>(value: unknown): T | undefined {
  if (typeof value === 'object' && value !== null) return value as T;
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

function first(params: Record<string, unknown> | undefined, key: string): string | undefined {
  const v = params?.[key];
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' || typeof x === 'number' ? String(x) : undefined;
}

function classifyKeycloak(text: string): HashClassification {
  let credential: Credential;
  try {
    credential = JSON.parse(text) as Credential;
  } catch {
    return notImportable('malformed', 'Keycloak credential is not valid JSON', 'Keycloak credential');
  }
  const secret = nested<Secret>(credential.secretData);
  const data = nested<CredentialData>(credential.credentialData);
  if (!secret || !data)
    return notImportable('malformed', 'credential lacks secretData or credentialData', 'Keycloak credential');
  const algorithm = typeof data.algorithm === 'string' ? data.algorithm : '';
  const source = `Keycloak ${algorithm || 'credential'}`;
  const iterations =
    typeof data.hashIterations === 'number' ? data.hashIterations : Number(data.hashIterations);
  const hash = typeof secret.value === 'string' ? fromBase64(secret.value) : undefined;
  const salt = typeof secret.salt === 'string' ? fromBase64(secret.salt) : undefined;
  if (!hash || !salt || !Number.isInteger(iterations)) {
    return notImportable(
      'malformed',
      'credential needs base64 value and salt and an integer hashIterations',
      source,
    );
  }
  const pbkdf2 = /^pbkdf2(?:-(sha256|sha512|sha1))?$/.exec(algorithm);
  if (pbkdf2) return pbkdf2Result({ digest: pbkdf2[1] ?? 'sha1', iterations, salt, hash }, source);
  if (algorithm === 'argon2') {
    const extra = data.additionalParameters;
    const variant = `argon2${first(extra, 'type') ?? 'id'}` as Argon2Variant;
    const versionText = first(extra, 'version') ?? '1.3';
    const version = versionText === '1.3' ? 19 : versionText === '1.0' ? 16 : Number.NaN;
    const m = Number(first(extra, 'memory') ?? 7168);
    const p = Number(first(extra, 'parallelism') ?? 1);
    if (!['argon2id', 'argon2i', 'argon2d'].includes(variant) || Number.isNaN(version)) {
      return notImportable('malformed', `unknown argon2 type or version ${versionText}`, source);
    }
    const limit = checkArgon2(variant, version, m, iterations, p);
    const recipe = { kind: 'argon2' as const, variant, version, m, t: iterations, p, salt, hash };
    if (limit)
      return withLegacy(
        notImportable(limit.reason, limit.detail, source),
        version === 19 ? recipe : undefined,
      );
    return importable('argon2', buildArgon2({ variant, m, t: iterations, p, salt, hash }), source);
  }
  return notImportable('unsupported_scheme', `Keycloak algorithm "${algorithm}" has no WorkOS type`, source);
}

export const keycloak: HashScheme = {
  id: 'keycloak',
  detect: ({ hash }) => hash.startsWith('{') && hash.includes('"credentialData"'),
  classify: ({ hash }) => classifyKeycloak(hash),
  matrix: [
    {
      source: 'Keycloak credential JSON (`pbkdf2-sha256`/`-sha512`)',
      recognise: '`credentialData.algorithm`',
      result: 'pbkdf2 / parameters_out_of_range',
      how: '`$pbkdf2$i=hashIterations,d=…$B64(salt)$B64(value)`; the ≤ v23 default 27,500 is out of range; `pbkdf2` (SHA-1) → `unsupported_digest`',
    },
    {
      source: 'Keycloak `argon2` (v25+)',
      recognise: '`credentialData.algorithm`',
      result: 'argon2',
      how: 'PHC from additionalParameters (type, version 1.3 → v=19, memory, hashIterations → t, parallelism)',
    },
  ],
};
