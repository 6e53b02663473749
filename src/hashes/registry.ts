/**
 * The hash registry: one ordered list of scheme modules. classifyHash asks each scheme whether it
 * recognises the string and lets the first one convert it. No KDF runs here.
 */
import { resolveAlgorithmName, type ResolvedAlgorithm } from './algorithm-names.js';
import { carryLegacy } from './legacy/recipe.js';
import { notImportable, type HashScheme, type SchemeInput } from './scheme.js';
import { aspnet } from './schemes/aspnet.js';
import { appScryptScheme } from './schemes/app-scrypt.js';
import { argon2 } from './schemes/argon2.js';
import { bcrypt } from './schemes/bcrypt.js';
import { cryptLegacy } from './schemes/crypt-legacy.js';
import { django } from './schemes/django.js';
import { firebase } from './schemes/firebase.js';
import { hexDigest } from './schemes/hex-digest.js';
import { keycloak } from './schemes/keycloak.js';
import { ldap } from './schemes/ldap.js';
import { noHash } from './schemes/no-hash.js';
import { passlib } from './schemes/passlib.js';
import { phcPbkdf2 } from './schemes/phc-pbkdf2.js';
import { spring } from './schemes/spring.js';
import { werkzeug } from './schemes/werkzeug.js';
import { workosPhc } from './schemes/workos-phc.js';
import type { HashClassification, HashInput } from './types.js';

/**
 * Order matters where shapes overlap: Firebase's bare base64 must win over ASP.NET's when the
 * project's signer key is given; Spring's `{MD5}hex` over LDAP's `{MD5}base64`; app-parameter
 * scrypt keys over bare hex digests.
 */
export const SCHEMES: readonly HashScheme[] = [
  noHash,
  keycloak,
  firebase,
  bcrypt,
  argon2,
  workosPhc,
  passlib,
  phcPbkdf2,
  cryptLegacy,
  spring,
  ldap,
  django,
  werkzeug,
  appScryptScheme,
  hexDigest,
  aspnet,
];

const MAX_NESTING = 3;
const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * Classifies any input hash as importable-as-X or not-importable-because-Y. Pure, synchronous, and
 * total: it never throws, because one odd string must not abort an assessment of a million users.
 */
export function classifyHash(input: HashInput): HashClassification {
  try {
    const declared = input.algorithm?.trim() ? resolveDeclared(input.algorithm) : undefined;
    const result = classifyString((input.hash ?? '').trim(), input.params ?? NO_PARAMS, declared, 0);
    return declared ? withDeclaredNotes(result, input.algorithm!.trim(), declared) : result;
  } catch (err) {
    // Not a string, or params that are not an object: JavaScript callers can pass anything.
    return parserFailure(undefined, err);
  }
}

const resolved = new Map<string, ResolvedAlgorithm>();

/** An export declares a handful of names a million times over: each is resolved once (read-only after). */
function resolveDeclared(name: string): ResolvedAlgorithm {
  let hit = resolved.get(name);
  if (hit === undefined) {
    hit = Object.freeze(resolveAlgorithmName(name));
    if (resolved.size < 1000) resolved.set(name, hit);
  }
  return hit;
}

/**
 * The safety net under the scheme modules: a parser that throws is a bug in it, and the hash is
 * reported instead of the run aborting. Only the error's class is kept: messages such as
 * JSON.parse's quote the input, and the input is a password hash.
 */
function parserFailure(scheme: HashScheme | undefined, err: unknown): HashClassification {
  const kind = err instanceof Error ? err.name : typeof err;
  if (!scheme) {
    return notImportable(
      'unknown_format',
      `the hash could not be read (${kind}); it is not a recognised password-hash format: see the support matrix in README`,
    );
  }
  return notImportable(
    'malformed',
    `looks like ${scheme.id} but its parser failed on it (${kind}); check the export's hash column, and report the hash's shape (never the hash) if the column is intact`,
    scheme.id,
  );
}

function classifyString(
  hash: string,
  params: Readonly<Record<string, string>>,
  declared: ResolvedAlgorithm | undefined,
  depth: number,
): HashClassification {
  if (declared?.scheme === 'plaintext' && hash !== '') {
    return notImportable(
      'plaintext',
      'declared as plaintext: send it as `password`, not as a hash',
      'plaintext',
    );
  }
  const input: SchemeInput = {
    hash,
    params,
    classifyInner: (inner) =>
      depth >= MAX_NESTING
        ? notImportable('malformed', 'too many nested prefixes')
        : classifyString(inner, params, undefined, depth + 1),
  };
  // A declared source format breaks ties between shapes two schemes share (Django vs Werkzeug `sha1$`).
  const preferred = declared?.scheme ? SCHEMES.find((s) => s.id === declared.scheme) : undefined;
  let scheme: HashScheme | undefined;
  try {
    scheme = preferred?.detect(input) ? preferred : SCHEMES.find((s) => s.detect(input));
    if (scheme) return scheme.classify(input);
    // Firebase hashes are bare base64; without the signer key only the declared name identifies them.
    if (declared?.type === 'firebase-scrypt' && /^[A-Za-z0-9+/_-]+={0,2}$/.test(hash)) {
      scheme = firebase;
      return firebase.classify(input);
    }
  } catch (err) {
    // Caught here rather than only in classifyHash, so that the message names the scheme and a
    // wrapper (Spring `{bcrypt}`, LDAP `{CRYPT}`) still reports its own format around it.
    return parserFailure(scheme, err);
  }
  return notImportable(
    'unknown_format',
    `not a recognised password-hash format (${hash.length} characters); see the support matrix in README`,
  );
}

function withDeclaredNotes(
  result: HashClassification,
  name: string,
  declared: ResolvedAlgorithm,
): HashClassification {
  const notes = [...result.notes];
  if (declared.warning) notes.push(declared.warning);
  if (result.importable && declared.type && declared.type !== result.type) {
    notes.push(
      `declared "${name}" contradicts the string, which is ${result.sourceFormat}: imported as ${result.type} from what the string says`,
    );
  }
  return notes.length === result.notes.length ? result : carryLegacy(result, { ...result, notes });
}
