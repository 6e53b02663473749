import { coerceBoolean, coerceMetadata, coerceObjectList, coerceText, type Coerced } from './coerce.js';
import {
  DEFAULT_ALIASES,
  DEFAULT_HASH_PARAM_ALIASES,
  MAPPED_FIELDS,
  type FieldMapping,
  type MappedField,
} from './field-mapping.js';
import type { MigrationUser, Problem } from './user.js';

export interface MappedRecord {
  user: MigrationUser;
  problems: Problem[];
}

type Getter = (record: Record<string, unknown>) => unknown;

/** Builds the per-record mapper once, so the hot path only runs precomputed getters. */
export function createRecordMapper(
  mapping: FieldMapping,
): (record: Record<string, unknown>, row: number, location: string) => MappedRecord {
  const getters = MAPPED_FIELDS.map((field) => [field, fieldGetter(field, mapping)] as const);
  const paramGetters = Object.entries({
    ...Object.fromEntries(Object.entries(DEFAULT_HASH_PARAM_ALIASES).map(([k, a]) => [k, firstOf(a)])),
    ...Object.fromEntries(Object.entries(mapping.hashParamFields).map(([k, p]) => [k, pathGetter(p)])),
  });
  const metadataGetters = Object.entries(mapping.metadataFields).map(([k, p]) => [k, pathGetter(p)] as const);
  const projectParams = mapping.hashParams;
  const hasProjectParams = Object.keys(projectParams).length > 0;

  return (record, row, location) => {
    const problems: Problem[] = [];
    const user: MigrationUser = { row, location, email: '' };
    const fail = (field: string, code: string, message: string) =>
      problems.push({ row, location, field, code, message, severity: 'blocking' });

    for (const [field, get] of getters) {
      const raw = get(record);
      if (raw === undefined) continue;
      const result = coerceField(field, raw);
      if (!result.ok && (field === 'organizations' || field.startsWith('totp'))) {
        // The organizations side never blocks a user: the user is imported, the memberships or factor are not.
        problems.push({
          row,
          location,
          field,
          code: field === 'organizations' ? 'invalid_organizations' : 'totp_malformed',
          message: `${field} at ${location}: ${result.reason}; the user is imported without it`,
          severity: 'warning',
        });
        continue;
      }
      if (!result.ok) {
        const code =
          field === 'emailVerified'
            ? 'invalid_boolean'
            : field === 'metadata'
              ? 'invalid_metadata'
              : 'wrong_type';
        fail(
          field,
          code,
          `${field} at ${location}: ${result.reason}; fix the value or map another column with --map`,
        );
        continue;
      }
      if (result.value !== undefined) (user as unknown as Record<string, unknown>)[field] = result.value;
    }

    for (const [key, get] of metadataGetters) {
      const v = coerceText(get(record), true);
      if (!v.ok) fail(`metadata.${key}`, 'invalid_metadata', `metadata.${key} at ${location}: ${v.reason}`);
      else if (v.value !== undefined) user.metadata = { ...user.metadata, [key]: v.value };
    }

    let params: Record<string, string> | undefined = hasProjectParams ? { ...projectParams } : undefined;
    for (const [key, get] of paramGetters) {
      const v = coerceText(get(record), true);
      if (v.ok && v.value !== undefined) (params ??= {})[key] = v.value;
    }
    if (params) user.hashParams = params;
    return { user, problems };
  };
}

function coerceField(field: MappedField, raw: unknown): Coerced<unknown> {
  switch (field) {
    case 'emailVerified':
      return coerceBoolean(raw);
    case 'metadata':
      return coerceMetadata(raw);
    case 'organizations':
      return coerceObjectList(raw);
    case 'totpSecret': {
      // A secret of the wrong type is described by its type only: never quoted into a report.
      const r = coerceText(raw);
      return r.ok ? r : { ok: false, reason: `expected text, found a ${typeof raw}` };
    }
    case 'localId':
    case 'externalId':
    case 'totpDigits':
    case 'totpPeriod':
      return coerceText(raw, true);
    default:
      return coerceText(raw);
  }
}

function fieldGetter(field: MappedField, mapping: FieldMapping): Getter {
  const constant = mapping.constants[field];
  const path = mapping.fields[field];
  const fromRecord = path ? pathGetter(path) : firstOf(DEFAULT_ALIASES[field]);
  if (constant === undefined) return fromRecord;
  // A constant fills the field only where the record has nothing: a per-user value stays authoritative.
  return (record) => {
    const v = fromRecord(record);
    return v === undefined || v === null || v === '' ? constant : v;
  };
}

function firstOf(keys: readonly string[]): Getter {
  return (record) => {
    for (const key of keys) {
      const v = record[key];
      if (v !== undefined) return v;
    }
    return undefined;
  };
}

/**
 * Own properties only: a record without a `constructor` (or `toString`, `__proto__.x`) column must
 * read as missing, not as Object.prototype's function.
 */
function pathGetter(path: string): Getter {
  const parts = path.split('.');
  if (parts.length === 1) return (record) => (Object.hasOwn(record, path) ? record[path] : undefined);
  return (record) => {
    if (Object.hasOwn(record, path)) return record[path];
    let node: unknown = record;
    for (const part of parts) {
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
      node = (node as Record<string, unknown>)[part];
    }
    return node;
  };
}
