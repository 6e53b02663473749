import { chmodSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** Reports name users and emails: written like the journal and exports, readable by the owner only. */
export function writeReportFile(path: string, html: string): void {
  try {
    writeFileSync(path, html, { mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (err) {
    throw new UsageError(
      `cannot write the report to ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  process.stderr.write(`report written to ${path}\n`);
}
