/**
 * One user as the migration sees it, whatever shape the export had. Produced by the field mapper
 * from a raw source record; everything downstream (plan, journal, importer) speaks this type.
 */
export interface MigrationUser {
  /** 1-based position of the record in the source: the row number people are told about. */
  row: number;
  /** Human location of the record in the source ("line 12", "byte 3456", "row 7"). */
  location: string;
  email: string;
  firstName?: string;
  lastName?: string;
  emailVerified?: boolean;
  /** The user's id in the old system; sent to WorkOS as external_id unless disabled. */
  localId?: string;
  /** An explicit external_id column, when the export has one distinct from the local id. */
  externalId?: string;
  /** Set for users that already exist in WorkOS (dual-write, strategy B). */
  workosUserId?: string;
  passwordHash?: string;
  /** The algorithm name the export declares; often vague ("sha256") or wrong ("blowfish"). */
  passwordAlgorithm?: string;
  /** Per-user or project-wide hash inputs that do not live in the hash string (salt column, Firebase config…). */
  hashParams?: Record<string, string>;
  oauthProvider?: string;
  metadata?: Record<string, string>;
  /**
   * The organizations the user belongs to, as the export lists them (`[{ id, name, domains?, role? }]`):
   * each entry is checked by the organizations planner, which reports a broken one without blocking the user.
   */
  organizations?: ReadonlyArray<Record<string, unknown>>;
  /** Authenticator secret (Base32 or an otpauth:// URI). Never printed, exported or journaled. */
  totpSecret?: string;
  /** Only needed when the old system used other TOTP parameters than SHA-1 / 6 digits / 30 s. */
  /** `hex` when the store keeps the key as hex (django-otp's `key` column); default Base32. */
  totpSecretFormat?: string;
  totpAlgorithm?: string;
  totpDigits?: string;
  totpPeriod?: string;
}

/** A problem found in one record. `row` is 1-based; `field` is the MigrationUser field or source column. */
export interface Problem {
  row: number;
  location?: string;
  field: string;
  code: string;
  message: string;
  /** Blocking problems stop the user from being imported; warnings do not (unless --strict). */
  severity: 'blocking' | 'warning';
}
