import type { LegacyRecipe } from './legacy/recipe.js';

/** The six `password_hash_type` values the Create User API accepts. */
export const WORKOS_HASH_TYPES = ['bcrypt', 'scrypt', 'pbkdf2', 'argon2', 'ssha', 'firebase-scrypt'] as const;
export type WorkosHashType = (typeof WORKOS_HASH_TYPES)[number];

/** Closed set of reasons a hash cannot be imported (docs/hash-formats.md#reason-codes). */
export const REASON_CODES = [
  'parameters_out_of_range',
  'unsupported_digest',
  'unsalted_digest',
  'prehashed',
  'peppered',
  'wrong_salt_order',
  'legacy_buggy_variant',
  'unsupported_scheme',
  'plaintext',
  'no_hash_exported',
  'malformed',
  'unknown_format',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** What the registry is asked to classify. */
export interface HashInput {
  hash: string;
  /** Algorithm name declared by the export, if any. */
  algorithm?: string;
  /** Extra inputs that do not live in the hash string; the keys the registry reads are HASH_PARAMS. */
  params?: Record<string, string>;
}

export type HashClassification =
  | {
      importable: true;
      type: WorkosHashType;
      /** The hash exactly as it will be sent to WorkOS. */
      workosHash: string;
      /** Human-readable name of the recognised source format, e.g. "Django pbkdf2_sha256". */
      sourceFormat: string;
      /** Warnings: wrong declared name, rewritten prefix, … */
      notes: string[];
    }
  | {
      importable: false;
      reason: ReasonCode;
      /** Human detail, e.g. "260,000 iterations; WorkOS needs 600,000–1,000,000 for sha256". Never contains the hash. */
      detail: string;
      sourceFormat?: string;
      notes: string[];
      /**
       * How to check a password against the old hash locally (login-time migration), when the
       * format allows it. Non-enumerable: never serialised with the classification.
       */
      readonly legacy?: LegacyRecipe;
    };

/**
 * Every `HashInput.params` key the registry reads, with what it means. Rendered into README's
 * support matrix; a test fails when a scheme reads a key that is not listed here.
 */
export const HASH_PARAMS: Readonly<Record<string, string>> = {
  salt: "the user's salt column (salted hex digests; Firebase's per-user base64 salt; raw scrypt keys)",
  saltEncoding: '`utf8` (default) | `hex` | `base64`: how the salt column is written',
  saltOrder:
    '`password-salt` | `salt-password`: how a salted hex SHA-1 was computed (only password‖salt is ssha; when absent, password‖salt is assumed and a note says so)',
  pepper:
    'any value other than empty/`false`/`0`/`no`: a pepper was mixed in (Devise `config.pepper`); never echoed',
  firebaseSignerKey: "the Firebase project's `base64_signer_key`",
  firebaseSaltSeparator: "the Firebase project's `base64_salt_separator`",
  firebaseRounds: "the Firebase project's `rounds`",
  firebaseMemCost: "the Firebase project's `mem_cost`",
  firebaseLayout:
    '`workos-tool` (default: `$firebase-scrypt$hash=…$salt=…$sk=…$ss=…$r=…$m=…`) | `docs` (`$firebase-scrypt$r=…,m=…,sk=…,ss=…$salt$hash`)',
  scryptN: 'app scrypt N for raw keys stored as `salt:key` / `salt$key` (Node crypto.scrypt, Go x/crypto)',
  scryptR: 'app scrypt r (default 8)',
  scryptP: 'app scrypt p (default 1)',
  scryptKeyLength: 'app scrypt key length, checked against the stored key',
  werkzeugIterations: 'iterations for Werkzeug `pbkdf2:sha256$…` strings that do not store them',
  springPbkdf2Digest: 'custom Spring Pbkdf2PasswordEncoder digest (`SHA-256`, `SHA-512`)',
  springPbkdf2Iterations: 'custom Spring Pbkdf2PasswordEncoder iterations',
  springPbkdf2SaltLength: 'custom Spring Pbkdf2PasswordEncoder salt length in bytes (default 16)',
  springPbkdf2Secret: 'custom Spring Pbkdf2PasswordEncoder secret (appended to the salt)',
  bcryptRewrite2y: '`false` keeps `$2y$` as is instead of rewriting it to `$2b$`',
};
