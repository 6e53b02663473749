import { describe, expect, it } from 'vitest';
import { parseMapping } from '../model/field-mapping.js';
import { parseHashConfig } from './firebase.js';
import { PRESETS } from './registry.js';
import { findPreset, mergeMapping, parseParamList, presetParams, renderQuery } from './resolve.js';

describe('presets: parameters, queries and mappings', () => {
  it('every database preset has a query with the WorkOS-id slot; every file preset a layout', () => {
    for (const p of PRESETS) {
      if (p.source === 'database') expect(p.query, p.name).toContain('{{workosId}}');
      else expect(p.layout, p.name).toBeDefined();
      expect(p.mapping.fields?.email, p.name).toBeDefined();
    }
  });

  it('fills defaults, refuses unknown names and identifiers that are not plain names', () => {
    const django = findPreset('Django');
    expect(presetParams(django, {})).toEqual({ table: 'auth_user' });
    expect(() => presetParams(django, { tabel: 'x' })).toThrow(
      /no parameter "tabel"; it takes table, workos-id/,
    );
    expect(() => presetParams(django, { table: 'auth_user; drop' })).toThrow(/plain table/);
    expect(() => presetParams(findPreset('firebase'), {})).toThrow(/needs --param hash-config/);
    expect(() => findPreset('rails')).toThrow(/unknown preset "rails"; known presets: django, devise/);
  });

  it('renders the WorkOS-id column only when asked, quoted where the preset quotes', () => {
    const django = findPreset('django');
    expect(renderQuery(django, { table: 'auth_user' })).not.toContain('workos_user_id');
    expect(renderQuery(django, { table: 'accounts_user', 'workos-id': 'wid' })).toMatch(
      /u\.wid AS workos_user_id FROM accounts_user u/,
    );
    expect(renderQuery(findPreset('better-auth'), { 'workos-id': 'workosId' })).toContain(
      'u."workosId" AS workos_user_id',
    );
  });

  it("lets a --map file override the preset key by key, and reads 'workosId' as the WorkOS user id", () => {
    const file = parseMapping('fields:\n  workosId: wid\n  email: mail\n', 'map.yaml');
    const merged = mergeMapping(findPreset('django').mapping, file, { pepper: 'true' });
    expect(merged.fields).toMatchObject({ email: 'mail', workosUserId: 'wid', passwordHash: 'password' });
    expect(merged.hashParams).toEqual({ pepper: 'true' });
  });

  it('reads the Firebase console hash config and its JSON twin', () => {
    const console =
      'hash_config {\n  algorithm: SCRYPT,\n  base64_signer_key: ab+/c==,\n  base64_salt_separator: Bw==,\n  rounds: 8,\n  mem_cost: 14,\n}\n';
    const expected = {
      firebaseSignerKey: 'ab+/c==',
      firebaseSaltSeparator: 'Bw==',
      firebaseRounds: '8',
      firebaseMemCost: '14',
    };
    expect(parseHashConfig(console)).toEqual(expected);
    expect(
      parseHashConfig(
        JSON.stringify({ signerKey: 'ab+/c==', saltSeparator: 'Bw==', rounds: 8, memoryCost: 14 }),
      ),
    ).toEqual(expected);
  });

  it('splits --param key=value at the first =', () => {
    expect(parseParamList(['pepper=a=b', 'table=users'])).toEqual({ pepper: 'a=b', table: 'users' });
    expect(() => parseParamList(['pepper'])).toThrow(/key=value/);
  });
});
