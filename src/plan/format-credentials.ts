import type { CredentialCheck } from './credential-check.js';

/** The human section for `assess --credentials`: per-family counts, then every user that needs a look. Pure. */
export function formatCredentialCheck(check: CredentialCheck, fileName: string): string {
  const lines: string[] = [];
  lines.push(
    `Credential check (${fileName}): ${check.passed} passed, ${check.failed} failed, ` +
      `${check.notImportable} not importable, ${check.unknownEmails.length} unknown email(s)`,
  );
  if (check.families.length > 0) {
    lines.push(
      `  ${'source format'.padEnd(34)} ${'passed'.padStart(6)} ${'failed'.padStart(6)}  not importable`,
    );
    for (const f of check.families) {
      lines.push(
        `  ${f.family.padEnd(34)} ${String(f.passed).padStart(6)} ${String(f.failed).padStart(6)}  ${String(f.notImportable).padStart(14)}`,
      );
    }
  }
  for (const u of check.users.filter((x) => x.outcome === 'failed'))
    lines.push(`  FAILED ${u.email} (${u.family}, ${u.type}): ${u.detail}`);
  for (const u of check.users.filter((x) => x.outcome === 'not-importable'))
    lines.push(`  not importable: ${u.email} (${u.family}): ${u.reason}, ${u.detail}`);
  if (check.unknownEmails.length > 0) lines.push(`  not in the source: ${check.unknownEmails.join(', ')}`);
  for (const row of check.invalidRows) lines.push(`  skipped: ${row}`);
  lines.push(
    check.ok
      ? '  Every importable hash verified against its known password.'
      : '  Some importable hashes do not verify: fix those families before importing (exit code 1).',
  );
  return `${lines.join('\n')}\n`;
}
