import { createInterface } from 'node:readline';
import { parse, type CsvError } from 'csv-parse/sync';
import type { SourceError, SourceItem } from './types.js';

/**
 * RFC 4180 CSV with a header row; BOM and CRLF tolerated. Physical lines are gathered into one logical
 * record while a quote is open, and each record is parsed by csv-parse on its own: a record with broken
 * quoting or the wrong number of fields is reported with its line, and the next record is read normally
 * (csv-parse's own skip mode loses its place after a bad quote and swallows the following rows).
 */
export async function* readCsv(input: NodeJS.ReadableStream): AsyncGenerator<SourceItem> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let header: string[] | undefined;
  let row = 0;
  let lineNo = 0;
  let pending = '';
  let pendingStart = 0;
  let pendingQuotes = 0;
  for await (const raw of lines) {
    lineNo += 1;
    const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (pending === '') {
      if (line.trim() === '') continue;
      pendingStart = lineNo;
      pending = line;
    } else {
      pending += `\n${line}`;
    }
    pendingQuotes += countQuotes(line);
    if (pendingQuotes % 2 === 1) continue;
    const text = pending;
    const start = pendingStart;
    pending = '';
    pendingQuotes = 0;
    if (!header) {
      const parsed = parseRecord(text);
      if (!Array.isArray(parsed)) {
        yield {
          row: 0,
          location: `line ${start}`,
          code: 'csv_quoting',
          message: `cannot read the header row: ${parsed}`,
        };
        return;
      }
      header = parsed.map((h) => h.trim());
      continue;
    }
    row += 1;
    yield toItem(text, header, row, start);
  }
  if (!header && pending === '') {
    yield {
      row: 0,
      location: 'line 1',
      code: 'empty_source',
      message: 'the CSV file is empty: expected a header row (email,first_name,…) and one user per line',
    };
    return;
  }
  if (pending !== '') {
    row += 1;
    yield {
      row,
      location: `line ${pendingStart}`,
      code: 'csv_quoting',
      message: `broken CSV quoting at line ${pendingStart}: a quote opened there is never closed, so lines ${pendingStart}–${lineNo} could not be read; close the quote`,
    };
  }
}

function countQuotes(line: string): number {
  let n = 0;
  for (let i = line.indexOf('"'); i !== -1; i = line.indexOf('"', i + 1)) n += 1;
  return n;
}

function parseRecord(text: string): string[] | string {
  try {
    const records = parse(text, { relax_column_count: true }) as string[][];
    return records[0] ?? [];
  } catch (err) {
    return (err as CsvError).message.replace(/ at line \d+/, '');
  }
}

function toItem(text: string, header: string[], row: number, line: number): SourceItem {
  const location = `line ${line}`;
  const fields = parseRecord(text);
  if (!Array.isArray(fields)) return quotingError(row, location, fields);
  if (fields.length !== header.length) {
    return {
      row,
      location,
      code: 'csv_column_count',
      message: `${location} has ${fields.length} field(s) but the header has ${header.length}: quote any field that contains a comma`,
    };
  }
  const value: Record<string, string> = {};
  for (let i = 0; i < header.length; i += 1) value[header[i]!] = fields[i]!;
  return { row, location, value };
}

function quotingError(row: number, location: string, reason: string): SourceError {
  return {
    row,
    location,
    code: 'csv_quoting',
    message: `broken CSV quoting at ${location} (${reason}): quote the whole field and double any quote inside it`,
  };
}
