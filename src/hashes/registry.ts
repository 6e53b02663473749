/**
 * The hash registry: one ordered list of scheme modules. classifyHash asks each scheme whether it
 * recognises the string and lets the first one convert it. No KDF runs here.
 */
import { resolveAlgorithmName, type ResolvedAlgorithm } from './algorithm-names.js';
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

/** Classifies any input hash as importable-as-X or not-importable-because-Y. Pure, synchronous. */
export function classifyHash(input: HashInput): HashClassification {
  const declared = input.algorithm?.trim() ? resolveAlgorithmName(input.algorithm) : undefined;
  const result = classifyString((input.hash ?? '').trim(), input.params ?? NO_PARAMS, declared, 0);
  return declared ? withDeclaredNotes(result, input.algorithm!.trim(), declared) : result;
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
  const scheme = preferred?.detect(input) ? preferred : SCHEMES.find((s) => s.detect(input));
  if (scheme) return scheme.classify(input);
  // Firebase hashes are bare base64; without the signer key only the declared name identifies them.
  if (declared?.type === 'firebase-scrypt' && /^[A-Za-z0-9+/_-]+={0,2}$/.test(hash))
    return firebase.classify(input);
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
  return notes.length === result.notes.length ? result : { ...result, notes };
}
