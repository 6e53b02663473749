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
  const scan = aliasScan(mapping);
  // What the getters read, in their order: by the one pass over the record's keys where it can, else by the getter.
  const fieldReads = getters.map(([field, get]) => scan.slot.get(field) ?? get);
  const paramReads = paramGetters.map(([key, get]) => [key, scan.slot.get(`param:${key}`) ?? get] as const);
  const metadataGetters = Object.entries(mapping.metadataFields).map(([k, p]) => [k, pathGetter(p)] as const);
  const projectParams = mapping.hashParams;
  const hasProjectParams = Object.keys(projectParams).length > 0;

  return (record, row, location) => {
    const problems: Problem[] = [];
    const user: MigrationUser = { row, location, email: '' };
    const fail = (field: string, code: string, message: string) =>
      problems.push({ row, location, field, code, message, severity: 'blocking' });

    const found = scan.read(record);
    for (let f = 0; f < getters.length; f++) {
      const field = getters[f]![0];
      const read = fieldReads[f]!;
      const raw = typeof read === 'number' ? found[read] : read(record);
      if (raw === undefined) continue;
      // What coerceField answers for the common values, without a result object per field.
      if (typeof raw === 'string' && !PARSED_FROM_TEXT.has(field)) {
        if (raw !== '') (user as unknown as Record<string, unknown>)[field] = raw;
        continue;
      }
      if (typeof raw === 'boolean' && field === 'emailVerified') {
        user.emailVerified = raw;
        continue;
      }
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
    for (const [key, read] of paramReads) {
      const v = coerceText(typeof read === 'number' ? found[read] : read(record), true);
      if (v.ok && v.value !== undefined) (params ??= {})[key] = v.value;
    }
    if (params) user.hashParams = params;
    return { user, problems };
  };
}

/** Fields whose text is parsed (a boolean word, a JSON object or list), not stored as it is. */
const PARSED_FROM_TEXT: ReadonlySet<string> = new Set(['emailVerified', 'metadata', 'organizations']);

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

/**
 * The fields read only through their built-in aliases (no --map path, no constant), found in ONE pass
 * over the record's keys instead of a lookup per alias (thirty-odd misses per user). Same answer as
 * firstOf: the earliest alias, in alias order, whose value is not undefined. Plain objects only (what
 * the readers make), whose keys for...in lists; anything else is read by the getters.
 */
function aliasScan(mapping: FieldMapping): {
  slot: Map<string, number>;
  read: (record: Record<string, unknown>) => readonly unknown[];
} {
  const slot = new Map<string, number>();
  const rankOf = new Map<string, { slot: number; rank: number }>();
  const add = (name: string, aliases: readonly string[]) => {
    // An alias Object.prototype answers ("constructor") reads differently through for...in, and one alias
    // read for two fields needs both getters: those are left to the getters.
    if (aliases.some((alias) => alias in Object.prototype || rankOf.has(alias))) return;
    const at = slot.size;
    slot.set(name, at);
    aliases.forEach((alias, rank) => rankOf.set(alias, { slot: at, rank }));
  };
  for (const field of MAPPED_FIELDS) {
    if (mapping.fields[field] === undefined && mapping.constants[field] === undefined)
      add(field, DEFAULT_ALIASES[field]);
  }
  for (const [key, aliases] of Object.entries(DEFAULT_HASH_PARAM_ALIASES))
    if (!Object.hasOwn(mapping.hashParamFields, key)) add(`param:${key}`, aliases);

  const values: unknown[] = new Array(slot.size).fill(undefined);
  const ranks: number[] = new Array(slot.size).fill(Infinity);
  const getters = [...slot.keys()].map((name) => {
    const aliases = name.startsWith('param:')
      ? DEFAULT_HASH_PARAM_ALIASES[name.slice('param:'.length)]!
      : DEFAULT_ALIASES[name as MappedField];
    return firstOf(aliases);
  });
  return {
    slot,
    read(record) {
      values.fill(undefined);
      const proto = Object.getPrototypeOf(record) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        for (let i = 0; i < getters.length; i++) values[i] = getters[i]!(record);
        return values;
      }
      ranks.fill(Infinity);
      for (const key in record) {
        const hit = rankOf.get(key);
        if (hit === undefined || hit.rank >= ranks[hit.slot]!) continue;
        const v = record[key];
        if (v === undefined) continue;
        ranks[hit.slot] = hit.rank;
        values[hit.slot] = v;
      }
      return values;
    },
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
