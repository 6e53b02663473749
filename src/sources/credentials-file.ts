// Reads the `email,password` CSV that `assess --credentials` checks hashes against. Small by nature
// (a handful of known test accounts), so it is read whole; passwords stay in memory only.
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { parse } from 'csv-parse/sync';
import { SourceUnavailableError } from './types.js';

export interface CredentialRow {
  /** The CSV line the row starts on, for messages. */
  line: number;
  email: string;
  /** Never logged, never copied into a report. */
  password: string;
}

export interface CredentialsFile {
  rows: CredentialRow[];
  /** Rows skipped, each naming its line and what to fix; the other rows are still checked. */
  problems: string[];
}

/** Reads a credentials file (`-` for stdin). A missing file or header is a usage error naming the file. */
export async function readCredentialsFile(
  path: string,
  stdin?: NodeJS.ReadableStream,
): Promise<CredentialsFile> {
  let body: string;
  try {
    body = path === '-' ? await text(stdin ?? process.stdin) : await readFile(path, 'utf8');
  } catch (err) {
    throw new SourceUnavailableError(
      `cannot read credentials file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  return parseCredentialsCsv(body, path === '-' ? 'stdin' : path);
}

export function parseCredentialsCsv(body: string, fileName: string): CredentialsFile {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(body, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      // Passwords contain quotes; an unquoted field with one is still read literally.
      relax_quotes: true,
    }) as unknown as typeof records;
  } catch (err) {
    // csv-parse's messages quote the offending text, which may be a password: keep only the line.
    const line = (err as { lines?: number }).lines;
    throw new SourceUnavailableError(
      `credentials file ${fileName}: not valid CSV${line ? ` near line ${line}` : ''}; expected a header "email,password" and one row per user`,
    );
  }
  const header = records[0]?.record.map((h) => h.trim().toLowerCase()) ?? [];
  const emailAt = header.indexOf('email');
  const passwordAt = header.indexOf('password');
  if (emailAt < 0 || passwordAt < 0) {
    throw new SourceUnavailableError(
      `credentials file ${fileName}: the first line must be the header "email,password" (found ${header.length ? `"${header.join(',')}"` : 'nothing'})`,
    );
  }
  const rows: CredentialRow[] = [];
  const problems: string[] = [];
  // info.lines is where the record ends; records span one line unless a quoted field holds a newline.
  for (const { record, info } of records.slice(1)) {
    const email = record[emailAt]?.trim() ?? '';
    const password = record[passwordAt] ?? '';
    if (email === '' || password === '') {
      const missing = email === '' ? 'email' : 'password';
      problems.push(`${fileName} line ${info.lines}: empty ${missing}; fill it in or remove the row`);
      continue;
    }
    rows.push({ line: info.lines, email, password });
  }
  return { rows, problems };
}
