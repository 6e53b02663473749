import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatPreset, formatPresetList, renderPresetTable, TABLE_END, TABLE_START } from './describe.js';
import { PRESETS } from './registry.js';

describe('presets list / show / README table', () => {
  it('README.md carries exactly the preset table generated from the registry', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const current = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END) + TABLE_END.length);
    expect(current, `paste into README.md:\n${renderPresetTable()}`).toBe(renderPresetTable());
  });

  it('list names every preset; show prints a query or layout and a --map file that parses back', async () => {
    const list = formatPresetList();
    const { parseMapping } = await import('../model/field-mapping.js');
    const { mappingFile } = await import('./describe.js');
    for (const p of PRESETS) {
      expect(list).toContain(`  ${p.name} `);
      const shown = formatPreset(p);
      expect(shown).toContain(p.source === 'database' ? 'Query (--query):' : 'Source: the export file');
      expect(parseMapping(mappingFile(p), `${p.name}.yaml`).fields).toEqual(p.mapping.fields);
    }
  });
});
