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
  /** Extra inputs: salt column, Firebase project config, pepper flag, app parameters. */
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
