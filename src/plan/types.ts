import type { HashClassification, WorkosHashType } from '../hashes/types.js';
import type { MigrationUser, Problem } from '../model/user.js';

/** The migration decision tree's answer for one user. */
/**
 * `trickle` (with the trickle option): the hash cannot be imported but can be checked locally, so
 * the password moves to WorkOS at the user's first sign-in instead of through a reset.
 */
export const LANES = ['import-hash', 'trickle', 'reset', 'oauth', 'passwordless', 'blocked'] as const;
export type Lane = (typeof LANES)[number];

export interface PlannedUser {
  user: MigrationUser;
  lane: Lane;
  /** Present when the user has a password hash (importable or not). */
  hash?: HashClassification;
  problems: Problem[];
}

export type SourceFormat = 'json' | 'ndjson' | 'csv' | 'sql';

/** How to read a source: which export, its format, query, mapping file and preset. */
export type SourceSelection = Pick<PlanOptions, 'source' | 'format' | 'query' | 'map' | 'preset' | 'params'>;

/**
 * The export a follow-up command re-reads (default: the one the journal recorded), with its
 * mapping: every field optional.
 */
export type SourceOverride = Partial<SourceSelection>;

export interface PlanOptions {
  /** A file path, `-` for stdin, or a database URL (postgres://, mysql://, sqlite:) with `query`. */
  source: string;
  format?: SourceFormat;
  /** SQL query for database sources. */
  query?: string;
  /** Path to a YAML/JSON field-mapping file (over a preset's mapping, key by key). */
  map?: string;
  /** A known user store (`presets list`): its query or file layout, mapping and hash parameters. */
  preset?: string;
  /** The preset's `--param key=value` values. */
  params?: Record<string, string>;
  /** Policy: move everyone to Magic Auth (lane `passwordless`). */
  noPasswords?: boolean;
  /** Warnings become blocking. */
  strict?: boolean;
  /** Users whose hash is verifiable but not importable go to `trickle` instead of `reset`. */
  trickle?: boolean;
}

export interface AssessReport {
  /** Records read, good or bad. */
  total: number;
  lanes: Record<Lane, number>;
  hashTypes: Partial<Record<WorkosHashType, number>>;
  problems: Problem[];
  /**
   * Users already handed to the sink whose lane changed once later rows were seen (the first row of a
   * duplicate-email pair becomes `blocked` only when the second appears). Consumers that stored
   * PlannedUsers apply these after the stream ends.
   */
  revisions: Array<{ row: number; lane: Lane; problems: Problem[] }>;
}
