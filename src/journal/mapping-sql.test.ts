import { describe, expect, it } from 'vitest';
import type { JournalRow } from './journal.js';
import { checkSqlMappingOptions, mappingStatement } from './mapping-sql.js';

const row = (localId: string | null, workosId = 'user_01'): JournalRow =>
  ({ row: 3, localId, workosId }) as JournalRow;

describe('mapping as SQL', () => {
  it('escapes quotes everywhere and backslashes for MySQL only', () => {
    const pg = checkSqlMappingOptions({ table: 'app.users', column: 'workos_user_id' });
    expect(mappingStatement(row("o'b\\1"), pg)).toBe(
      "UPDATE app.users SET workos_user_id = 'user_01' WHERE id = 'o''b\\1';",
    );
    const my = checkSqlMappingOptions({ table: 'users', column: 'w', keyColumn: 'uid', dialect: 'mysql' });
    expect(mappingStatement(row("o'b\\1"), my)).toBe(
      "UPDATE users SET w = 'user_01' WHERE uid = 'o''b\\\\1';",
    );
  });

  it('says why a user without a local id has no statement', () => {
    const o = checkSqlMappingOptions({ table: 'users', column: 'w' });
    expect(mappingStatement(row(null), o)).toBe('-- row 3: no local id in the export, nothing to update');
  });

  it.each(['users; DROP TABLE x', '"users"', '', '1users'])('refuses the table name %j', (table) => {
    expect(() => checkSqlMappingOptions({ table, column: 'w' })).toThrow('--table must be a plain SQL name');
  });
});
