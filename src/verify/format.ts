import type { CheckResult, VerifyResult } from './types.js';

const who = (o: CheckResult['offenders'][number]): string =>
  [o.email ?? '(no email)', o.localId ? `local id ${o.localId}` : '', o.workosId ?? '']
    .filter(Boolean)
    .join(', ');

/** The checklist for a terminal: one line per check, then its first offenders by email and id. */
export function formatVerify(result: VerifyResult): string {
  const lines = [`Verification checklist against ${result.target} (${result.checkedAt})`, ''];
  for (const c of result.checks) {
    const counts = Object.entries(c.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    lines.push(`${c.status.padEnd(5)} ${c.id.padEnd(13)} ${c.title}`);
    if (counts) lines.push(`      ${counts}`);
    if (c.note) lines.push(`      ${c.note}`);
    // A passing check's offenders are informational (OAuth users not signed in yet): a few suffice here.
    const shown = c.status === 'PASS' ? c.offenders.slice(0, 3) : c.offenders;
    for (const o of shown) lines.push(`      - ${who(o)}: ${o.reason}`);
    if (shown.length < c.offenders.length)
      lines.push(`      … and more (--json lists the first ${c.offenders.length})`);
  }
  const failed = result.checks.filter((c) => c.status === 'FAIL').map((c) => c.id);
  const skippedIds = result.checks.filter((c) => c.status === 'SKIP').map((c) => c.id);
  lines.push(
    '',
    failed.length
      ? `FAIL: ${failed.join(', ')} failed; fix the offenders above and run verify again before cutover`
      : `PASS: every check that has data passed${skippedIds.length ? ` (skipped: ${skippedIds.join(', ')})` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
