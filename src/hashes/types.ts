/** The six `password_hash_type` values the Create User API accepts. */
export const WORKOS_HASH_TYPES = ['bcrypt', 'scrypt', 'pbkdf2', 'argon2', 'ssha', 'firebase-scrypt'] as const;
export type WorkosHashType = (typeof WORKOS_HASH_TYPES)[number];

/** Closed set of reasons a hash cannot be imported (shared/hash-formats.md). */
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
  /**
   * Extra inputs that do not live in the hash string. Keys the registry reads:
   * - `salt`: the user's salt column (hex digests; Firebase's per-user base64 salt; raw scrypt keys)
   * - `saltEncoding`: `utf8` (default for salt columns) | `hex` | `base64`
   * - `saltOrder`: `password-salt` | `salt-password` — how a salted hex SHA-1 was computed
   *   (only password‖salt is ssha; when absent password‖salt is assumed and a note says so)
   * - `pepper`: any non-empty value other than `false`/`0`/`no` means a pepper was mixed in
   *   (Devise `config.pepper`); the value is never echoed
   * - `firebaseSignerKey`, `firebaseSaltSeparator` (base64), `firebaseRounds`, `firebaseMemCost`:
   *   the Firebase project's hash_config; `firebaseLayout`: `workos-tool` (default) | `docs`
   * - `scryptN`, `scryptR` (default 8), `scryptP` (default 1), `scryptKeyLength`: app parameters for
   *   raw scrypt keys (Node crypto.scrypt, Go x/crypto) stored as `salt:key` or `salt$key`
   * - `werkzeugIterations`: iteration count for Werkzeug strings that do not store it
   * - `springPbkdf2Digest`, `springPbkdf2Iterations`, `springPbkdf2SaltLength`, `springPbkdf2Secret`:
   *   a custom Spring Pbkdf2PasswordEncoder configuration
   * - `bcryptRewrite2y`: `false` keeps `$2y$` as is instead of rewriting it to `$2b$`
   */
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
    };
