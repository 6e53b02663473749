// What `presets list` and `presets show` print: enough to copy a preset into --query and --map and adapt it.
import { stringify } from 'yaml';
import { PRESETS } from './registry.js';
import { paramsOf, renderQuery } from './resolve.js';
import type { Preset } from './types.js';

export function formatPresetList(): string {
  const width = Math.max(...PRESETS.map((p) => p.name.length)) + 2;
  const lines = ['Presets (workos-migrator presets show NAME prints the query and mapping):', ''];
  for (const p of PRESETS)
    lines.push(
      `  ${p.name.padEnd(width)}${p.system} · ${p.source === 'database' ? 'database' : 'export file'}: ${p.summary}`,
    );
  lines.push('', 'Use: workos-migrator assess <source> --preset NAME [--param key=value …]');
  return `${lines.join('\n')}\n`;
}

/** The mapping in the --map file's own format, so it can be saved and edited. */
export function mappingFile(preset: Preset): string {
  const m = preset.mapping;
  const doc: Record<string, unknown> = {};
  if (m.fields && Object.keys(m.fields).length) doc.fields = m.fields;
  if (m.constants && Object.keys(m.constants).length) doc.constants = m.constants;
  if (m.hashParamFields && Object.keys(m.hashParamFields).length) doc.hashParamFields = m.hashParamFields;
  if (m.metadataFields && Object.keys(m.metadataFields).length) doc.metadata = m.metadataFields;
  return stringify(doc);
}

export function formatPreset(preset: Preset): string {
  const params = paramsOf(preset);
  const defaults = Object.fromEntries(
    params.filter((p) => p.default !== undefined).map((p) => [p.name, p.default!]),
  );
  const lines = [`${preset.name}: ${preset.system}`, preset.summary, ''];
  lines.push(
    preset.source === 'database'
      ? 'Source: the application database (sqlite:path, postgres://…, mysql://…)'
      : `Source: the export file (${preset.layout?.format === 'ndjson' ? 'NDJSON, one user per line' : `JSON, users in "${preset.layout?.usersAt}"`})`,
  );
  if (params.length) {
    lines.push('', 'Parameters (--param key=value):');
    for (const p of params)
      lines.push(
        `  ${p.name}${p.default !== undefined ? ` (default ${p.default})` : p.required ? ' (required)' : ''}: ${p.description}`,
      );
  }
  const query = renderQuery(preset, defaults);
  if (query) lines.push('', 'Query (--query):', `  ${query}`);
  lines.push(
    '',
    'Mapping (--map file, YAML):',
    ...mappingFile(preset)
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`),
  );
  if (preset.reshape)
    lines.push(
      '',
      'Also, per record, before the mapping: values a mapping path cannot reach are moved into the columns named above (see the notes).',
    );
  if (preset.notes.length) lines.push('', 'Notes:', ...preset.notes.map((n) => `  - ${n}`));
  return `${lines.join('\n')}\n`;
}

export const TABLE_START = '<!-- presets:start -->';
export const TABLE_END = '<!-- presets:end -->';

/** README's preset table, between the markers; describe.test.ts fails when README drifts from it. */
export function renderPresetTable(): string {
  const rows = PRESETS.map((p) => {
    const params = paramsOf(p).map((x) => `\`${x.name}\``);
    const source =
      p.source === 'database' ? 'database URL' : p.layout?.format === 'ndjson' ? 'NDJSON file' : 'JSON file';
    return `| \`${p.name}\` | ${p.system} | ${source} | ${p.summary.replace(/\|/g, '\\|')} | ${params.join(', ') || '—'} |`;
  });
  return [
    TABLE_START,
    '_Generated from `src/presets/` (`renderPresetTable`); describe.test.ts fails when it drifts._',
    '',
    '| preset | system | source | what it reads | `--param` |',
    '|---|---|---|---|---|',
    ...rows,
    TABLE_END,
  ].join('\n');
}
