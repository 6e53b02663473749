import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { TestCredential } from '../verify/test-logins.js';

/** Reads `email,password` rows (header row required). Passwords stay in memory only. */
export function readCredentialsFile(path: string): TestCredential[] {
  const rows = parse(readFileSync(path), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
    trim: false,
  }) as Array<Record<string, string | undefined>>;
  return rows.flatMap((r, i) => {
    const email = r.email?.trim();
    const password = r.password;
    if (!email || password === undefined) {
      throw new Error(`${path}: row ${i + 2} needs an email and a password column`);
    }
    return [{ email, password }];
  });
}
