import { describe, expect, it } from 'vitest';
import { parseCredentialsCsv } from './credentials-file.js';
import { SourceUnavailableError } from './types.js';

describe('parseCredentialsCsv', () => {
  it('reads email,password with BOM, CRLF, quoting and any column order; keeps password spaces', () => {
    const csv = '\uFEFFpassword, Email \r\n" pa,ss ",ann@example.com\r\n\r\nx"y,bo@example.com\r\n';
    expect(parseCredentialsCsv(csv, 'c.csv')).toEqual({
      rows: [
        { line: 2, email: 'ann@example.com', password: ' pa,ss ' },
        { line: 4, email: 'bo@example.com', password: 'x"y' },
      ],
      problems: [],
    });
  });

  it('skips rows without an email or password, naming the line; the rest go on', () => {
    const { rows, problems } = parseCredentialsCsv(
      'email,password\n,pw1\nann@example.com\ncy@example.com,pw3\n',
      'c.csv',
    );
    expect(rows.map((r) => r.email)).toEqual(['cy@example.com']);
    expect(problems).toEqual([
      'c.csv line 2: empty email; fill it in or remove the row',
      'c.csv line 3: empty password; fill it in or remove the row',
    ]);
  });

  it('refuses a file without the header, and never quotes a line that may hold a password', () => {
    expect(() => parseCredentialsCsv('ann@example.com,hunter2\n', 'c.csv')).toThrow(
      /c\.csv: the first line must be the header "email,password"/,
    );
    const bad = () => parseCredentialsCsv('email,password\nann@example.com,"hunter2\n', 'c.csv');
    expect(bad).toThrow(SourceUnavailableError);
    expect(bad).toThrow(/not valid CSV/);
    expect(bad).not.toThrow(/hunter2/);
  });
});
