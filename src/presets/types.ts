import type { FieldMapping } from '../model/field-mapping.js';

/** A `--param key=value` a preset understands. */
export interface PresetParam {
  name: string;
  description: string;
  /** Used when the user gives none; without a default the parameter is optional unless `required`. */
  default?: string;
  required?: boolean;
  /**
   * `identifier`: a table, schema or prefix spliced into the query, so only letters, digits and `_`.
   * `file`: a path the preset reads (a hash-config file, a password-hash export). `text`: anything.
   */
  kind: 'identifier' | 'file' | 'text';
}

/** Values a preset's reshape step may use besides the record: what its file parameters held. */
export interface PresetContext {
  /** Parameter values after defaults. */
  params: Readonly<Record<string, string>>;
  /** Records of a second file joined to each user by id (Auth0's password-hash export), by join key. */
  joined?: ReadonlyMap<string, Record<string, unknown>>;
}

/**
 * What a known user store looks like: where its users are (a query, or a file layout), which column
 * holds what, and the hash parameters that live outside the hash. Data, not code paths: the readers,
 * the mapper and the hash registry do the work; `reshape` only moves values a mapping path cannot
 * reach (a JSON-in-JSON credential, the first of several identities).
 */
export interface Preset {
  name: string;
  /** The system in its users' words: "Django (django.contrib.auth)". */
  system: string;
  /** What the source argument is: "the application database (sqlite:…, postgres://…, mysql://…)". */
  source: 'database' | 'file';
  /** One line for `presets list`. */
  summary: string;
  params: PresetParam[];
  /**
   * Database presets: the query, with `{{param}}` for identifier parameters and `{{workosId}}` at the
   * end of the select list (the main table aliased `u`) for the optional WorkOS-id column.
   */
  query?: string;
  /** The query quotes its identifiers (mixed-case names on PostgreSQL): so is the WorkOS-id column. */
  quoted?: boolean;
  /** File presets: the format, and the array holding the users when it is not the top level. */
  layout?: { format: 'json' | 'ndjson'; usersAt?: string };
  /** Field mapping in the `--map` format; a `--map` file given alongside overrides it key by key. */
  mapping: Partial<FieldMapping>;
  /** Project-wide hash parameters taken from `--param` values (Devise's pepper) or files. */
  hashParams?: (ctx: PresetContext, files: Readonly<Record<string, string>>) => Record<string, string>;
  /** Second file joined to each user: the file parameter, and how both sides name the join key. */
  join?: {
    param: string;
    keyOf: (joined: Record<string, unknown>) => string | undefined;
    userKey: (record: Record<string, unknown>) => string | undefined;
  };
  /** Pure per-record step before the mapping; must not throw (a record it cannot read passes as is). */
  reshape?: (record: Record<string, unknown>, ctx: PresetContext) => Record<string, unknown>;
  /** What a user should know: unusual columns, what is left out, which version's schema. */
  notes: string[];
}
