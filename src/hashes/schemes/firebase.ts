/** Firebase Auth exports (modified scrypt), Supabase's `$fbscrypt$`, and WorkOS's firebase-scrypt form. */
import { fromAnyBase64 } from '../encoding.js';
import { checkFirebase } from '../limits.js';
import { importable, intParam, notImportable, type HashScheme, type SchemeInput } from '../scheme.js';
import {
  buildFirebaseScrypt,
  parseWorkosHash,
  type FirebaseLayout,
  type FirebaseParts,
} from '../workos-form.js';
import type { HashClassification } from '../types.js';

const ANY_BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Project-wide Firebase parameters may accompany every row of a mixed export, so a bare string is
 * only taken for a Firebase hash when it is base64 of at least 32 bytes and not a hex digest.
 */
function looksLikeFirebaseHash(hash: string): boolean {
  return hash.length >= 43 && ANY_BASE64.test(hash) && !/^[0-9a-fA-F]+$/.test(hash);
}

function emit(
  parts: FirebaseParts,
  input: SchemeInput,
  sourceFormat: string,
  notes: string[] = [],
): HashClassification {
  const limit = checkFirebase(parts.rounds, parts.memCost);
  if (limit) return notImportable(limit.reason, limit.detail, sourceFormat);
  const layout: FirebaseLayout = input.params.firebaseLayout === 'docs' ? 'docs' : 'workos-tool';
  return importable('firebase-scrypt', buildFirebaseScrypt(parts, layout), sourceFormat, notes);
}

/** Users' `passwordHash` + `salt` with the project's `hash_config` passed as parameters. */
function fromExport(input: SchemeInput): HashClassification {
  const source = 'Firebase Auth export';
  const p = input.params;
  const missing = [
    'salt',
    'firebaseSignerKey',
    'firebaseSaltSeparator',
    'firebaseRounds',
    'firebaseMemCost',
  ].filter((k) => p[k] === undefined || p[k] === '');
  if (missing.length) {
    return notImportable(
      'malformed',
      `a Firebase hash needs the user's salt and the project's hash_config; missing: ${missing.join(', ')} ` +
        '(Firebase console → Authentication → Users → ⋮ → Password hash parameters)',
      source,
    );
  }
  const hash = fromAnyBase64(input.hash);
  const salt = fromAnyBase64(p.salt!);
  const signerKey = fromAnyBase64(p.firebaseSignerKey!);
  const saltSeparator = fromAnyBase64(p.firebaseSaltSeparator!);
  const rounds = intParam(p.firebaseRounds);
  const memCost = intParam(p.firebaseMemCost);
  if (!hash || !salt || !signerKey || !saltSeparator) {
    const bad = [
      ['passwordHash', hash],
      ['salt', salt],
      ['firebaseSignerKey', signerKey],
      ['firebaseSaltSeparator', saltSeparator],
    ]
      .filter(([, v]) => !v)
      .map(([k]) => k);
    return notImportable('malformed', `not base64: ${bad.join(', ')}`, source);
  }
  if (rounds === undefined || memCost === undefined) {
    return notImportable('malformed', 'firebaseRounds and firebaseMemCost must be integers', source);
  }
  const notes = /[-_]/.test(input.hash + p.salt) ? ['URL-safe base64 normalised to standard base64'] : [];
  return emit({ hash, salt, signerKey, saltSeparator, rounds, memCost }, input, source, notes);
}

/** Supabase: `$fbscrypt$v=1,n=<log2 N>,r=…,p=…,ss=…,sk=…$salt$hash`. */
function fromSupabase(input: SchemeInput): HashClassification {
  const source = 'Supabase $fbscrypt$';
  const [, , paramText, saltText, hashText] = input.hash.split('$');
  if (paramText === undefined || saltText === undefined || hashText === undefined) {
    return notImportable('malformed', '$fbscrypt$ needs parameters, salt and hash separated by $', source);
  }
  const fields: Record<string, string> = {};
  for (const kv of paramText.split(',')) {
    const eq = kv.indexOf('=');
    if (eq > 0) fields[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  const memCost = intParam(fields.n);
  const rounds = intParam(fields.r);
  const parallelism = intParam(fields.p ?? '1');
  const signerKey = fields.sk === undefined ? undefined : fromAnyBase64(fields.sk);
  const saltSeparator = fields.ss === undefined ? undefined : fromAnyBase64(fields.ss);
  const salt = fromAnyBase64(saltText);
  const hash = fromAnyBase64(hashText);
  if (memCost === undefined || rounds === undefined || parallelism === undefined) {
    return notImportable('malformed', '$fbscrypt$ needs integer n, r and p', source);
  }
  if (!signerKey || !saltSeparator || !salt || !hash) {
    return notImportable('malformed', '$fbscrypt$ needs base64 sk, ss, salt and hash', source);
  }
  if (parallelism !== 1) {
    return notImportable(
      'parameters_out_of_range',
      `p=${parallelism}: Firebase scrypt (and WorkOS firebase-scrypt) has no parallelism parameter; p must be 1`,
      source,
    );
  }
  return emit({ hash, salt, signerKey, saltSeparator, rounds, memCost }, input, source);
}

function fromWorkosForm(input: SchemeInput): HashClassification {
  const source = 'WorkOS firebase-scrypt';
  const parsed = parseWorkosHash(input.hash, 'firebase-scrypt');
  if ('error' in parsed) return notImportable('malformed', parsed.error, source);
  if (parsed.type !== 'firebase-scrypt') return notImportable('malformed', 'not firebase-scrypt', source);
  return emit(parsed, input, source);
}

export const firebase: HashScheme = {
  id: 'firebase',
  detect: ({ hash, params }) =>
    hash.startsWith('$firebase-scrypt$') ||
    hash.startsWith('$fbscrypt$') ||
    // A project-wide signer key comes from the mapping and so applies to every row: only rows that
    // also carry Firebase's per-user salt are Firebase hashes (an ASP.NET Identity hash in the same
    // export is base64 too, and must still reach its own scheme).
    (params.firebaseSignerKey !== undefined && params.salt !== undefined && looksLikeFirebaseHash(hash)),
  classify(input) {
    if (input.hash.startsWith('$firebase-scrypt$')) return fromWorkosForm(input);
    if (input.hash.startsWith('$fbscrypt$')) return fromSupabase(input);
    return fromExport(input);
  },
  matrix: [
    {
      source: 'Firebase Auth export',
      recognise:
        '`passwordHash` + `salt` + project `hash_config` (params `firebaseSignerKey`, `firebaseSaltSeparator`, `firebaseRounds`, `firebaseMemCost`, `salt`)',
      result: 'firebase-scrypt',
      how: '`$firebase-scrypt$hash=…$salt=…$sk=…$ss=…$r=…$m=…` (standard base64, URL-safe normalised, padding kept); `firebaseLayout=docs` emits `$firebase-scrypt$r=…,m=…,sk=…,ss=…$salt$hash`',
    },
    {
      source: 'Supabase `$fbscrypt$`',
      recognise: '`$fbscrypt$v=1,n=,r=,p=,ss=,sk=$salt$hash`',
      result: 'firebase-scrypt / parameters_out_of_range',
      how: 'mem_cost = n (log2); p ≠ 1 is out of range',
    },
    {
      source: 'WorkOS firebase-scrypt',
      recognise: '`$firebase-scrypt$` (either layout)',
      result: 'firebase-scrypt',
      how: 're-emitted in the chosen layout',
    },
  ],
};
