import { barChart } from './charts.js';
import {
  checklist,
  countTable,
  escapeHtml,
  page,
  section,
  textTable,
  verdict,
  type ChecklistItem,
} from './html.js';
import type { VerifyResult } from '../verify/types.js';

/** Offenders listed per check in the page; the counts stay complete. */
export const REPORT_OFFENDER_ROWS = 200;

const COUNT_COLORS: Record<string, string> = {
  passed: '#2b8a3e',
  ok: '#2b8a3e',
  failed: '#c62828',
  missing: '#c62828',
};

/** The verification as one self-contained HTML page, drawn from the object `verify --json` prints. */
export function renderVerifyReport(r: VerifyResult): string {
  const parts: string[] = [
    verdict(
      r.ok,
      r.ok ? 'Every check passed: ready for Step 8, cutover.' : 'A check failed: fix it before cutover.',
      'data-ok',
      r.ok,
    ),
  ];
  const items: ChecklistItem[] = r.checks.map((c) => ({
    state: c.status === 'PASS' ? 'done' : c.status === 'FAIL' ? 'fail' : 'info',
    text: `${c.title}: ${c.status}${c.note ? ` (${c.note})` : ''}`,
  }));
  items.push(
    r.ok
      ? {
          state: 'todo',
          text: 'Step 8: cut over (cutover-check), then Step 9: archive the old hashes and retire the old store.',
        }
      : { state: 'fail', text: 'Not ready for cutover: fix the failed checks and verify again.' },
  );
  parts.push(section('Checklist', checklist(items), 'checklist'));
  r.checks.forEach((c, i) => {
    const counts = Object.entries(c.counts);
    const body =
      `<p><span class="status-${c.status}" data-check-status="${escapeHtml(c.id)}">${c.status}</span>${c.note ? ` <span class="muted">${escapeHtml(c.note)}</span>` : ''}</p>` +
      `<div class="grid"><div>${
        counts.length
          ? barChart(
              counts.map(([k, v]) => ({ label: k, value: v, color: COUNT_COLORS[k] })),
              { title: c.title },
            )
          : ''
      }</div><div>${countTable(
        counts.map(([k, v]) => ({ label: k, value: v, path: ['checks', i, 'counts', k] })),
        ['', 'count'],
      )}</div></div>` +
      (c.offenders.length
        ? textTable(
            ['email', 'local id', 'WorkOS id', 'reason'],
            c.offenders
              .slice(0, REPORT_OFFENDER_ROWS)
              .map((o) => [o.email ?? '', o.localId ?? '', o.workosId ?? '', o.reason]),
          ) +
          (c.offenders.length > REPORT_OFFENDER_ROWS
            ? `<p class="muted">The first ${REPORT_OFFENDER_ROWS} of ${c.offenders.length}; verify --json lists all.</p>`
            : '')
        : '');
    parts.push(section(c.title, body, `check-${c.id}`));
  });
  return page(`Migration verification: ${r.target}`, `checked ${r.checkedAt}`, parts.join('\n'));
}
