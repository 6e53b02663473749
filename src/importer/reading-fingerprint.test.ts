import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSourceReading, readingChanges, sourceReadingOf } from './reading-fingerprint.js';

describe('reading fingerprint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reading-'));
  const map = join(dir, 'map.yaml');
  writeFileSync(map, 'fields:\n  firstName: given\n');

  it('is equal for the same options and mapping bytes, and names each change', () => {
    const a = sourceReadingOf({ map, preset: 'django' }, 'journal-1');
    expect(readingChanges(a, sourceReadingOf({ map, preset: 'django' }, 'journal-1'))).toEqual([]);
    writeFileSync(map, 'fields:\n  firstName: family\n');
    const b = sourceReadingOf({ map, preset: 'django', trickle: true, strict: true }, 'journal-1');
    expect(readingChanges(a, b)).toEqual([
      'the mapping file map.yaml changed since',
      '--strict now, not then',
      '--trickle now, not then',
    ]);
    expect(readingChanges(a, sourceReadingOf({}, 'journal-1'))).toEqual([
      '--map map.yaml then, no --map now',
      '--preset django then, none now',
    ]);
  });

  it('keeps no parameter value, only a digest keyed by the journal, and still sees a change', () => {
    const pepper = 'pepper-value-that-is-a-secret';
    const a = sourceReadingOf({ preset: 'laravel', params: { pepper } }, 'journal-1');
    expect(JSON.stringify(a)).not.toContain(pepper);
    expect(a.params.pepper).not.toBe(sourceReadingOf({ params: { pepper } }, 'journal-2').params.pepper);
    const b = sourceReadingOf({ preset: 'laravel', params: { pepper: 'another' } }, 'journal-1');
    expect(readingChanges(a, b)).toEqual(['--param pepper has another value']);
    expect(readingChanges(b, sourceReadingOf({ preset: 'laravel' }, 'journal-1'))).toEqual([
      '--param pepper given then, not now',
    ]);
  });

  it('reads a missing or damaged record as not recorded', () => {
    expect(parseSourceReading(undefined)).toBeUndefined();
    expect(parseSourceReading('{not json')).toBeUndefined();
    expect(parseSourceReading('null')).toBeUndefined();
    expect(parseSourceReading('{"map":1}')).toBeUndefined();
    const r = sourceReadingOf({}, 'k');
    expect(parseSourceReading(JSON.stringify(r))).toEqual(r);
  });
});
