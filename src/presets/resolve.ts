// The pure half of applying a preset: parameters checked, query rendered, mapping merged.
import { usageError } from '../errors/index.js';
import { EMPTY_MAPPING, type FieldMapping } from '../model/field-mapping.js';
import { PRESETS, presetNamed } from './registry.js';
import type { Preset, PresetParam } from './types.js';

export function findPreset(name: string): Preset {
  const preset = presetNamed(name);
  if (preset) return preset;
  throw usageError(
    `unknown preset "${name}"; known presets: ${PRESETS.map((p) => p.name).join(', ')} (workos-migrator presets list)`,
  );
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Every database preset takes it: where the application (dual-write) keeps each user's WorkOS id. */
export const WORKOS_ID_PARAM: PresetParam = {
  name: 'workos-id',
  kind: 'identifier',
  description:
    "the user table's column holding each user's WorkOS user id (dual-write): those users are linked by it, not created again",
};

/** The preset's own parameters, plus the ones every preset of its kind takes. */
export function paramsOf(preset: Preset): PresetParam[] {
  return preset.source === 'database' ? [...preset.params, WORKOS_ID_PARAM] : preset.params;
}

/** `--param` values with the preset's defaults; refuses unknown names, missing required ones and unsafe identifiers. */
export function presetParams(
  preset: Preset,
  given: Readonly<Record<string, string>>,
): Record<string, string> {
  const all = paramsOf(preset);
  const known = new Map(all.map((p) => [p.name, p]));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const list = all.map((p) => p.name).join(', ');
      throw usageError(
        `preset ${preset.name} has no parameter "${name}"; ${list ? `it takes ${list}` : 'it takes none'}`,
      );
    }
  }
  const out: Record<string, string> = {};
  for (const p of all) {
    const value = given[p.name] ?? p.default;
    if (value === undefined || value === '') {
      if (p.required) throw usageError(`preset ${preset.name} needs --param ${p.name}=…: ${p.description}`);
      continue;
    }
    // Identifiers are spliced into SQL, so they are held to what a table or schema name can be.
    if (p.kind === 'identifier' && !IDENTIFIER.test(value))
      throw usageError(
        `--param ${p.name} must be a plain table, schema or prefix name (letters, digits, _); got "${value}"`,
      );
    out[p.name] = value;
  }
  return out;
}

/** The preset's query with its identifier parameters filled in. */
export function renderQuery(preset: Preset, params: Readonly<Record<string, string>>): string | undefined {
  const column = params['workos-id'];
  const workosId = column ? `, u.${preset.quoted ? `"${column}"` : column} AS workos_user_id` : '';
  return preset.query?.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
    name === 'workosId' ? workosId : (params[name] ?? ''),
  );
}

/** The preset's mapping under the user's `--map` file: every key the file sets wins. */
export function mergeMapping(
  preset: Partial<FieldMapping>,
  file: FieldMapping = EMPTY_MAPPING,
  hashParams: Record<string, string> = {},
): FieldMapping {
  return {
    fields: { ...preset.fields, ...file.fields },
    constants: { ...preset.constants, ...file.constants },
    hashParams: { ...preset.hashParams, ...hashParams, ...file.hashParams },
    hashParamFields: { ...preset.hashParamFields, ...file.hashParamFields },
    metadataFields: { ...preset.metadataFields, ...file.metadataFields },
  };
}

/** `--param key=value` list (repeatable flag) to a table; the value may itself contain "=". */
export function parseParamList(list: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of list ?? []) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw usageError(`--param expects key=value (e.g. --param pepper=yes); got "${kv}"`);
    out[kv.slice(0, eq).trim()] = kv.slice(eq + 1);
  }
  return out;
}
