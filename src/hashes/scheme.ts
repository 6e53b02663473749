/** The contract every scheme module implements, and the small helpers they share. Pure. */
import { carryLegacy } from './legacy/recipe.js';
import type { HashClassification, ReasonCode, WorkosHashType } from './types.js';

/** What a scheme sees: the trimmed hash string and the project-wide/per-user parameters. */
export interface SchemeInput {
  hash: string;
  params: Readonly<Record<string, string>>;
  /** The registry, for formats that wrap another format (Spring's `{bcrypt}…`, LDAP's `{CRYPT}…`). */
  classifyInner(hash: string): HashClassification;
}

/** One row of the support matrix in README, generated from the scheme modules. */
export interface MatrixRow {
  source: string;
  recognise: string;
  /** WorkOS types and/or reason codes this family can produce, joined by " / " (checked by a test). */
  result: string;
  how: string;
}

export interface HashScheme {
  /** Stable id, also used by `--from NAME` and resolveAlgorithmName. */
  id: string;
  /** Cheap test on the string (prefix, length, alphabet): no decoding, no KDF. */
  detect(input: SchemeInput): boolean;
  classify(input: SchemeInput): HashClassification;
  matrix: MatrixRow[];
}

export function importable(
  type: WorkosHashType,
  workosHash: string,
  sourceFormat: string,
  notes: string[] = [],
): HashClassification {
  return { importable: true, type, workosHash, sourceFormat, notes };
}

export function notImportable(
  reason: ReasonCode,
  detail: string,
  sourceFormat?: string,
  notes: string[] = [],
): HashClassification {
  return sourceFormat === undefined
    ? { importable: false, reason, detail, notes }
    : { importable: false, reason, detail, sourceFormat, notes };
}

/** Reframes an inner classification under the wrapper's name (e.g. "Spring {bcrypt} → bcrypt ($2a$)"). */
export function wrapped(
  inner: HashClassification,
  wrapper: string,
  expected?: WorkosHashType,
  note?: string,
): HashClassification {
  const sourceFormat = inner.sourceFormat ? `${wrapper} → ${inner.sourceFormat}` : wrapper;
  const notes = note ? [note, ...inner.notes] : inner.notes;
  if (inner.importable && expected && inner.type !== expected) {
    return notImportable(
      'malformed',
      `${wrapper} should wrap a ${expected} hash but holds ${inner.type}`,
      sourceFormat,
    );
  }
  return carryLegacy(inner, { ...inner, sourceFormat, notes });
}

/** Parameter values given as "true"/"1"/"yes" or any other non-empty text that is not a negation. */
export function isFlagSet(value: string | undefined): boolean {
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  return v !== '' && v !== 'false' && v !== '0' && v !== 'no' && v !== 'none';
}

/** A non-negative integer parameter; digits beyond 2^53 are not a number anything can compute with. */
export function intParam(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}
